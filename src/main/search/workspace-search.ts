/**
 * Search across the workspace: article text (paragraph by paragraph), annotation text, notes and tags,
 * and entity names. Terms are folded (case and accents: "hanoi" finds "Hanói"), the last word matches
 * as a prefix while typing, and "quoted phrases" must appear as such.
 *
 * The passages live in segments of an inverted index (passage-index.ts) so that a query costs its
 * postings, not its hits: a word found in 100,000 paragraphs is counted and ranked in a few
 * milliseconds, and only the passages shown (the best `limit` articles, at most MAX_SNIPPETS passages)
 * are cut into snippets, from their articles' texts read then.
 *
 * The index is built in the background after a workspace opens and kept current incrementally: an
 * article whose file or annotations changed is marked dirty and re-indexed (alone) before the next
 * query, so a search never waits for the whole workspace again.
 */
import type { Entity, OpenedArticle, SearchResults } from '../../shared/model'
import type { Disposable, Event } from '../../shared/event'
import { findMentions } from '../../shared/suggest/mentions'
import type { SearchIndexFiles } from './index-files'
import { IndexPersistence } from './index-persistence'
import { PassageIndex, shardOf, type PassageRef } from './passage-index'
import { searchTokens, type PassageInput } from './search-words'

/** Each readable article's stamp now (SearchSource.stamps()). */
export interface Stamps {
  of(articleId: string): string | undefined
  /** Whether `stamp` is the article's now, without building it (a warm start compares 100,000). */
  is(articleId: string, stamp: string): boolean
}

const NO_STAMPS: Stamps = { of: () => undefined, is: () => false }

/** Source of the articles to index: the open workspace. */
export interface SearchSource {
  articleIds(): string[]
  article(id: string): Promise<OpenedArticle>
  title(id: string): { path: string; title: string } | undefined
  entities(): Entity[]
  /**
   * What each readable article would be indexed from now (`<content hash>:<annotation mtime>`), read
   * before the articles themselves: needed to keep the index on disk (SearchIndexFiles).
   */
  stamps?(): Promise<Stamps>
  stamp?(id: string): Promise<string | undefined>
  /**
   * Runs `pass`, which reads many articles one after the other, in the way that costs least (the
   * workspace lists its annotations folder once, so that articles without annotations are not looked
   * for file by file).
   */
  readingMany?<T>(pass: () => Promise<T>): Promise<T>
}

/** The changes search follows (the workspace's events, workspace-events.ts). */
export interface SearchChanges {
  onDidChangeAnnotations: Event<{ articleId: string }>
  onDidChangeEntities: Event<{ entityIds: string[] }>
  onDidChangeArticles: Event<{ articleIds: string[]; content: boolean }>
}

const SNIPPET_RADIUS = 70
/** Articles shown per query: the best ones; the total still counts every match. */
export const MAX_GROUPS = 40
/** Passages marked per query, and per article: more than a reader scans, fewer than a slow query. */
const MAX_SNIPPETS = 60
const MAX_HITS_PER_ARTICLE = 10
/** The key the entity registry is indexed under (article ids are never empty). */
const ENTITIES = ''
/** How long a query waits for the index on disk to be taken back before it answers from what is loaded. */
const LOAD_WAIT_MS = 3_000
/** Articles read ahead of the one being indexed, so reading files overlaps indexing. */
const READ_AHEAD = 4

type Hit = SearchResults['groups'][number]['hits'][number]

export class WorkspaceSearch {
  private readonly index = new PassageIndex()
  /** The index kept on disk, when there is a place for it. */
  private readonly persisted: IndexPersistence | null
  /** How the articles got into the index: read from their files, or taken back from disk (tests check). */
  readonly counts = { fromFiles: 0, fromDisk: 0 }
  private readonly dirty = new Set<string>()
  private building: Promise<void> | null = null
  private stopped = false
  /** The index on disk being taken back, while it is (see search()). */
  private loading: Promise<void> | null = null
  /** Resolves once the index on disk is taken back (at once when there is none, or the build stops). */
  private tookBack: () => void = () => undefined
  private readonly tookBackPromise = new Promise<void>((resolve) => (this.tookBack = resolve))
  /** Articles indexed so far by the background build, of how many. */
  private progress = { done: 0, total: 0 }
  /** The articles the build has still to index from their files (a query may index some first). */
  private unindexed = new Set<string>()
  /**
   * Per entity, the articles whose indexed quotes name it as their speaker: the name shown (and indexed)
   * comes from the registry, so a rename or merge re-indexes them. Grows only (a stale entry costs one
   * needless re-index).
   */
  private readonly speakersIn = new Map<string, Set<string>>()

  /** `files`: where the index is kept on disk (`.spanwise/search/`); without, it lives in memory only. */
  constructor(
    private readonly source: SearchSource,
    files?: SearchIndexFiles,
  ) {
    this.persisted =
      files && source.stamps && source.stamp
        ? new IndexPersistence(files, this.index, (ids) => ids.forEach((id) => this.markDirty(id)))
        : null
  }

  /**
   * Indexes every article, yielding between articles so main stays responsive: first what the index on
   * disk still holds for them (their stamps unchanged), then the others from their files, shard by
   * shard, each shard written once the build moves past it.
   */
  build(): Promise<void> {
    this.building ??= (async () => {
      // Whatever the build meets, what waits for the load goes on (takenBack()).
      try {
        await this.buildAll()
      } finally {
        this.tookBack()
      }
    })()
    return this.building
  }

  /** Resolves once the index kept on disk is taken back (at once when there is none). */
  takenBack(): Promise<void> {
    return this.tookBackPromise
  }

  private async buildAll(): Promise<void> {
    this.indexEntities()
    const ids = this.source.articleIds()
    this.progress = { done: 0, total: ids.length }
    let stamps: Stamps | null = null
    let checked: Promise<void> = Promise.resolve()
    if (this.persisted) {
      // A query waits for the stamps and the load (loaded()).
      const reading = this.source.stamps!().catch(() => NO_STAMPS)
      this.loading = reading.then(() => undefined)
      stamps = await reading
      const names = new Map(this.source.entities().map((e) => [e.id, e.name]))
      const load = this.persisted.load({
        isCurrent: stamps.is,
        speakerName: (id) => names.get(id),
        skip: (id) => this.index.has(id) || this.dirty.has(id),
        stopped: () => this.stopped,
        loaded: (id, speakers) => {
          this.counts.fromDisk++
          this.progress.done++
          this.noteSpeakers(
            id,
            speakers.map(([speakerId]) => speakerId),
          )
        },
        // Its shard's tables failed their check after it was taken back: it is dirty, indexed from its
        // file before the next answer (so the progress stays: no answer counts it before it is back).
        damaged: (lost) => {
          this.counts.fromDisk -= lost.length
        },
      })
      this.loading = load.loaded
      await load.loaded.finally(() => (this.loading = null))
      checked = load.checked
    }
    this.tookBack()
    // Searchable from here (a query checks the shards it reaches first); the rest are checked in the
    // background, before the rest is indexed.
    await checked
    // Sorted by id, that is by shard: each shard is complete (and written) before the next begins.
    const rest = ids.filter((id) => !this.index.has(id)).sort()
    this.progress.done = ids.length - rest.length
    this.unindexed = new Set(rest)
    if (rest.length > 0) await (this.source.readingMany ?? ((pass) => pass()))(() => this.indexFromFiles(rest, stamps))
    this.persisted?.hold(-1)
    // The load's callbacks outlive the build and share its scope: let the stamps (and their mtimes) go.
    stamps = null
  }

  /** Indexes `ids` from their files (`stamps`: what they were read from, to keep them on disk). */
  private async indexFromFiles(ids: readonly string[], stamps: Stamps | null): Promise<void> {
    const load = (id: string) => {
      // The stamp before the read (as in indexArticle): an article changed meanwhile is indexed anew on the
      // next start, never trusted.
      const stamp = stamps?.of(id)
      const read = this.source.title(id) ? this.source.article(id).catch(() => null) : Promise.resolve(null)
      return read.then((article) => (article ? { article, stamp } : null))
    }
    const pending = ids.slice(0, READ_AHEAD).map(load)
    for (let i = 0; i < ids.length; i++) {
      if (this.stopped) return
      if (i + READ_AHEAD < ids.length) pending.push(load(ids[i + READ_AHEAD]))
      const read = await pending[i]
      pending[i] = Promise.resolve(null) // let the article be collected once indexed
      // An article changed meanwhile is re-read before the next query; until then its older text serves.
      if (read && !this.index.has(ids[i])) this.indexOpened(read.article, read.stamp)
      // Done, indexed here or before by a query, or unreadable.
      if (this.unindexed.delete(ids[i])) this.progress.done++
      await new Promise((resolve) => setImmediate(resolve))
    }
  }

  /** Writes the shards changed so far now, instead of a moment later (tests, tools). */
  flush(): Promise<void> {
    return this.persisted?.flush() ?? Promise.resolve()
  }

  /** Stops the build; what changed is written to disk (awaited by whoever closes the workspace). */
  stop(): Promise<void> {
    this.stopped = true
    this.tookBack()
    return (this.persisted?.close() ?? Promise.resolve()).finally(() => this.index.close())
  }

  /** Keeps the index current as the workspace announces its changes; dispose the result to stop. */
  follow(changes: SearchChanges): Disposable[] {
    return [
      changes.onDidChangeAnnotations(({ articleId }) => this.markDirty(articleId)),
      changes.onDidChangeEntities(({ entityIds }) => this.entitiesChanged(entityIds)),
      changes.onDidChangeArticles(({ articleIds, content }) => {
        if (content) for (const id of articleIds) this.markDirty(id)
      }),
    ]
  }

  /** The article's text or annotations changed: re-index it before the next query. */
  markDirty(articleId: string): void {
    this.dirty.add(articleId)
  }

  /** Entities changed: the registry is re-indexed, and so are the articles quoting the named ones. */
  entitiesChanged(entityIds: readonly string[] = []): void {
    this.indexEntities()
    for (const id of entityIds) for (const articleId of this.speakersIn.get(id) ?? []) this.markDirty(articleId)
  }

  /**
   * Searches what is indexed now: while the background build runs, a query answers at once with the
   * articles indexed so far and says how far the build is, instead of waiting for all of them.
   * `total` counts every matching passage; `groups` holds the best `limit` articles.
   */
  async search(query: string, limit = MAX_GROUPS): Promise<SearchResults> {
    void this.build()
    await this.loaded()
    await this.indexDirty()
    const phrases = [...query.matchAll(/"([^"]+)"/g)].map((m) => searchTokens(m[1])).filter((words) => words.length > 0)
    const terms = searchTokens(query.replace(/"/g, ' '))
    const complete = this.progress.done >= this.progress.total
    const indexing = complete ? { complete } : { complete, indexing: { ...this.progress } }
    if (terms.length === 0) return { total: 0, groups: [], ...indexing }
    const lastIsPrefix = !/["\s]$/.test(query)
    // Never more articles than passages to show: each listed article has at least one. A shard found
    // damaged is dropped and its articles are indexed again from their files, then the query is asked
    // again: never an answer without them presented as complete.
    let ranked = this.index.search({ terms, phrases, lastIsPrefix }, Math.min(limit, MAX_SNIPPETS), MAX_HITS_PER_ARTICLE)
    while (ranked.dropped) {
      await this.indexDirty()
      ranked = this.index.search({ terms, phrases, lastIsPrefix }, Math.min(limit, MAX_SNIPPETS), MAX_HITS_PER_ARTICLE)
    }
    const shown: { key: string; meta: { path: string; title: string }; passages: PassageRef[]; take: number }[] = []
    for (const { key, segment, passages } of ranked.groups) {
      const meta = key === ENTITIES ? { path: '', title: 'Entities' } : this.source.title(key)
      if (meta) shown.push({ key, meta, passages: passages.map((passage) => ({ segment, passage })), take: 1 })
    }
    // Every shown article gets its best passage; the rest of the budget goes to the best articles.
    let budget = MAX_SNIPPETS - shown.length
    for (const group of shown) {
      const more = Math.min(budget, MAX_HITS_PER_ARTICLE - 1, group.passages.length - 1)
      if (more <= 0) continue
      group.take += more
      budget -= more
    }
    // A phrase's words are marked as the phrase, not wherever each one is alone.
    const phraseText = phrases.map((words) => words.join(' '))
    const loose = searchTokens(query.replace(/"[^"]+"/g, ' '))
    const hits = shown.flatMap(({ key, passages, take }) => passages.slice(0, take).map((passage) => ({ key, passage })))
    const texts = await this.passageTexts(hits)
    const groups = shown.map(({ key, meta }) => ({
      articleId: key === ENTITIES ? null : key,
      path: meta.path,
      title: meta.title,
      hits: hits
        .map((h, i) => ({ ...h, text: texts[i] }))
        .filter((h) => h.key === key)
        .map(({ passage, text }) => this.hit(passage, text, loose, phraseText, lastIsPrefix))
        .sort((a, b) => a.start - b.start),
    }))
    return { total: ranked.total, articles: ranked.groupCount, groups, ...indexing }
  }

  /** Indexes again the articles marked dirty (changed, or their stored copy damaged). */
  private async indexDirty(): Promise<void> {
    for (const id of [...this.dirty]) {
      this.dirty.delete(id)
      await this.indexArticle(id)
    }
  }

  /**
   * While the index on disk is taken back (a fraction of a second at 10,000 articles, under two at
   * 100,000), a query waits for it, up to LOAD_WAIT_MS: one complete answer instead of partial ones asked
   * again and again, each costing its postings in every segment loaded so far (they were a fifth of a
   * warm start's CPU). Beyond that (a much larger index), it answers from what is loaded, saying so.
   */
  private async loaded(): Promise<void> {
    if (!this.loading) return
    let timer: NodeJS.Timeout | undefined
    let late = false
    const waited = new Promise<void>((resolve) => (timer = setTimeout(() => resolve(void (late = true)), LOAD_WAIT_MS)))
    // First the stamps, then the shards: each a promise of its own, so wait for whichever is current.
    let loading: Promise<void> | null = this.loading
    while (loading && !late) {
      await Promise.race([loading.catch(() => undefined), waited])
      if (this.loading === loading) break // settled (the build moves on from it next)
      loading = this.loading as Promise<void> | null
    }
    clearTimeout(timer)
  }

  /**
   * The texts of the passages shown, read from their segments; an article whose text cannot be read as
   * it was indexed (its shard file changed or was damaged since) is read from its file, and indexed again.
   */
  private async passageTexts(hits: readonly { key: string; passage: PassageRef }[]): Promise<string[]> {
    const texts = this.index.passageTexts(hits.map((h) => h.passage))
    const unreadable = [...new Set(hits.filter((_, i) => texts[i] === null).map((h) => h.key))]
    const articles = new Map<string, string>()
    for (const key of unreadable) {
      this.markDirty(key)
      articles.set(key, (await this.source.article(key).catch(() => null))?.text ?? '')
    }
    return hits.map(({ key, passage }, i) => {
      const text = texts[i]
      if (text !== null) return text
      const { start, end } = this.index.passage(passage)
      return articles.get(key)!.slice(start, end)
    })
  }

  private hit(passage: PassageRef, text: string, terms: string[], phrases: string[], lastIsPrefix: boolean): Hit {
    const p = this.index.passage(passage)
    const marked = [...phrases, ...this.index.matchedTerms(passage, terms, lastIsPrefix)]
    const ref = p.kind === 'annotation' ? { annotationId: p.ref } : p.kind === 'entity' ? { entityId: p.ref } : {}
    return { kind: p.kind, ...snippet(text, marked, p.start), ...ref }
  }

  private async indexArticle(articleId: string): Promise<void> {
    // The stamp first: an article changed after it is indexed anew on the next start, never trusted.
    const stamp =
      this.persisted && this.source.title(articleId) ? await this.source.stamp!(articleId).catch(() => undefined) : undefined
    const article = this.source.title(articleId) ? await this.source.article(articleId).catch(() => null) : null
    if (article) this.indexOpened(article, stamp)
    else {
      this.index.remove(articleId)
      this.persisted?.changed(shardOf(articleId))
    }
  }

  /** Indexes an article read from its files; `stamp`: what it was read from, to keep it on disk. */
  private indexOpened(article: OpenedArticle, stamp?: string): void {
    this.counts.fromFiles++
    // One the build had still to read (a query's dirty article): the build counts it done now.
    if (this.unindexed.delete(article.id)) this.progress.done++
    const passages: PassageInput[] = [
      ...article.blocks.map((b) => ({
        kind: 'text' as const,
        text: article.text.slice(b.start, b.end),
        start: b.start,
        end: b.end,
      })),
      ...article.annotations.map((a) => ({
        kind: 'annotation' as const,
        text: [a.exact, a.note, a.tags.join(' '), a.kind === 'quote' ? a.attributes.speaker : ''].filter(Boolean).join('\n'),
        start: a.start,
        end: a.end,
        ref: a.id,
      })),
    ]
    const speakers = new Map<string, string>()
    for (const a of article.annotations)
      if (a.kind === 'quote' && a.attributes.speakerId) speakers.set(a.attributes.speakerId, a.attributes.speaker)
    // Without a stamp it is still written with its shard, but never taken back.
    this.index.replace(article.id, article.text, passages, {
      stamp: stamp === undefined ? '' : withHashOf(article, stamp),
      speakers: [...speakers],
    })
    this.noteSpeakers(article.id, [...speakers.keys()])
    if (!this.persisted) return
    this.persisted.hold(this.building && !this.stopped && this.progress.done < this.progress.total ? shardOf(article.id) : -1)
    this.persisted.changed(shardOf(article.id))
  }

  private noteSpeakers(articleId: string, speakerIds: readonly string[]): void {
    for (const id of speakerIds) {
      const articles = this.speakersIn.get(id)
      if (articles) articles.add(articleId)
      else this.speakersIn.set(id, new Set([articleId]))
    }
  }

  private indexEntities(): void {
    const passages = this.source.entities().map((e) => ({
      kind: 'entity' as const,
      text: [e.name, ...e.aliases, e.note].filter(Boolean).join('\n'),
      start: 0,
      end: 0,
      ref: e.id,
    }))
    this.index.replace(ENTITIES, '', passages)
  }
}

/**
 * The stamp an article is kept on disk with: the hash of the very text indexed, and the rest of the
 * stamp read before the article was (the annotation files' mtime: `<content hash>:<mtime>`). The
 * library's entry has no hash yet for a file it listed unread (a cold open of a large folder): stamped
 * from it, every article search read before the library did was indexed again at the next start.
 */
function withHashOf(article: OpenedArticle, stamp: string): string {
  return `${article.contentHash}${stamp.slice(stamp.lastIndexOf(':'))}`
}

/** A passage around the first match, with the matched words marked (offsets within the snippet). */
function snippet(
  text: string,
  terms: string[],
  offset: number,
): { snippet: string; highlights: [number, number][]; start: number; end: number } {
  // Whole words (and phrases, longest first), as the reader sees them: "de" never marks "presidente".
  const marks: [number, number][] = findMentions(text, [...new Set(terms.filter(Boolean))])
    .slice(0, 20)
    .map((m) => [m.start, m.end])
  const first = marks[0] ?? [0, 0]
  // Cut at spaces around the first match, so the snippet neither starts nor ends inside a word.
  let from = Math.max(0, first[0] - SNIPPET_RADIUS)
  if (from > 0 && !/\s/.test(text[from - 1])) {
    const space = text.slice(from, first[0]).search(/\s/)
    if (space >= 0) from += space + 1
  }
  let to = Math.min(text.length, first[1] + SNIPPET_RADIUS)
  if (to < text.length && !/\s/.test(text[to])) {
    const space = text.slice(first[1], to).search(/\s\S*$/)
    if (space > 0) to = first[1] + space
  }
  return {
    snippet: (from > 0 ? '…' : '') + text.slice(from, to) + (to < text.length ? '…' : ''),
    highlights: marks
      .filter(([s, e]) => s >= from && e <= to)
      .map(([s, e]) => [s - from + (from > 0 ? 1 : 0), e - from + (from > 0 ? 1 : 0)]),
    start: offset + first[0],
    end: offset + first[1],
  }
}
