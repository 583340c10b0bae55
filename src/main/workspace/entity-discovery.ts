/**
 * Entity discovery for the window: proposals of people, organisations and places the articles name
 * (shared/discover/entities.ts), accepting one (the registry entity created or extended and its
 * mentions tagged, in one call whose record undoes it) and rejecting one (remembered in
 * `.spanwise/vocabulary.json`). Off the hot path: each article's names are found once per content
 * hash (DiscoveryCache), and the work runs in slices of a few milliseconds with the event loop free in
 * between (reading articles, finding names, then grouping them), so the app keeps answering while it
 * runs over 10,000 articles. It reports progress and can be cancelled. The window gets each proposal
 * with its first few mentions and their count (MENTIONS_SENT); the full lists stay here, keyed by the
 * proposal, until the next discovery, and accepting one tags them all.
 */
import { setImmediate as yieldToOthers } from 'node:timers/promises'
import { DiscoveryCache, proposalSteps } from '../../shared/discover/entities'
import type { Entity, EntityProposal, ProposalAcceptRecord } from '../../shared/model'
import { UserError, WorkbenchError } from '../../shared/errors'
import type { Disposable } from '../../shared/event'
import type { CollectionFile } from '../store/collection-file'
import type { Annotations } from './annotations'
import type { ArticleStore } from './article-store'
import type { EntityRegistry } from './entity-registry'
import type { Library } from './library'
import type { VocabularyFileData } from './workspace-files'

/** How long one slice of discovery may hold the event loop before it lets other work run. */
const SLICE_MS = 8

/** Mentions sent to the window per proposal (it shows three, counts the rest, and opens one on click). */
export const MENTIONS_SENT = 12

/** Where a running discovery is: articles read so far of all, then grouping. */
export interface DiscoveryProgress {
  done: number
  total: number
}

export class EntityDiscovery {
  private readonly cache = new DiscoveryCache()
  /** One discovery at a time: a second caller waits for the same result. */
  private running: Promise<EntityProposal[]> | null = null
  /** The last discovery's proposals with all their mentions, by key (what accept tags). */
  private full = new Map<string, EntityProposal>()
  private cancelled = false
  private readonly listeners = new Set<(p: DiscoveryProgress) => void>()

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

  /** Calls `listener` with the progress of every discovery from now on (until disposed). */
  onProgress(listener: (p: DiscoveryProgress) => void): Disposable {
    this.listeners.add(listener)
    return { dispose: () => void this.listeners.delete(listener) }
  }

  /**
   * Proposals over the whole workspace, best supported first, without the rejected ones and tagged
   * mentions. Rejects with code 'cancelled' when `cancel` stops it (the names found so far are kept
   * for the next run).
   */
  suggest(): Promise<EntityProposal[]> {
    this.running ??= this.discover()
      .then((proposals) => {
        this.full = new Map(proposals.map((p) => [p.key, p]))
        return proposals.map((p) => ({ ...p, mentionCount: p.mentions.length, mentions: p.mentions.slice(0, MENTIONS_SENT) }))
      })
      .finally(() => {
        this.running = null
        this.cancelled = false
      })
    return this.running
  }

  /** Stops a running discovery (nothing when none runs). */
  cancel(): void {
    if (this.running) this.cancelled = true
  }

  private async discover(): Promise<EntityProposal[]> {
    let sliceStart = performance.now()
    /** Lets other work run when this slice has held the event loop long enough; stops when cancelled. */
    const pause = async () => {
      if (performance.now() - sliceStart < SLICE_MS) return
      await yieldToOthers()
      if (this.cancelled) throw new WorkbenchError('cancelled', 'Finding names was cancelled; nothing was changed.')
      sliceStart = performance.now()
    }
    let lastReport = 0
    const report = (done: number, total: number, force = false) => {
      const now = performance.now()
      if (!force && now - lastReport < 100) return
      lastReport = now
      for (const listener of this.listeners) listener({ done, total })
    }
    this.cache.useRegistry(this.registry.entities())
    const tagged = new Map<string, { start: number; end: number }[]>()
    const ids = new Set<string>()
    const entries = [...this.library.values()]
    // Reading and finding names is most of the work; grouping the names found is the last step.
    const total = entries.length + 1
    report(0, total, true)
    try {
      for (const [i, entry] of entries.entries()) {
        await pause()
        report(i, total)
        if (entry.error) continue
        ids.add(entry.id)
        if (!this.cache.has(entry.id, entry.contentHash)) {
          const article = await this.store.loadText(entry).catch(() => null)
          if (!article) continue
          this.cache.add({ id: entry.id, text: article.text }, entry.contentHash)
        }
        if (entry.counts && entry.counts.entity === 0) continue
        const file = await this.store.annotationFile(entry.id).catch(() => null)
        const spans = file?.data.annotations.filter((a) => a.kind === 'entity') ?? []
        if (spans.length) tagged.set(entry.id, spans)
      }
      this.cache.keepOnly(ids)
      report(entries.length, total, true)
      const steps = proposalSteps(this.cache, { rejected: new Set(this.rejected()), tagged })
      for (;;) {
        const step = steps.next()
        if (step.done) return step.value
        await pause()
      }
    } finally {
      report(total, total, true)
    }
  }

  /**
   * Accepts a proposal: creates the entity `newId` (or extends the registry entity it names with its new
   * spellings as aliases) and tags each mention as that entity. The record undoes all of it.
   */
  async accept(sent: EntityProposal, newId: string): Promise<ProposalAcceptRecord> {
    const proposal = this.withAllMentions(sent)
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

  /**
   * The proposal as this discovery found it, with every mention, when `sent` is one the window got from it
   * (same key, name and entity it extends); else `sent` itself, which must then hold all its mentions.
   */
  private withAllMentions(sent: EntityProposal): EntityProposal {
    const found = this.full.get(sent.key)
    if (found && found.name === sent.name && found.extends === sent.extends) return { ...sent, mentions: found.mentions }
    if (sent.mentionCount !== undefined && sent.mentionCount > sent.mentions.length)
      throw new UserError('Those names are out of date: find names again before accepting.', 'not-found')
    return sent
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
