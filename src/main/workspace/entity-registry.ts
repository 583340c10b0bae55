/**
 * The entity registry (`.spanwise/entities.json`): the canonical people, organisations and places that
 * every article's mentions and quote speakers point at, with rename, merge, delete and the records that
 * undo them. A mention names its entity by id; names and types are shown from here.
 */
import { sentenceContext } from '../../shared/suggest/context'
import type {
  Annotation,
  Entity,
  EntityDeleteRecord,
  EntityDraft,
  EntityMentions,
  EntityPatch,
  EntityReference,
  MergeRecord,
  OccurrenceGroups,
} from '../../shared/model'
import { findMentions } from '../../shared/suggest/mentions'
import { UserError } from '../../shared/errors'
import type { CollectionFile } from '../store/collection-file'
import type { ArticleStore } from './article-store'
import type { IntentLog } from './intents'
import type { Library } from './library'
import type { EntitiesFileData } from './workspace-files'
import type { WorkspaceEvents } from './workspace-events'
import { withSynced } from './synced-items'

export class EntityRegistry {
  /** Lookups an export makes for every annotation, O(1) instead of a scan. Rebuilt when the array changes. */
  private index: { source: readonly Entity[]; byId: Map<string, Entity> } = { source: [], byId: new Map() }

  constructor(
    private readonly file: CollectionFile<EntitiesFileData>,
    private readonly library: Library,
    private readonly store: ArticleStore,
    private readonly events: WorkspaceEvents,
    private readonly intents: IntentLog,
  ) {}

  entities(): Entity[] {
    return [...this.file.data.entities].sort((a, b) => a.name.localeCompare(b.name))
  }

  byId(id: string): Entity | undefined {
    const entities = this.file.data.entities
    if (this.index.source !== entities) this.index = { source: entities, byId: firstBy(entities, (e) => e.id) }
    return this.index.byId.get(id)
  }

  /** Entity-linked fields shown from the registry, so a rename or retype reaches every mention. */
  withNames(a: Annotation): Annotation {
    if (a.kind === 'entity' && a.attributes.entityId) {
      const entity = this.byId(a.attributes.entityId)
      return entity ? { ...a, attributes: { ...a.attributes, entityType: entity.type } } : a
    }
    if (a.kind === 'quote' && a.attributes.speakerId) {
      const entity = this.byId(a.attributes.speakerId)
      return entity ? { ...a, attributes: { ...a.attributes, speaker: entity.name } } : a
    }
    return a
  }

  async create(draft: EntityDraft): Promise<Entity> {
    if (this.byId(draft.id)) throw new UserError('An entity with this id exists already', 'conflict')
    const now = new Date().toISOString()
    const entity: Entity = {
      id: draft.id,
      name: draft.name,
      type: draft.type,
      aliases: uniqueTerms(draft.aliases ?? [], draft.name),
      note: draft.note ?? '',
      createdAt: now,
      updatedAt: now,
    }
    return this.add(entity)
  }

  private async add(entity: Entity): Promise<Entity> {
    await this.file.update((data) => ({
      next: { ...data, entities: [...data.entities, entity], ...withoutMerged(data, [entity.id]) },
      result: null,
    }))
    this.events.entitiesChanged([entity.id])
    return entity
  }

  /** Puts an entity into the registry exactly as given (importing an export). */
  async restore(entity: Entity): Promise<Entity> {
    if (this.byId(entity.id)) throw new UserError('An entity with this id exists already', 'conflict')
    return this.add(entity)
  }

  async update(id: string, patch: EntityPatch): Promise<Entity> {
    const updated = await this.file.update((data) => {
      const old = data.entities.find((e) => e.id === id)
      if (!old) throw new UserError('That entity is no longer in the registry', 'not-found')
      const name = patch.name ?? old.name
      const updated: Entity = {
        ...old,
        name,
        type: patch.type ?? old.type,
        aliases: uniqueTerms(patch.aliases ?? old.aliases, name),
        note: patch.note ?? old.note,
        updatedAt: new Date().toISOString(),
      }
      return { next: { ...data, entities: data.entities.map((e) => (e.id === id ? updated : e)) }, result: updated }
    })
    this.events.entitiesChanged([id])
    return updated
  }

  /**
   * Removes an entity; its mentions stay, unlinked (an entity tag without an entity, a quote without a
   * speaker id, its speaker's name kept as text). Every annotation file that names it, then the registry:
   * the intent is recorded first, so a crash between them is completed on the next open (intents.ts).
   * The record it returns undoes it (undoDelete).
   */
  async delete(id: string): Promise<EntityDeleteRecord> {
    const entity = this.byId(id)
    if (!entity) throw new UserError('That entity is no longer in the registry', 'not-found')
    const unlinked = await this.intents.run({ op: 'delete-entity', entityId: id, name: entity.name }, () =>
      this.completeDelete(id, entity.name),
    )
    return { removed: entity, unlinked }
  }

  /** The delete itself, and its completion after a crash: what is left of it is done, twice is once. */
  async completeDelete(id: string, name: string): Promise<EntityReference[]> {
    const unlinked: EntityReference[] = []
    await this.store.forEachAnnotationFile(async (articleId, file) => {
      const refs = file.data.annotations.filter((a) => refersTo(a, id))
      if (refs.length === 0) return
      unlinked.push(...refs.map((a) => referenceOf(articleId, a)))
      await file.update((data) => {
        data.annotations = data.annotations.map((a) => (refersTo(a, id) ? repoint(a, id, undefined, name) : a))
      })
      this.events.annotationsChanged(articleId)
    })
    await this.file.update((data) => ({
      next: { ...data, entities: data.entities.filter((e) => e.id !== id) },
      result: null,
    }))
    this.events.entitiesChanged([id])
    return unlinked
  }

  /** Reverses a delete: the entity comes back as it was and the unlinked references point at it again. */
  async undoDelete(record: EntityDeleteRecord): Promise<Entity> {
    if (this.byId(record.removed.id)) throw new UserError('That delete was undone already', 'conflict')
    await this.add(record.removed)
    await this.relink(record.unlinked, (a) => repoint(a, undefined, record.removed.id, record.removed.name))
    return record.removed
  }

  /** Applies `change` to the referenced annotations still there (an article gone, or an annotation deleted since, is skipped). */
  private async relink(references: readonly EntityReference[], change: (a: Annotation) => Annotation): Promise<void> {
    const byArticle = new Map<string, Set<string>>()
    for (const m of references) byArticle.set(m.articleId, (byArticle.get(m.articleId) ?? new Set()).add(m.annotationId))
    for (const [articleId, ids] of byArticle) {
      if (!this.library.has(articleId)) continue
      const file = await this.store.annotationFile(articleId)
      await file.update((data) => {
        data.annotations = data.annotations.map((a) => (ids.has(a.id) ? change(a) : a))
      })
      this.events.annotationsChanged(articleId)
    }
  }

  /** Merges `removeId` into `keepId`: every mention follows, names become aliases (intent first, as delete). */
  async merge(keepId: string, removeId: string): Promise<MergeRecord> {
    const keptBefore = this.byId(keepId)
    const removed = this.byId(removeId)
    if (!keptBefore || !removed) throw new UserError('Both entities must be in the registry', 'not-found')
    if (keepId === removeId) throw new UserError('Choose two different entities to merge', 'conflict')
    const moved: MergeRecord['moved'] = []
    const intent = {
      op: 'merge-entities' as const,
      keepId,
      removeId,
      keptName: keptBefore.name,
      aliases: [removed.name, ...removed.aliases],
    }
    const kept = await this.intents.run(intent, () => this.completeMerge(intent, moved))
    return { kept: kept!, keptBefore, removed, moved }
  }

  /**
   * The merge itself, and its completion after a crash (twice is once): references to the removed
   * entity move to the kept one (or are unlinked, should the kept one be gone), its names become the
   * kept one's aliases, and it leaves the registry. Returns the kept entity; `moved` gets each reference moved.
   */
  async completeMerge(
    merge: { keepId: string; removeId: string; keptName: string; aliases: readonly string[] },
    moved: MergeRecord['moved'] = [],
  ): Promise<Entity | undefined> {
    const { keepId, removeId } = merge
    const to = this.byId(keepId) ? keepId : undefined
    await this.store.forEachAnnotationFile(async (articleId, file) => {
      const refs = file.data.annotations.filter((a) => refersTo(a, removeId))
      if (refs.length === 0) return
      for (const a of refs) moved.push(referenceOf(articleId, a))
      await file.update((data) => {
        data.annotations = data.annotations.map((a) => (refersTo(a, removeId) ? repoint(a, removeId, to, merge.keptName) : a))
      })
      this.events.annotationsChanged(articleId)
    })
    const keep = this.byId(keepId)
    const kept = keep ? await this.update(keepId, { aliases: [...keep.aliases, ...merge.aliases] }) : undefined
    // The removed entity is remembered as merged into the kept one: sync tells teammates so (sync-docs.ts).
    await this.file.update((data) => ({
      next: {
        ...data,
        entities: data.entities.filter((e) => e.id !== removeId),
        mergedInto: { ...withoutMerged(data, [keepId]).mergedInto, ...(keep ? { [removeId]: keepId } : {}) },
      },
      result: null,
    }))
    this.events.entitiesChanged([keepId, removeId])
    return kept
  }

  /** Reverses a merge: the removed entity comes back and the moved references point at it again. */
  async undoMerge(record: MergeRecord): Promise<Entity> {
    if (this.byId(record.removed.id)) throw new UserError('That merge was undone already', 'conflict')
    await this.file.update((data) => ({
      next: {
        ...data,
        entities: [...data.entities.map((e) => (e.id === record.keptBefore.id ? record.keptBefore : e)), record.removed],
        ...withoutMerged(data, [record.removed.id]),
      },
      result: null,
    }))
    this.events.entitiesChanged([record.keptBefore.id, record.removed.id])
    await this.relink(record.moved, (a) => repoint(a, record.keptBefore.id, record.removed.id, record.removed.name))
    return record.removed
  }

  /**
   * Puts entities exactly as a teammate's replica holds them and removes the ones a teammate removed
   * (sync); `mergedInto` says which of those removals were merges, and into what. Mentions and speakers
   * that name an entity merged away then follow its merges to the live entity (`followMerges`).
   */
  async applySynced(puts: readonly Entity[], removes: readonly string[], mergedInto: Record<string, string> = {}): Promise<void> {
    const putIds = puts.map((e) => e.id)
    const arriving = putIds.filter((id) => !this.byId(id))
    await this.file.update((data) => {
      const merged = { ...withoutMerged(data, putIds).mergedInto }
      for (const id of removes) if (mergedInto[id]) merged[id] = mergedInto[id]
      return { next: { ...data, entities: withSynced(data.entities, puts, removes), mergedInto: merged }, result: null }
    })
    this.events.entitiesChanged([...putIds, ...removes])
    const merged = this.file.data.mergedInto ?? {}
    // Only when a merge arrived, or an entity merges lead to came (back): an edit of a name moves nothing.
    const targets = new Set(Object.values(merged))
    if (removes.some((id) => merged[id]) || arriving.some((id) => targets.has(id))) await this.followMerges()
  }

  /** The entity this one was merged into, when it was merged away (here or by a teammate). */
  mergedInto(id: string): string | undefined {
    return this.file.data.mergedInto?.[id]
  }

  /** Every entity merged away, with the entity it was merged into. */
  mergedAway(): Readonly<Record<string, string>> {
    return this.file.data.mergedInto ?? {}
  }

  /** The live entity an id names: itself, or the end of its chain of merges; undefined when none is live. */
  liveEntityId(id: string): string | undefined {
    const merged = this.file.data.mergedInto ?? {}
    const seen = new Set<string>()
    for (let at: string | undefined = id; at !== undefined && !seen.has(at); at = merged[at]) {
      if (this.byId(at)) return at
      seen.add(at)
    }
    return undefined
  }

  /**
   * A teammate's annotation with its entity reference moved to the live entity when it names one merged
   * away here. Only the id changes (not `updatedAt`, not the quote's speaker text), so two laptops that
   * move the same revision write the same content: one revision, not a conflict.
   */
  followMerge(a: Annotation): Annotation {
    const id = a.kind === 'entity' ? a.attributes.entityId : a.kind === 'quote' ? a.attributes.speakerId : undefined
    if (!id || this.byId(id)) return a
    const live = this.liveEntityId(id)
    if (!live) return a
    return a.kind === 'entity'
      ? { ...a, attributes: { ...a.attributes, entityId: live } }
      : a.kind === 'quote'
        ? { ...a, attributes: { ...a.attributes, speakerId: live } }
        : a
  }

  /** Moves every mention and speaker naming an entity merged away to the live entity (sync). */
  private async followMerges(): Promise<void> {
    await this.store.forEachAnnotationFile(async (articleId, file) => {
      if (!file.data.annotations.some((a) => this.followMerge(a) !== a)) return
      await file.update((data) => {
        data.annotations = data.annotations.map((a) => this.followMerge(a))
      })
      this.events.annotationsChanged(articleId)
    })
  }

  /** Every annotation that names the entity (as a mention or as a quote's speaker), by article. */
  async mentions(id: string): Promise<EntityMentions> {
    if (!this.byId(id)) throw new UserError('That entity is no longer in the registry', 'not-found')
    const groups: EntityMentions = []
    await this.store.forEachAnnotationFile(async (articleId, file) => {
      const mentions = file.data.annotations
        .filter((a) => refersTo(a, id))
        .sort((a, b) => a.start - b.start)
        .map((a) => ({
          annotationId: a.id,
          kind: a.kind,
          role: a.kind === 'quote' ? ('speaker' as const) : ('mention' as const),
          exact: a.exact,
          start: a.start,
          end: a.end,
        }))
      if (mentions.length === 0) return
      const entry = this.library.get(articleId)!
      groups.push({ articleId, path: entry.path, title: this.library.titleOf(entry), mentions })
    })
    return groups.sort((a, b) => a.path.localeCompare(b.path))
  }

  /**
   * Untagged occurrences of an entity's name and aliases across the workspace (case- and
   * accent-insensitive, on word boundaries), for the journalist to accept or reject.
   */
  async findOccurrences(id: string, limitPerArticle = 500): Promise<OccurrenceGroups> {
    const entity = this.byId(id)
    if (!entity) throw new UserError('That entity is no longer in the registry', 'not-found')
    const terms = [entity.name, ...entity.aliases]
    const groups: OccurrenceGroups = []
    for (const entry of this.library.values()) {
      if (entry.error) continue
      const article = await this.store.loadText(entry).catch(() => null)
      if (!article) continue
      const tagged = (await this.store.annotationFile(entry.id)).data.annotations.filter((a) => a.kind === 'entity')
      const matches = findMentions(article.text, terms)
        .filter((m) => !tagged.some((t) => t.start < m.end && m.start < t.end))
        .slice(0, limitPerArticle)
        .map((m) => ({ start: m.start, end: m.end, exact: m.exact, ...sentenceContext(article.text, m.start, m.end) }))
      if (matches.length) groups.push({ articleId: entry.id, path: entry.path, title: this.library.titleOf(entry), matches })
    }
    return groups
  }
}

/** Whether an annotation points at an entity (as its mention, or as a quote's speaker). */
function refersTo(a: Annotation, entityId: string): boolean {
  return (
    (a.kind === 'entity' && a.attributes.entityId === entityId) || (a.kind === 'quote' && a.attributes.speakerId === entityId)
  )
}

function referenceOf(articleId: string, a: Annotation): EntityReference {
  return { articleId, annotationId: a.id, field: a.kind === 'quote' ? 'speakerId' : 'entityId' }
}

/**
 * Moves an annotation's entity reference from one entity to another, to none (`to` undefined), or from
 * none (`from` undefined: an unlinked mention or quote, when a delete is undone).
 */
function repoint(a: Annotation, from: string | undefined, to: string | undefined, name: string): Annotation {
  const now = new Date().toISOString()
  if (a.kind === 'entity' && a.attributes.entityId === from) {
    const { entityId: _old, ...rest } = a.attributes
    return { ...a, attributes: to ? { ...rest, entityId: to } : rest, updatedAt: now }
  }
  if (a.kind === 'quote' && a.attributes.speakerId === from) {
    const { speakerId: _old, ...rest } = a.attributes
    return { ...a, attributes: to ? { ...rest, speaker: name, speakerId: to } : { ...rest, speaker: name }, updatedAt: now }
  }
  return a
}

/** The merged-away map without these ids (live again, or never merged away). */
function withoutMerged(data: EntitiesFileData, ids: readonly string[]): Pick<EntitiesFileData, 'mergedInto'> {
  if (!data.mergedInto || !ids.some((id) => data.mergedInto![id])) return data.mergedInto ? { mergedInto: data.mergedInto } : {}
  const merged = { ...data.mergedInto }
  for (const id of ids) delete merged[id]
  return { mergedInto: merged }
}

/** Aliases without duplicates (ignoring case) and without the name itself. */
function uniqueTerms(aliases: readonly string[], name: string): string[] {
  const seen = new Set([name.toLocaleLowerCase()])
  const out: string[] = []
  for (const alias of aliases.map((a) => a.trim()).filter(Boolean)) {
    const key = alias.toLocaleLowerCase()
    if (seen.has(key)) continue
    seen.add(key)
    out.push(alias)
  }
  return out
}

/** Items by key; the first of any with the same key wins, as a find() would. */
function firstBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const byKey = new Map<string, T>()
  for (const item of items) if (!byKey.has(key(item))) byKey.set(key(item), item)
  return byKey
}
