/**
 * What the workspace model announces when its data changes. The modules that change the data fire
 * these (annotations.ts, entity-registry.ts, links.ts, library.ts, article-metadata.ts); search, the
 * library counts and the window's events (WorkbenchService → host.emit) subscribe, so nobody passes a
 * change on by hand.
 */
import { Emitter, type Event } from '../../shared/event'

export interface ArticlesChange {
  articleIds: string[]
  /**
   * `content`: the articles' files appeared, changed or went away on disk (their text must be read
   * again). Otherwise only what the library shows of them changed (counts, language, edited metadata).
   */
  content: boolean
}

export class WorkspaceEvents {
  private readonly annotations = new Emitter<{ articleId: string }>()
  private readonly entities = new Emitter<{ entityIds: string[] }>()
  private readonly links = new Emitter<{ linkIds: string[] }>()
  private readonly articles = new Emitter<ArticlesChange>()
  private readonly claimStatuses = new Emitter<{ labels: string[] }>()

  /** An article's annotations were created, edited, deleted, restored or re-pointed at another entity. */
  readonly onDidChangeAnnotations: Event<{ articleId: string }> = this.annotations.event
  /** Entities were created, renamed, merged, deleted or restored (names and aliases may differ). */
  readonly onDidChangeEntities: Event<{ entityIds: string[] }> = this.entities.event
  /** Links were created or deleted. */
  readonly onDidChangeLinks: Event<{ linkIds: string[] }> = this.links.event
  /** Articles appeared, changed or went away, or their library rows changed. */
  readonly onDidChangeArticles: Event<ArticlesChange> = this.articles.event
  /** The workspace's own claim status labels changed (one was added). */
  readonly onDidChangeClaimStatuses: Event<{ labels: string[] }> = this.claimStatuses.event

  annotationsChanged(articleId: string): void {
    this.annotations.fire({ articleId })
  }

  entitiesChanged(entityIds: string[]): void {
    this.entities.fire({ entityIds })
  }

  linksChanged(linkIds: string[]): void {
    if (linkIds.length > 0) this.links.fire({ linkIds })
  }

  articlesChanged(articleIds: string[], content: boolean): void {
    if (articleIds.length > 0) this.articles.fire({ articleIds, content })
  }

  claimStatusesChanged(labels: string[]): void {
    this.claimStatuses.fire({ labels })
  }

  dispose(): void {
    this.claimStatuses.dispose()
    this.annotations.dispose()
    this.entities.dispose()
    this.links.dispose()
    this.articles.dispose()
  }
}
