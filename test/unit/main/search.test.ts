import { describe, expect, it } from 'vitest'
import { WorkspaceSearch } from '../../../src/main/search/workspace-search'
import { Workspace } from '../../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../../helpers/fs'

async function setup() {
  const root = tempDir()
  writeFiles(root, {
    'es.txt': 'Cumbre en Hanói\n\nLa cumbre de Hanói terminó sin acuerdo.\n\nEl presidente dijo: «estrechar los lazos».',
    'en.txt': 'Summit in Hanoi\n\nThe Hanoi summit ended without a deal.\n\nOther words here.',
  })
  const ws = await Workspace.open(root)
  const search = new WorkspaceSearch({
    articleIds: () => ws.articles().map((a) => a.id),
    article: (id) => ws.openArticle(id),
    title: (id) => ws.summary(id),
    entities: () => ws.entities(),
  })
  // Queries answer from what is indexed so far; these tests search the whole, built index.
  await search.build()
  return { ws, search }
}

describe('workspace search', () => {
  it('answers at once while the index is being built, saying how far it is', async () => {
    const root = tempDir()
    writeFiles(root, Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`a${i}.txt`, `Artículo ${i} sobre Hanói`])))
    const ws = await Workspace.open(root)
    const search = new WorkspaceSearch({ articleIds: () => ws.articles().map((a) => a.id), article: (id) => ws.openArticle(id), title: (id) => ws.summary(id), entities: () => ws.entities() })
    const early = await search.search('hanoi')
    expect(early.indexing).toEqual({ done: expect.any(Number), total: 30 })
    expect(early.total).toBeLessThan(30)
    await search.build()
    const done = await search.search('hanoi')
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
