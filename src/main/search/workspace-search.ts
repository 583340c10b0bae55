/**
 * Search across the workspace: article text (paragraph by paragraph), annotation text, notes and tags,
 * and entity names. MiniSearch holds the index; terms are folded (case and accents: "hanoi" finds
 * "Hanói"), prefixes match while typing, and "quoted phrases" must appear as such.
 *
 * The index is built in the background after a workspace opens and kept current incrementally: an
 * article whose file or annotations changed is marked dirty and re-indexed (alone) before the next
 * query, so a search never waits for the whole workspace again.
 */
import MiniSearch from 'minisearch'
import type { Entity, OpenedArticle, SearchResults } from '../../shared/model'
import { findMentions, foldTerm } from '../../shared/suggest/mentions'

interface SearchDoc {
  id: string
  articleId: string
  kind: 'text' | 'annotation' | 'entity'
  text: string
  /** Offsets of the document's text in the article (text and annotation documents). */
  start: number
  annotationId?: string
  entityId?: string
}

/** Source of the articles to index: the open workspace. */
export interface SearchSource {
  articleIds(): string[]
  article(id: string): Promise<OpenedArticle>
  title(id: string): { path: string; title: string } | undefined
  entities(): Entity[]
}

const SNIPPET_RADIUS = 70
/** Passages marked per query, and per article: more than a reader scans, fewer than a slow query. */
const MAX_SNIPPETS = 60
const MAX_HITS_PER_ARTICLE = 10

const tokenize = (text: string) => foldTerm(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean)

export class WorkspaceSearch {
  private index = WorkspaceSearch.emptyIndex()
  private readonly docsByArticle = new Map<string, string[]>()
  private readonly dirty = new Set<string>()
  private building: Promise<void> | null = null
  private stopped = false
  /** Articles indexed so far by the background build, of how many. */
  private progress = { done: 0, total: 0 }

  constructor(private readonly source: SearchSource) {}

  private static emptyIndex() {
    return new MiniSearch<SearchDoc>({
      fields: ['text'],
      storeFields: ['articleId', 'kind', 'text', 'start', 'annotationId', 'entityId'],
      tokenize,
      processTerm: (term) => term || null,
    })
  }

  /** Indexes every article, yielding between articles so main stays responsive. */
  build(): Promise<void> {
    this.building ??= (async () => {
      this.indexEntities()
      const ids = this.source.articleIds()
      this.progress = { done: 0, total: ids.length }
      for (const id of ids) {
        if (this.stopped) return
        await this.indexArticle(id)
        this.progress.done++
        await new Promise((resolve) => setImmediate(resolve))
      }
    })()
    return this.building
  }

  stop(): void {
    this.stopped = true
  }

  /** The article's text or annotations changed: re-index it before the next query. */
  markDirty(articleId: string): void {
    this.dirty.add(articleId)
  }

  entitiesChanged(): void {
    this.indexEntities()
  }

  /**
   * Searches what is indexed now: while the background build runs, a query answers at once with the
   * articles indexed so far and says how far the build is, instead of waiting for all of them.
   */
  async search(query: string, limit = 200): Promise<SearchResults> {
    void this.build()
    for (const id of [...this.dirty]) {
      this.dirty.delete(id)
      await this.indexArticle(id)
    }
    const phrases = [...query.matchAll(/"([^"]+)"/g)].map((m) => foldTerm(m[1])).filter(Boolean)
    const terms = tokenize(query.replace(/"/g, ' '))
    const indexing = this.progress.done < this.progress.total ? { indexing: { ...this.progress } } : {}
    if (terms.length === 0) return { total: 0, groups: [], ...indexing }
    const lastTermIsPrefix = !/["\s]$/.test(query)
    const hits = this.index
      // No fuzzy matching: folding already makes "hanoi" find "Hanói", and fuzzy terms multiply the cost.
      .search(terms.join(' '), { combineWith: 'AND', prefix: (term) => lastTermIsPrefix && term === terms[terms.length - 1] })
      .filter((hit) => phrases.every((p) => foldTerm(hit.text as string).includes(p)))
    const groups = new Map<string, SearchResults['groups'][number]>()
    let total = 0
    let snippets = 0
    for (const hit of hits) {
      const doc = hit as unknown as SearchDoc & { terms: string[] }
      const key = doc.articleId || 'entities'
      let group = groups.get(key)
      if (!group) {
        const meta = doc.articleId ? this.source.title(doc.articleId) : undefined
        if (doc.articleId && !meta) continue
        group = { articleId: doc.articleId || null, path: meta?.path ?? '', title: meta?.title ?? 'Entities', hits: [] }
        groups.set(key, group)
      }
      total++
      if (group.hits.length >= MAX_HITS_PER_ARTICLE || snippets >= Math.min(limit, MAX_SNIPPETS)) continue
      snippets++
      group.hits.push({ kind: doc.kind, ...snippet(doc.text, [...phrases, ...doc.terms], doc.start), annotationId: doc.annotationId, entityId: doc.entityId })
    }
    return { total, groups: [...groups.values()], ...indexing }
  }

  private async indexArticle(articleId: string): Promise<void> {
    const old = this.docsByArticle.get(articleId) ?? []
    for (const id of old) if (this.index.has(id)) this.index.discard(id)
    this.docsByArticle.delete(articleId)
    if (!this.source.title(articleId)) return
    const article = await this.source.article(articleId).catch(() => null)
    if (!article) return
    const docs: SearchDoc[] = [
      ...article.blocks.map((b, i) => ({ id: `${articleId}:b${i}`, articleId, kind: 'text' as const, text: article.text.slice(b.start, b.end), start: b.start })),
      ...article.annotations.map((a) => ({
        id: `${articleId}:a:${a.id}`,
        articleId,
        kind: 'annotation' as const,
        text: [a.exact, a.note, a.tags.join(' '), a.kind === 'quote' ? a.attributes.speaker : ''].filter(Boolean).join('\n'),
        start: a.start,
        annotationId: a.id,
      })),
    ]
    this.index.addAll(docs)
    this.docsByArticle.set(articleId, docs.map((d) => d.id))
  }

  private indexEntities(): void {
    for (const id of this.docsByArticle.get('') ?? []) if (this.index.has(id)) this.index.discard(id)
    const docs = this.source.entities().map((e) => ({ id: `entity:${e.id}`, articleId: '', kind: 'entity' as const, text: [e.name, ...e.aliases, e.note].filter(Boolean).join('\n'), start: 0, entityId: e.id }))
    this.index.addAll(docs)
    this.docsByArticle.set('', docs.map((d) => d.id))
  }
}

/** A passage around the first match, with the matched words marked (offsets within the snippet). */
function snippet(text: string, terms: string[], offset: number): { snippet: string; highlights: [number, number][]; start: number; end: number } {
  // Whole words (and phrases, longest first), as the reader sees them: "de" never marks "presidente".
  const marks: [number, number][] = findMentions(text, [...new Set(terms.filter(Boolean))]).slice(0, 20).map((m) => [m.start, m.end])
  const first = marks[0] ?? [0, 0]
  const from = Math.max(0, first[0] - SNIPPET_RADIUS)
  const to = Math.min(text.length, first[1] + SNIPPET_RADIUS)
  return {
    snippet: (from > 0 ? '…' : '') + text.slice(from, to) + (to < text.length ? '…' : ''),
    highlights: marks.filter(([s, e]) => s >= from && e <= to).map(([s, e]) => [s - from + (from > 0 ? 1 : 0), e - from + (from > 0 ? 1 : 0)]),
    start: offset + first[0],
    end: offset + first[1],
  }
}
