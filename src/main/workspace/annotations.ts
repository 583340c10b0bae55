/**
 * Annotations of one article at a time: opening an article with its annotations, creating, editing,
 * deleting (with the links that touch it), restoring and re-attaching. Attributes are validated here;
 * entity references must exist in the registry and claim statuses in the workspace's labels.
 */
import {
  ClaimAttributes,
  EntityAttributes,
  QuoteAttributes,
  type Annotation,
  type AnnotationDraft,
  type AnnotationKind,
  type AnnotationPatch,
  type Link,
  type OpenedArticle,
} from '../../shared/model'
import { quoteSelector } from '../../shared/text-offsets'
import { UserError } from '../../shared/errors'
import type { ArticleMetadataEdits } from './article-metadata'
import type { ArticleStore } from './article-store'
import type { ClaimStatuses } from './claim-statuses'
import type { EntityRegistry } from './entity-registry'
import type { Library } from './library'
import type { IntentLog } from './intents'
import type { Links } from './links'
import type { WorkspaceEvents } from './workspace-events'
import { withSynced } from './synced-items'

const ATTRIBUTE_SCHEMAS = {
  quote: QuoteAttributes,
  claim: ClaimAttributes,
  entity: EntityAttributes,
} as const

export class Annotations {
  constructor(
    private readonly library: Library,
    private readonly store: ArticleStore,
    private readonly registry: EntityRegistry,
    private readonly links: Links,
    private readonly claimStatuses: ClaimStatuses,
    private readonly metadata: ArticleMetadataEdits,
    private readonly events: WorkspaceEvents,
    private readonly intents: IntentLog,
  ) {}

  /**
   * An article with its annotations. `context: false` leaves out each annotation's prefix and suffix
   * (64 characters each), which the window never shows: a third less to send for 50,000 annotations.
   */
  async openArticle(articleId: string, options: { context: boolean } = { context: true }): Promise<OpenedArticle> {
    const entry = this.library.entry(articleId)
    const { article, file } = await this.store.loadAnchored(entry)
    const annotations = file.data.annotations.map((a) => this.registry.withNames(a))
    return {
      id: entry.id,
      path: entry.path,
      contentHash: article.contentHash,
      metadata: { ...article.metadata, ...this.metadata.of(entry.id) },
      text: article.text,
      blocks: article.blocks,
      annotations: options.context ? annotations : annotations.map((a) => ({ ...a, prefix: '', suffix: '' })),
    }
  }

  /** Puts an orphaned (or any) annotation on a new span of the current text. */
  async reattach(articleId: string, annotationId: string, start: number, end: number): Promise<Annotation> {
    const entry = this.library.entry(articleId)
    const article = await this.store.loadText(entry)
    if (end > article.text.length || end <= start) throw new UserError('Select the text to attach the annotation to')
    const file = await this.store.annotationFile(articleId)
    const result = await file.update((data) => {
      const i = data.annotations.findIndex((a) => a.id === annotationId)
      if (i < 0) throw new UserError('That annotation no longer exists', 'not-found')
      const { anchor: _old, ...rest } = data.annotations[i]
      const updated = {
        ...rest,
        start,
        end,
        ...quoteSelector(article.text, start, end),
        updatedAt: new Date().toISOString(),
      } as Annotation
      data.annotations[i] = updated
      return this.registry.withNames(updated)
    })
    this.events.annotationsChanged(articleId)
    return result
  }

  async create(articleId: string, draft: AnnotationDraft): Promise<Annotation> {
    const entry = this.library.entry(articleId)
    const { article, file } = await this.store.loadAnchored(entry)
    if (draft.end > article.text.length) throw new UserError('The selection is outside the article text')
    const exact = article.text.slice(draft.start, draft.end)
    if (exact.trim() === '') throw new UserError('Select some text to tag (the selection is only white space)')
    const now = new Date().toISOString()
    const annotation = {
      id: draft.id,
      kind: draft.kind,
      start: draft.start,
      end: draft.end,
      ...quoteSelector(article.text, draft.start, draft.end),
      attributes: this.attributes(draft.kind, draft.attributes ?? {}),
      note: draft.note ?? '',
      tags: draft.tags ?? [],
      createdAt: now,
      updatedAt: now,
    } as Annotation
    const newTextVersion = file.data.textHash !== article.contentHash || file.data.annotations.length === 0
    // No await between getting the file and queueing the change: the file stays the one in use.
    await file.update((data) => {
      if (data.annotations.some((a) => a.id === draft.id))
        throw new UserError('An annotation with this id exists already', 'conflict')
      data.annotations.push(annotation)
      data.textHash = article.contentHash
      data.path = entry.path
    })
    // The snapshot lets a later change of the file be diffed; without it re-anchoring still works, by search.
    if (newTextVersion) await this.store.writeSnapshot(articleId, article.text)
    this.events.annotationsChanged(articleId)
    return annotation
  }

  async update(articleId: string, annotationId: string, patch: AnnotationPatch): Promise<Annotation> {
    this.library.entry(articleId)
    const file = await this.store.annotationFile(articleId)
    const result = await file.update((data) => {
      const i = data.annotations.findIndex((a) => a.id === annotationId)
      if (i < 0) throw new UserError('That annotation no longer exists', 'not-found')
      const old = data.annotations[i]
      const updated = {
        ...old,
        attributes: patch.attributes
          ? this.attributes(old.kind, dropNulls({ ...old.attributes, ...patch.attributes }))
          : old.attributes,
        note: patch.note ?? old.note,
        tags: patch.tags ?? old.tags,
        updatedAt: new Date().toISOString(),
      } as Annotation
      data.annotations[i] = updated
      return this.registry.withNames(updated)
    })
    this.events.annotationsChanged(articleId)
    return result
  }

  /** Validates kind attributes; a referenced entity must exist, and its type and name are copied in. */
  private attributes(kind: AnnotationKind, raw: Record<string, unknown>) {
    const attributes = parseAttributes(kind, raw)
    if ('entityId' in attributes && attributes.entityId) {
      const entity = this.registry.byId(attributes.entityId)
      if (!entity) throw new UserError('That entity is no longer in the registry', 'not-found')
      return { ...attributes, entityType: entity.type }
    }
    if ('speakerId' in attributes && attributes.speakerId) {
      const entity = this.registry.byId(attributes.speakerId)
      if (!entity) throw new UserError('That speaker is no longer in the registry', 'not-found')
      return { ...attributes, speaker: entity.name }
    }
    if ('status' in attributes && !this.claimStatuses.all().includes(attributes.status)) {
      throw new UserError(`Unknown claim status "${attributes.status}": add it to the workspace's labels first`)
    }
    return attributes
  }

  /**
   * Deletes an annotation and the links that touch it (and nothing else); returns those links. With
   * links it changes two files: its intent is recorded first, so a crash between them is completed
   * on the next open (intents.ts). A delete whose annotation went but whose links stayed (a failed
   * write) is completed by the same call again.
   */
  async delete(articleId: string, annotationId: string): Promise<Link[]> {
    this.library.entry(articleId)
    const file = await this.store.annotationFile(articleId)
    const present = file.data.annotations.some((a) => a.id === annotationId)
    const linked = this.links.touch(articleId, annotationId)
    if (!present && !linked) throw new UserError('That annotation no longer exists')
    if (!linked) return this.remove(articleId, annotationId)
    return this.intents.run(
      { op: 'delete-annotation', articleId, annotationId },
      () => this.remove(articleId, annotationId),
      // A failure after the annotation went keeps the record: its links must still go.
      () => !file.data.annotations.some((a) => a.id === annotationId) && this.links.touch(articleId, annotationId),
    )
  }

  /** The delete itself, and its completion after a crash: what is left of it is done, twice is once. */
  async remove(articleId: string, annotationId: string): Promise<Link[]> {
    const file = await this.store.annotationFile(articleId)
    await file.update((data) => {
      const i = data.annotations.findIndex((a) => a.id === annotationId)
      if (i >= 0) data.annotations.splice(i, 1)
    })
    this.events.annotationsChanged(articleId)
    return this.links.removeTouching(articleId, annotationId)
  }

  /** Puts back a deleted annotation exactly as it was, with its links (undo of a delete). */
  async restore(articleId: string, annotation: Annotation, links: readonly Link[]): Promise<Annotation> {
    const entry = this.library.entry(articleId)
    const article = await this.store.loadText(entry)
    if (annotation.end > article.text.length) throw new UserError('The annotation is outside the article text')
    // The quote selector comes from the text, not from the caller (the window does not hold the context).
    const restored = {
      ...annotation,
      ...quoteSelector(article.text, annotation.start, annotation.end),
      attributes: this.attributes(annotation.kind, annotation.attributes),
    } as Annotation
    const file = await this.store.annotationFile(articleId)
    await file.update((data) => {
      if (data.annotations.some((a) => a.id === annotation.id)) throw new UserError('That annotation exists already', 'conflict')
      data.annotations.push(restored)
    })
    this.events.annotationsChanged(articleId)
    for (const link of links) await this.links.create(link, link.createdAt)
    return this.registry.withNames(restored)
  }

  /**
   * Puts annotations exactly as a teammate's replica holds them and removes the ones a teammate deleted
   * (sync). References to entities are not checked: the registry's entries arrive on their own, and a
   * name shows once its entity is there; one naming an entity merged away here follows the merge (the
   * sync then sends the moved reference). `textHash`: the text they were made on, when the file had none.
   */
  async applySynced(
    articleId: string,
    puts: readonly Annotation[],
    removes: readonly string[],
    textHash?: string,
  ): Promise<void> {
    const entry = this.library.entry(articleId)
    const file = await this.store.annotationFile(articleId)
    await file.update((data) => {
      if (data.annotations.length === 0 && textHash) {
        data.textHash = textHash
        data.path = entry.path
      }
      data.annotations = withSynced(
        data.annotations,
        puts.map((a) => this.registry.followMerge(a)),
        removes,
      )
    })
    this.events.annotationsChanged(articleId)
    // The window keeps its library's counts in step with its own edits only: a teammate's reach its row
    // as a library delta (the row's counts, updated by the library on the event above).
    this.events.articlesChanged([articleId], false)
  }
}

function parseAttributes(kind: AnnotationKind, raw: Record<string, unknown>) {
  const result = ATTRIBUTE_SCHEMAS[kind].safeParse(raw)
  if (!result.success) throw new UserError(`Invalid ${kind} attributes: ${result.error.issues[0]?.message ?? 'invalid'}`)
  return result.data
}

/** A patch sets an optional attribute to null to remove it (JSON has no undefined). */
function dropNulls(attributes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== null && v !== undefined))
}
