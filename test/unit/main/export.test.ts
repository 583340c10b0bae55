import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeExport } from '../../../src/main/export/export-writer'
import { Workspace } from '../../../src/main/workspace/workspace'
import { SpanwiseExport } from '../../../src/shared/export/spanwise-json'
import { renderSchema } from '../../../scripts/schemas'
import { tempDir, writeFiles } from '../../helpers/fs'
import { ANNOTATIONS_DIR, validateAgainstSchema } from '../../helpers/schema'

const schemaPath = join(ANNOTATIONS_DIR, 'spanwise-export.schema.json')

const TEXT = 'Kim 🇰🇵 dijo: «Vamos a estrechar lazos» 😀.\n\nPutin 𝔸 respondió “sí”.'

describe('Spanwise JSON export', () => {
  it('the committed JSON Schema is generated from the code (run `npm run schema` if this fails)', () => {
    expect(readFileSync(schemaPath, 'utf8')).toBe(renderSchema('spanwise-export.schema.json'))
  })

  it('writes the workspace with code point offsets that slice the text to each exact span, valid against the schema', async () => {
    const root = tempDir()
    writeFiles(root, { 'kim.txt': TEXT, 'empty-ish.md': '# Only a title' })
    const ws = await Workspace.open(root)
    const kim = ws.articles().find((a) => a.path === 'kim.txt')!
    const span = (s: string) => ({ start: TEXT.indexOf(s), end: TEXT.indexOf(s) + s.length })
    await ws.createAnnotation(kim.id, {
      id: 'q',
      kind: 'quote',
      ...span('«Vamos a estrechar lazos» 😀'),
      attributes: { speaker: 'Kim Jong-un' },
    })
    await ws.createAnnotation(kim.id, { id: 'e1', kind: 'entity', ...span('Kim') })
    await ws.createAnnotation(kim.id, { id: 'e2', kind: 'entity', ...span('Putin 𝔸') })
    await ws.createAnnotation(kim.id, { id: 'c', kind: 'claim', ...span('dijo: «Vamos'), attributes: { status: 'misleading' } }) // overlaps the quote
    const out = join(tempDir(), 'export.json')
    const summary = await writeExport(ws, out, { format: 'json' })
    expect(summary).toMatchObject({ articles: 2, annotations: 4 })

    const data = JSON.parse(readFileSync(out, 'utf8'))
    expect(validateAgainstSchema(data)).toEqual([])
    expect(SpanwiseExport.safeParse(data).success).toBe(true)
    const article = data.articles.find((a: { path: string }) => a.path === 'kim.txt')
    expect(article.text).toBe(TEXT)
    expect(article.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/)
    const codePoints = [...article.text]
    for (const a of article.annotations) expect(codePoints.slice(a.start, a.end).join('')).toBe(a.exact)
    expect(article.annotations.map((a: { id: string }) => a.id)).toEqual(['e1', 'c', 'q', 'e2']) // text order
    expect(article.annotations.find((a: { id: string }) => a.id === 'q').attributes).toEqual({
      speaker: 'Kim Jong-un',
      mode: 'direct',
    })
  })

  it('a single-article export holds only that article', async () => {
    const root = tempDir()
    writeFiles(root, { 'a.txt': 'Uno', 'b.txt': 'Dos' })
    const ws = await Workspace.open(root)
    const out = join(tempDir(), 'one.json')
    await writeExport(ws, out, { format: 'json', articleIds: [ws.articles()[1].id] })
    const data = JSON.parse(readFileSync(out, 'utf8'))
    expect(data.articles.map((a: { text: string }) => a.text)).toEqual(['Dos'])
  })
})
