import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MAX_GROUPS, WorkspaceSearch } from '../../../src/main/search/workspace-search'
import { Workspace, articleIdFor } from '../../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../../helpers/fs'

/** The workspace at `root`, opened, and a search over it (not built yet). */
async function searchOver(root: string) {
  const ws = await Workspace.open(root)
  const search = new WorkspaceSearch({
    articleIds: () => ws.articles().map((a) => a.id),
    article: (id) => ws.openArticle(id),
    title: (id) => ws.summary(id),
    entities: () => ws.entities(),
  })
  return { ws, search }
}

async function setup() {
  const root = tempDir()
  writeFiles(root, {
    'es.txt': 'Cumbre en Hanói\n\nLa cumbre de Hanói terminó sin acuerdo.\n\nEl presidente dijo: «estrechar los lazos».',
    'en.txt': 'Summit in Hanoi\n\nThe Hanoi summit ended without a deal.\n\nOther words here.',
  })
  const { ws, search } = await searchOver(root)
  // Queries answer from what is indexed so far; these tests search the whole, built index.
  await search.build()
  return { ws, search }
}

describe('workspace search', () => {
  it('answers at once while the index is being built, saying the results are partial and how far it is', async () => {
    const root = tempDir()
    writeFiles(root, Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`a${i}.txt`, `Artículo ${i} sobre Hanói`])))
    const { search } = await searchOver(root)
    const early = await search.search('hanoi')
    expect(early.complete).toBe(false)
    expect(early.indexing).toEqual({ done: expect.any(Number), total: 30 })
    expect(early.total).toBeLessThan(30)
    await search.build()
    const done = await search.search('hanoi')
    expect(done.complete).toBe(true)
    expect(done.indexing).toBeUndefined()
    expect(done.total).toBe(30)
  })

  it('finds text ignoring case and accents, grouped by article, with the passage marked', async () => {
    const { search } = await setup()
    const results = await search.search('hanoi')
    expect(results.groups.map((g) => g.title).sort()).toEqual(['Cumbre en Hanói', 'Summit in Hanoi'])
    const es = results.groups.find((g) => g.title === 'Cumbre en Hanói')!
    const hit = es.hits.find((h) => h.snippet.includes('terminó'))!
    const [s, e] = hit.highlights[0]
    expect(hit.snippet.slice(s, e)).toBe('Hanói')
  })

  it('supports phrase queries and prefixes while typing', async () => {
    const { search } = await setup()
    expect((await search.search('"sin acuerdo"')).total).toBe(1)
    expect((await search.search('"acuerdo sin"')).total).toBe(0)
    expect((await search.search('estrech')).total).toBe(1)
  })

  it('indexes annotations, notes and entities, and picks up changes', async () => {
    const { ws, search } = await setup()
    const [en] = ws.articles().filter((a) => a.path === 'en.txt')
    await ws.createAnnotation(en.id, { id: 'c1', kind: 'claim', start: 16, end: 33, note: 'verificar con la cancillería' })
    await ws.createEntity({ id: 'kim', name: 'Kim Jong-un', type: 'person', aliases: ['el líder norcoreano'] })
    search.markDirty(en.id)
    search.entitiesChanged()
    const note = await search.search('cancilleria')
    expect(note.groups[0].hits[0]).toMatchObject({ kind: 'annotation', annotationId: 'c1' })
    const entity = await search.search('lider norcoreano')
    expect(entity.groups[0]).toMatchObject({ articleId: null, title: 'Entities' })
  })
})

describe('workspace search at scale: ranking, limits and updates', () => {
  it('folds case and accents both ways, and marks the word as written in the text', async () => {
    const { search } = await setup()
    const results = await search.search('HANÓI TERMINO')
    expect(results.total).toBe(1)
    const hit = results.groups[0].hits[0]
    expect(hit.highlights.map(([s, e]) => hit.snippet.slice(s, e))).toEqual(['Hanói', 'terminó'])
  })

  it('opens the article at the first match: start and end slice the article text', async () => {
    const { ws, search } = await setup()
    const results = await search.search('acuerdo')
    const hit = results.groups[0].hits[0]
    const article = await ws.openArticle(results.groups[0].articleId!)
    expect(article.text.slice(hit.start, hit.end)).toBe('acuerdo')
  })

  it('takes only the last word as a prefix, and no word as one after a space', async () => {
    const { search } = await setup()
    expect((await search.search('lazos estrech')).total).toBe(1)
    expect((await search.search('estrech lazos')).total).toBe(0)
    expect((await search.search('estrech ')).total).toBe(0)
    const typed = await search.search('termin')
    const hit = typed.groups[0].hits[0]
    expect(hit.highlights.map(([s, e]) => hit.snippet.slice(s, e))).toEqual(['terminó'])
  })

  it('needs the words of a phrase together and in order, within one paragraph', async () => {
    const { search } = await setup()
    expect((await search.search('"la cumbre de hanoi"')).total).toBe(1)
    expect((await search.search('"hanoi cumbre"')).total).toBe(0)
    // "Hanói" ends one paragraph and "La" begins the next: not a phrase.
    expect((await search.search('"hanoi la"')).total).toBe(0)
  })

  it('marks a phrase where it stands, not its words wherever each is alone, and opens at the phrase', async () => {
    const root = tempDir()
    const before = 'La sesión de la mañana fue larga y la prensa esperó. '.repeat(4)
    writeFiles(root, { 'a.txt': `Acta\n\n${before}Después habló la cumbre de la ciudad sobre la deuda.` })
    const { ws, search } = await searchOver(root)
    await search.build()
    const results = await search.search('"cumbre de la" deuda')
    const hit = results.groups[0].hits[0]
    expect(hit.highlights.map(([s, e]) => hit.snippet.slice(s, e))).toEqual(['cumbre de la', 'deuda'])
    const article = await ws.openArticle(results.groups[0].articleId!)
    expect(article.text.slice(hit.start, hit.end)).toBe('cumbre de la')
    // Cut short at both ends, at spaces: no word shown in part.
    const shown = hit.snippet.replace(/^…|…$/g, '')
    const at = article.text.indexOf(shown)
    expect(hit.snippet.startsWith('…') && at > 0 && /\s/.test(article.text[at - 1])).toBe(true)
    expect(/\s|^$/.test(article.text.charAt(at + shown.length))).toBe(true)
    await ws.close()
  })

  it('counts every match but lists only the best articles, each with a passage to open', async () => {
    const root = tempDir()
    const files: Record<string, string> = {}
    for (let i = 0; i < 60; i++)
      files[`a${String(i).padStart(2, '0')}.txt`] =
        `Artículo ${i}\n\n${Array.from({ length: 12 }, (_, k) => `Párrafo ${k} sobre el presupuesto municipal.`).join('\n\n')}`
    // One article says it more often than the others, in a short paragraph: it ranks first.
    files['best.txt'] = 'El mejor\n\nPresupuesto, presupuesto y presupuesto.'
    writeFiles(root, files)
    const { search } = await searchOver(root)
    await search.build()
    const results = await search.search('presupuesto')
    expect(results.total).toBe(60 * 12 + 1)
    expect(results.articles).toBe(61)
    expect(results.groups).toHaveLength(MAX_GROUPS)
    expect(results.groups[0].title).toBe('El mejor')
    expect(results.groups.every((g) => g.hits.length >= 1 && g.hits.length <= 10)).toBe(true)
    expect(results.groups.reduce((n, g) => n + g.hits.length, 0)).toBe(60)
    // Hits within an article read in text order.
    for (const g of results.groups)
      expect(g.hits.map((h) => h.start)).toEqual([...g.hits.map((h) => h.start)].sort((a, b) => a - b))
    expect((await search.search('presupuesto', 5)).groups).toHaveLength(5)
  })

  it('forgets an edited note and a deleted article, and finds what replaced them', async () => {
    const { ws, search } = await setup()
    const [es] = ws.articles().filter((a) => a.path === 'es.txt')
    await ws.createAnnotation(es.id, { id: 'n1', kind: 'claim', start: 17, end: 55, note: 'pedir el acta' })
    search.markDirty(es.id)
    expect((await search.search('acta')).total).toBe(1)
    await ws.updateAnnotation(es.id, 'n1', { note: 'llamar al ministerio' })
    search.markDirty(es.id)
    expect((await search.search('acta')).total).toBe(0)
    expect((await search.search('ministerio')).groups[0].hits[0]).toMatchObject({ kind: 'annotation', annotationId: 'n1' })
    rmSync(join(ws.root, 'en.txt'))
    await ws.refresh()
    search.markDirty(articleIdFor('en.txt'))
    const left = await search.search('hanoi')
    expect(left.groups.map((g) => g.title)).toEqual(['Cumbre en Hanói'])
  })
})
