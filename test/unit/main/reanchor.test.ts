import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Workspace, type ReanchorReport } from '../../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../../helpers/fs'

const V1 = 'Título\n\nEl alcalde dijo: «Es la mejor noticia». Los vecinos protestan.\n\nEl informe estima 1.200 empleos.'
const V2 =
  'Título corregido\n\nPárrafo nuevo al principio.\n\nEl alcalde dijo: «Es la mejor noticia». Los vecinos protestan.\n\nEl informe estimaba 1.300 puestos.'

describe('re-anchoring when the article file changes', () => {
  it('moves annotations to their text, keeps what it cannot find as orphaned, and reports it', async () => {
    const root = tempDir()
    writeFiles(root, { 'a.txt': V1 })
    const reports: ReanchorReport[] = []
    const ws = await Workspace.open(root, { onReanchor: (r) => reports.push(r) })
    const [a] = ws.articles()
    const at = (s: string) => ({ start: V1.indexOf(s), end: V1.indexOf(s) + s.length })
    await ws.createAnnotation(a.id, { id: 'quote', kind: 'quote', ...at('«Es la mejor noticia»') })
    await ws.createAnnotation(a.id, { id: 'claim', kind: 'claim', ...at('estima 1.200 empleos') })
    await ws.createAnnotation(a.id, { id: 'title', kind: 'entity', ...at('Título') })

    writeFileSync(join(root, 'a.txt'), V2)
    expect(await ws.refresh()).toEqual([a.id])
    const opened = await ws.openArticle(a.id)
    const byId = Object.fromEntries(opened.annotations.map((x) => [x.id, x]))
    expect(V2.slice(byId.quote.start, byId.quote.end)).toBe('«Es la mejor noticia»')
    expect(byId.quote.anchor).toBe('moved')
    expect(byId.title.anchor).toBeUndefined() // still at offset 0
    expect(byId.claim.anchor).toBe('orphaned')
    expect(byId.claim.exact).toBe('estima 1.200 empleos') // kept with its last text
    expect(reports).toEqual([{ articleId: a.id, path: 'a.txt', unchanged: 1, moved: 1, fuzzy: 0, orphaned: 1 }])

    // Re-attach the orphan to the corrected text.
    const s = V2.indexOf('estimaba 1.300 puestos')
    const reattached = await ws.reattachAnnotation(a.id, 'claim', s, s + 'estimaba 1.300 puestos'.length)
    expect(reattached.anchor).toBeUndefined()
    expect(reattached.exact).toBe('estimaba 1.300 puestos')
    // Opening again does not re-anchor again.
    await ws.openArticle(a.id)
    expect(reports).toHaveLength(1)
  })

  it("keeps a deleted article's annotations and restores them when the file comes back", async () => {
    const root = tempDir()
    writeFiles(root, { 'b.txt': V1 })
    const ws = await Workspace.open(root)
    const [b] = ws.articles()
    await ws.createAnnotation(b.id, { id: 'q', kind: 'quote', start: V1.indexOf('«'), end: V1.indexOf('»') + 1 })
    writeFileSync(join(root, 'b.txt'), '') // emptied…
    const { rmSync } = await import('node:fs')
    rmSync(join(root, 'b.txt')) // …then deleted
    expect(await ws.refresh()).toEqual([b.id])
    expect(ws.articles()).toEqual([])
    writeFileSync(join(root, 'b.txt'), V1)
    await ws.refresh()
    expect((await ws.openArticle(b.id)).annotations.map((x) => x.exact)).toEqual(['«Es la mejor noticia»'])
  })
})
