/**
 * After a workspace opens, the library is usable at once; annotation counts and languages not known
 * yet are filled in the background. These tests check what a user would: the numbers shown are never
 * wrong, they all arrive without a refresh, the index on disk ends complete, and files changing or
 * tags made meanwhile end up exactly as a quiet open would show them.
 */
import { unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { ArticleSummary } from '../../../src/shared/model'
import { ArticleStore } from '../../../src/main/workspace/article-store'
import { Workspace } from '../../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../../helpers/fs'
import { forgetLibraryIndex, storedLibrary } from '../../helpers/library-index'
import { serviceWithEvents, windowLibrary } from '../../helpers/window-library'

/** More articles than one background batch, alternating Spanish and English. */
const ARTICLES = 450
const SPANISH =
  'El ayuntamiento aprobó ayer el presupuesto municipal con los votos de la mayoría. La alcaldesa afirmó que «las cuentas son las más sociales de la historia de la ciudad».'
const ENGLISH =
  'The city council approved the municipal budget yesterday with the votes of the majority. The mayor said that “these are the most social accounts in the history of the city”.'

function pathOf(i: number): string {
  return `desk-${Math.floor(i / 100)}/story-${String(i).padStart(3, '0')}.txt`
}

function languageOf(i: number): string {
  return i % 2 === 0 ? 'es' : 'en'
}

/** A workspace of ARTICLES articles, every third one tagged (1 + i % 4 quotes), with no index: a cold open. */
async function coldWorkspace(): Promise<{ root: string; expected: Map<string, number> }> {
  const root = tempDir()
  writeFiles(
    root,
    Object.fromEntries(
      Array.from({ length: ARTICLES }, (_, i) => [pathOf(i), `Story ${i}\n\n${i % 2 === 0 ? SPANISH : ENGLISH}`]),
    ),
  )
  const expected = new Map<string, number>()
  const ws = await Workspace.open(root)
  await ws.settled()
  for (const a of ws.articles()) {
    const i = Number(/story-(\d+)/.exec(a.path)![1])
    if (i % 3 !== 0) continue
    const quotes = 1 + (i % 4)
    for (let k = 0; k < quotes; k++) await ws.createAnnotation(a.id, { id: `q${k}`, kind: 'quote', start: 0, end: 5 + k })
    expected.set(a.path, quotes)
  }
  await ws.close()
  forgetLibraryIndex(root)
  return { root, expected }
}

function expectedRow(a: ArticleSummary, expected: Map<string, number>) {
  const i = Number(/story-(\d+)/.exec(a.path)![1])
  return { title: `Story ${i}`, language: languageOf(i), counts: { quote: expected.get(a.path) ?? 0, claim: 0, entity: 0 } }
}

function storedIndex(root: string) {
  return { articles: storedLibrary(root) as unknown as Record<string, unknown>[] }
}

describe('Background fill-in after a workspace opens', () => {
  it('lists every article with its title at once, never a wrong count, and fills counts and languages in without a refresh', async () => {
    const { root, expected } = await coldWorkspace()
    const updated = new Set<string>()
    // The counting is held until the list has been looked at: from the OS cache (files read on the
    // loop's thread) the background can otherwise be done before the first look.
    const count = ArticleStore.prototype.countAnnotations
    let release = () => undefined as void
    const held = new Promise<void>((resolve) => (release = resolve))
    const counting = vi.spyOn(ArticleStore.prototype, 'countAnnotations').mockImplementation(async function (
      this: ArticleStore,
      ...args: Parameters<ArticleStore['countAnnotations']>
    ) {
      await held
      return count.apply(this, args)
    })
    const ws = await Workspace.open(root, { onArticlesUpdated: (ids) => ids.forEach((id) => updated.add(id)) })

    const first = ws.articles()
    expect(first).toHaveLength(ARTICLES)
    for (const a of first) {
      const want = expectedRow(a, expected)
      expect(a.title).toBe(want.title)
      // Not known yet is fine; a number that is not the real one is not.
      if (a.counts) expect(a.counts).toEqual(want.counts)
      if (a.language) expect(a.language).toBe(want.language)
    }
    const uncounted = first.filter((a) => !a.counts).map((a) => a.id)
    // A cold open leaves the counting of existing annotation files to the background.
    expect(uncounted.length).toBeGreaterThan(0)

    release()
    await ws.settled()
    counting.mockRestore()
    for (const a of ws.articles())
      expect({ title: a.title, language: a.language, counts: a.counts }).toEqual(expectedRow(a, expected))
    // The library was told about every row that had no count when it opened.
    for (const id of uncounted) expect(updated.has(id)).toBe(true)

    // The index on disk is complete: nothing left to fill in on the next open.
    const index = storedIndex(root)
    expect(index.articles).toHaveLength(ARTICLES)
    for (const e of index.articles) {
      expect(e.languagePending).toBeUndefined()
      expect(e.counts).toBeDefined()
    }
    await ws.close()

    const warm = await Workspace.open(root)
    for (const a of warm.articles())
      expect({ title: a.title, language: a.language, counts: a.counts }).toEqual(expectedRow(a, expected))
    await warm.close()
  })

  it('ends, after files change and a refresh runs during the fill-in, exactly where a quiet open would', async () => {
    const { root, expected } = await coldWorkspace()
    const ws = await Workspace.open(root)
    // While the background works: a file changes language, one is deleted, one is added, an article is tagged.
    writeFileSync(join(root, pathOf(ARTICLES - 2)), `Story ${ARTICLES - 2}\n\n${ENGLISH} Rewritten in English.`)
    unlinkSync(join(root, pathOf(ARTICLES - 4)))
    writeFiles(root, { 'late/new.txt': `A late story\n\n${SPANISH}` })
    const tagged = ws.articles().find((a) => a.path === pathOf(ARTICLES - 3))!
    await ws.createAnnotation(tagged.id, { id: 'late-claim', kind: 'claim', start: 0, end: 5 })
    const changed = await ws.refresh()
    expect(changed).toHaveLength(3)
    await ws.settled()
    const result = ws.articles()
    const index = storedIndex(root)
    await ws.close()

    expect(result.find((a) => a.path === pathOf(ARTICLES - 2))?.language).toBe('en')
    expect(result.find((a) => a.path === 'late/new.txt')).toMatchObject({
      language: 'es',
      counts: { quote: 0, claim: 0, entity: 0 },
    })
    expect(result.find((a) => a.path === pathOf(ARTICLES - 4))).toBeUndefined()
    expect(result.find((a) => a.id === tagged.id)?.counts).toEqual({ quote: expected.get(tagged.path) ?? 0, claim: 1, entity: 0 })
    // The index written at the end says the same as the library.
    expect(index.articles.map((e) => [e.path, e.language, e.counts])).toEqual(result.map((a) => [a.path, a.language, a.counts]))

    // And a quiet cold open of the same folder shows the same library.
    forgetLibraryIndex(root)
    const quiet = await Workspace.open(root)
    await quiet.settled()
    expect(quiet.articles()).toEqual(result)
    await quiet.close()
  })

  it('opens and tags an article the background has not come to yet', async () => {
    const { root, expected } = await coldWorkspace()
    const ws = await Workspace.open(root)
    const last = ws.articles().at(-1)!
    const opened = await ws.openArticle(last.id)
    expect(opened.metadata.language).toBe(languageOf(ARTICLES - 1))
    expect(ws.summary(last.id)?.language).toBe(languageOf(ARTICLES - 1))

    const lastTagged = ws
      .articles()
      .filter((a) => expected.has(a.path))
      .at(-1)!
    await ws.createAnnotation(lastTagged.id, { id: 'e-new', kind: 'entity', start: 0, end: 5 })
    const counts = { quote: expected.get(lastTagged.path)!, claim: 0, entity: 1 }
    expect(ws.summary(lastTagged.id)?.counts).toEqual(counts)
    await ws.settled()
    expect(ws.summary(lastTagged.id)?.counts).toEqual(counts)
    await ws.close()
  })

  it('counts articles that are opened while the background is counting them (the search index opens every article)', async () => {
    const { root, expected } = await coldWorkspace()
    const ws = await Workspace.open(root)
    // Opening detects the language and so replaces the library entry while the first batch counts it.
    const tagged = ws
      .articles()
      .filter((a) => expected.has(a.path))
      .slice(0, 60)
    await Promise.all(
      tagged.map(async (a, i) => {
        for (let tick = 0; tick < i % 6; tick++) await new Promise((resolve) => setImmediate(resolve))
        await ws.openArticle(a.id)
      }),
    )
    await ws.settled()
    for (const a of tagged) expect(ws.summary(a.id)?.counts, a.path).toEqual({ quote: expected.get(a.path), claim: 0, entity: 0 })
    await ws.close()
  })

  it('closing during the fill-in stops it and keeps what was done; the next open finishes it', async () => {
    const { root, expected } = await coldWorkspace()
    const ws = await Workspace.open(root)
    await ws.close()
    // Whatever the index holds is right; what it lacks the next open fills in.
    for (const e of storedIndex(root).articles) {
      const i = Number(/story-(\d+)/.exec(e.path as string)![1])
      if (e.counts) expect(e.counts).toEqual({ quote: expected.get(e.path as string) ?? 0, claim: 0, entity: 0 })
      if (e.language) expect(e.language).toBe(languageOf(i))
    }
    const again = await Workspace.open(root)
    await again.settled()
    for (const a of again.articles())
      expect({ title: a.title, language: a.language, counts: a.counts }).toEqual(expectedRow(a, expected))
    await again.close()
  })

  it('reaches the window as a whole state and then deltas, which end complete', async () => {
    const { root, expected } = await coldWorkspace()
    const { service, events } = await serviceWithEvents()
    const opened = await service.openWorkspace(root)
    expect(opened.articles).toHaveLength(ARTICLES)
    // The window's library: the last whole state, with the deltas after it applied in order.
    const lastState = () => windowLibrary(events)!
    await vi.waitFor(() => expect(lastState().articles.every((a) => a.counts && a.language)).toBe(true), {
      timeout: 30_000,
      interval: 50,
    })
    for (const a of lastState().articles)
      expect({ title: a.title, language: a.language, counts: a.counts }).toEqual(expectedRow(a, expected))
    expect(lastState().articles).toEqual((await service.getWorkspace())!.articles)
    // Filling in is not a change of the files: the open article is not reloaded.
    expect(events.some((e) => e.type === 'articles-changed')).toBe(false)
    await service.close()
  })
})
