/** Links between annotations, which may sit in different articles (`.spanwise/links.json`). */
import type { Link, LinkDraft, LinkView } from '../../shared/model'
import { UserError } from '../../shared/errors'
import type { CollectionFile } from '../store/collection-file'
import type { ArticleStore } from './article-store'
import type { Library } from './library'
import type { LinksFileData } from './workspace-files'
import type { WorkspaceEvents } from './workspace-events'
import { withSynced } from './synced-items'

export class Links {
  /**
   * The links leaving each article, O(1) for an export instead of a scan of every link. Rebuilt when
   * the file's array changes: its updates always replace it.
   */
  private index: { source: readonly Link[]; byArticle: Map<string, Link[]> } = { source: [], byArticle: new Map() }

  constructor(
    private readonly file: CollectionFile<LinksFileData>,
    private readonly library: Library,
    private readonly store: ArticleStore,
    private readonly events: WorkspaceEvents,
  ) {}

  /** Every link of the workspace. */
  all(): readonly Link[] {
    return this.file.data.links
  }

  /** The links leaving an article's annotations, in the file's order. */
  from(articleId: string): readonly Link[] {
    const links = this.file.data.links
    if (this.index.source !== links) this.index = { source: links, byArticle: groupBy(links, (l) => l.from.articleId) }
    return this.index.byArticle.get(articleId) ?? []
  }

  async create(draft: LinkDraft, createdAt = new Date().toISOString()): Promise<Link> {
    for (const end of [draft.from, draft.to]) {
      this.library.entry(end.articleId)
      const file = await this.store.annotationFile(end.articleId)
      if (!file.data.annotations.some((a) => a.id === end.annotationId))
        throw new UserError('A linked annotation no longer exists', 'not-found')
    }
    if (draft.from.articleId === draft.to.articleId && draft.from.annotationId === draft.to.annotationId)
      throw new UserError('An annotation cannot be its own evidence')
    const link: Link = { ...draft, createdAt }
    await this.file.update((data) => {
      if (data.links.some((l) => l.id === link.id)) throw new UserError('That link exists already', 'conflict')
      return { next: { ...data, links: [...data.links, link] }, result: null }
    })
    this.events.linksChanged([link.id])
    return link
  }

  async delete(id: string): Promise<Link> {
    const link = await this.file.update((data) => {
      const link = data.links.find((l) => l.id === id)
      if (!link) throw new UserError('That link no longer exists', 'not-found')
      return { next: { ...data, links: data.links.filter((l) => l.id !== id) }, result: link }
    })
    this.events.linksChanged([id])
    return link
  }

  /** Puts links exactly as a teammate's replica holds them and removes the ones a teammate deleted (sync). */
  async applySynced(puts: readonly Link[], removes: readonly string[]): Promise<void> {
    await this.file.update((data) => ({ next: { ...data, links: withSynced(data.links, puts, removes) }, result: null }))
    this.events.linksChanged([...puts.map((l) => l.id), ...removes])
  }

  /** Whether any link has an end on this annotation. */
  touch(articleId: string, annotationId: string): boolean {
    return this.file.data.links.some(touching(articleId, annotationId))
  }

  /** Removes the links that touch an annotation (it was deleted); returns them. */
  async removeTouching(articleId: string, annotationId: string): Promise<Link[]> {
    const touches = touching(articleId, annotationId)
    const removed = await this.file.update((data) => ({
      next: { ...data, links: data.links.filter((l) => !touches(l)) },
      result: data.links.filter(touches),
    }))
    this.events.linksChanged(removed.map((l) => l.id))
    return removed
  }

  /** The links with an end in this article, each with the annotation at its other end. */
  async viewsFor(articleId: string): Promise<LinkView[]> {
    this.library.entry(articleId)
    const views: LinkView[] = []
    for (const link of this.file.data.links) {
      const outgoing = link.from.articleId === articleId
      if (!outgoing && link.to.articleId !== articleId) continue
      const other = outgoing ? link.to : link.from
      const entry = this.library.get(other.articleId)
      if (!entry || entry.error) continue
      const annotation = (await this.store.annotationFile(other.articleId)).data.annotations.find(
        (a) => a.id === other.annotationId,
      )
      if (!annotation) continue
      views.push({
        link,
        outgoing,
        other: {
          articleId: other.articleId,
          path: entry.path,
          title: this.library.titleOf(entry),
          annotationId: annotation.id,
          kind: annotation.kind,
          exact: annotation.exact,
        },
      })
    }
    return views
  }
}

function touching(articleId: string, annotationId: string): (l: Link) => boolean {
  return (l) =>
    (l.from.articleId === articleId && l.from.annotationId === annotationId) ||
    (l.to.articleId === articleId && l.to.annotationId === annotationId)
}

/** Items grouped by key, each group in the items' order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const group = groups.get(key(item))
    if (group) group.push(item)
    else groups.set(key(item), [item])
  }
  return groups
}
