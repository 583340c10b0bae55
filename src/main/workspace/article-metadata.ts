/**
 * Article details the user edited in the app (`.spanwise/metadata.json`): title, byline, outlet, date,
 * URL, language. They win over what the file states; an empty value reverts to the file's. Also the OCR
 * models chosen for a scan (`ocrModels`), which the app and the command line read it with.
 */
import type { ArticleMetadata } from '../../shared/model'
import type { CollectionFile } from '../store/collection-file'
import type { MetadataFileData } from './workspace-files'
import type { WorkspaceEvents } from './workspace-events'

export class ArticleMetadataEdits {
  /**
   * The edits by id, for the `articles` object they were made from (replaced, never mutated, at each
   * edit): a library of 100,000 rows asks for each row's, and a lookup of an absent key in a plain
   * object cost ~1 µs each (~0.25 s of a warm open at 100,000).
   */
  private byId: { of: object; map: Map<string, ArticleMetadata> } | null = null

  constructor(
    private readonly file: CollectionFile<MetadataFileData>,
    private readonly events: WorkspaceEvents,
  ) {}

  /** Metadata the user edited for an article (empty when none). */
  of(articleId: string): ArticleMetadata {
    const articles = this.file.data.articles
    if (this.byId?.of !== articles) this.byId = { of: articles, map: new Map(Object.entries(articles)) }
    return this.byId.map.get(articleId) ?? {}
  }

  /** The OCR models the user chose for a scan, or undefined (read by its language). */
  ocrModels(articleId: string): readonly string[] | undefined {
    return this.file.data.ocrModels?.[articleId]
  }

  /**
   * Remembers the OCR models chosen for a scan (read again with them; see Library.rereadOcr); without
   * models, the scan goes back to the models its language picks.
   */
  async setOcrModels(articleId: string, models: readonly string[] | undefined): Promise<void> {
    await this.file.update((data) => {
      const ocrModels = { ...(data.ocrModels ?? {}) }
      if (models) ocrModels[articleId] = [...models]
      else delete ocrModels[articleId]
      return { next: { ...data, ocrModels }, result: null }
    })
  }

  /** Applies a patch; the caller has checked the article exists. */
  async update(articleId: string, patch: Record<string, string>): Promise<void> {
    await this.file.update((data) => {
      const current: Record<string, string | undefined> = { ...(data.articles[articleId] ?? {}) }
      for (const [key, value] of Object.entries(patch)) current[key] = value.trim() === '' ? undefined : value.trim()
      const clean = Object.fromEntries(Object.entries(current).filter(([, v]) => v !== undefined)) as Record<string, string>
      return { next: { ...data, articles: { ...data.articles, [articleId]: clean } }, result: null }
    })
    this.events.articlesChanged([articleId], false)
  }

  /** Every article's edited metadata, by id (sync compares them with the replica). */
  all(): Readonly<Record<string, ArticleMetadata>> {
    return this.file.data.articles
  }

  /** Sets an article's edited metadata exactly as a teammate's replica holds it (sync); empty removes it. */
  async applySynced(articleId: string, metadata: ArticleMetadata): Promise<void> {
    await this.file.update((data) => {
      const { [articleId]: _old, ...rest } = data.articles
      const articles = Object.keys(metadata).length > 0 ? { ...rest, [articleId]: metadata } : rest
      return { next: { ...data, articles }, result: null }
    })
    this.events.articlesChanged([articleId], false)
  }
}
