/**
 * Entity discovery for the window: proposals of people, organisations and places the articles name
 * (shared/discover/entities.ts), accepting one (the registry entity created or extended and its
 * mentions tagged, in one call whose record undoes it) and rejecting one (remembered in
 * `.spanwise/vocabulary.json`). Off the hot path: each article's names are found once per content
 * hash (DiscoveryCache) and the work yields to other requests between articles.
 */
import { setImmediate as yieldToOthers } from 'node:timers/promises'
import { DiscoveryCache, proposalsFrom } from '../../shared/discover/entities'
import type { Entity, EntityProposal, ProposalAcceptRecord } from '../../shared/model'
import { UserError } from '../../shared/errors'
import type { CollectionFile } from '../store/collection-file'
import type { Annotations } from './annotations'
import type { ArticleStore } from './article-store'
import type { EntityRegistry } from './entity-registry'
import type { Library } from './library'
import type { VocabularyFileData } from './workspace-files'

export class EntityDiscovery {
  private readonly cache = new DiscoveryCache()
  /** One discovery at a time: a second caller waits for the same result. */
  private running: Promise<EntityProposal[]> | null = null

  constructor(
    private readonly vocabulary: CollectionFile<VocabularyFileData>,
    private readonly library: Library,
    private readonly store: ArticleStore,
    private readonly registry: EntityRegistry,
    private readonly annotations: Annotations,
  ) {}

  rejected(): string[] {
    return [...(this.vocabulary.data.rejectedEntities ?? [])]
  }

  /** Proposals over the whole workspace, best supported first, without the rejected ones and tagged mentions. */
  suggest(): Promise<EntityProposal[]> {
    this.running ??= this.discover().finally(() => (this.running = null))
    return this.running
  }

  private async discover(): Promise<EntityProposal[]> {
    this.cache.useRegistry(this.registry.entities())
    const tagged = new Map<string, { start: number; end: number }[]>()
    const ids = new Set<string>()
    for (const entry of [...this.library.values()]) {
      if (entry.error) continue
      ids.add(entry.id)
      if (!this.cache.has(entry.id, entry.contentHash)) {
        const article = await this.store.loadText(entry).catch(() => null)
        if (!article) continue
        this.cache.add({ id: entry.id, text: article.text }, entry.contentHash)
        await yieldToOthers()
      }
      if (entry.counts && entry.counts.entity === 0) continue
      const file = await this.store.annotationFile(entry.id).catch(() => null)
      const spans = file?.data.annotations.filter((a) => a.kind === 'entity') ?? []
      if (spans.length) tagged.set(entry.id, spans)
    }
    this.cache.keepOnly(ids)
    return proposalsFrom(this.cache, { rejected: new Set(this.rejected()), tagged })
  }

  /**
   * Accepts a proposal: creates the entity `newId` (or extends the registry entity it names with its new
   * spellings as aliases) and tags each mention as that entity. The record undoes all of it.
   */
  async accept(proposal: EntityProposal, newId: string): Promise<ProposalAcceptRecord> {
    const before = proposal.extends ? (this.registry.byId(proposal.extends) ?? null) : null
    if (proposal.extends && !before) throw new UserError('That entity is no longer in the registry', 'not-found')
    const entity: Entity = before
      ? await this.registry.update(before.id, { aliases: [...before.aliases, ...proposal.newAliases] })
      : await this.registry.create({
          id: newId,
          name: proposal.name,
          type: proposal.type,
          aliases: proposal.variants.filter((v) => v !== proposal.name),
        })
    const record: ProposalAcceptRecord = { entity, entityBefore: before, tagged: [] }
    try {
      for (const m of proposal.mentions) {
        const annotationId = crypto.randomUUID()
        await this.annotations.create(m.articleId, {
          id: annotationId,
          kind: 'entity',
          start: m.start,
          end: m.end,
          attributes: { entityId: entity.id },
        })
        record.tagged.push({ articleId: m.articleId, annotationId })
      }
    } catch (error) {
      // All or nothing: a mention that can no longer be tagged (its article changed) undoes the rest.
      await this.undoAccept(record)
      throw error
    }
    return record
  }

  /** Undoes an accept: the tags removed, the entity removed (or put back as it was). */
  async undoAccept(record: ProposalAcceptRecord): Promise<void> {
    for (const t of [...record.tagged].reverse()) {
      await this.annotations.delete(t.articleId, t.annotationId).catch(() => undefined)
    }
    if (record.entityBefore) {
      const { name, type, aliases, note } = record.entityBefore
      await this.registry.update(record.entity.id, { name, type, aliases, note })
    } else await this.registry.delete(record.entity.id)
  }

  /** Remembers (or, with `rejected` false, forgets) that the user rejected the proposal with this key. */
  async reject(key: string, rejected: boolean): Promise<string[]> {
    return this.vocabulary.update((data) => {
      const kept = (data.rejectedEntities ?? []).filter((k) => k !== key)
      const next = { ...data, rejectedEntities: rejected ? [...kept, key] : kept }
      return { next, result: next.rejectedEntities }
    })
  }
}
