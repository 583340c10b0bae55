/**
 * Entity discovery for the window: proposals of people, organisations and places the articles name
 * (shared/discover/entities.ts), accepting one (the registry entity created or extended and its
 * mentions tagged, in one call whose record undoes it) and rejecting one (remembered in
 * `.spanwise/vocabulary.json`). Off the main thread: the names are found and grouped in a worker thread
 * (discovery-worker.ts, which keeps each article's names per content hash between runs); this side only
 * reads the articles the thread does not have yet, a few ahead of it, and the entity tags, so the app
 * keeps answering while it runs over 10,000 articles. It reports progress and can be cancelled. The
 * window gets each proposal with its first few mentions and their count (MENTIONS_SENT); the full lists
 * stay in the thread until the next discovery, and accepting one tags them all.
 */
import type { Entity, EntityProposal, ProposalAcceptRecord } from '../../shared/model'
import { UserError, WorkbenchError } from '../../shared/errors'
import type { Disposable } from '../../shared/event'
import type { CollectionFile } from '../store/collection-file'
import type { Annotations } from './annotations'
import type { ArticleStore, LoadedText } from './article-store'
import type { EntityRegistry } from './entity-registry'
import type { Library } from './library'
import { DiscoveryThread } from './discovery-thread'
import type { TaggedSpans } from './discovery-worker'
import type { VocabularyFileData } from './workspace-files'

/** Articles sent to the thread and not yet taken in, at most (their texts wait in its queue). */
const IN_FLIGHT = 16

/** Articles read at once, ahead of the one sent next. */
const READ_AHEAD = 8

/** Mentions sent to the window per proposal (it shows three, counts the rest, and opens one on click). */
export const MENTIONS_SENT = 12

/** Where a running discovery is: articles read so far of all, then grouping. */
export interface DiscoveryProgress {
  done: number
  total: number
}

export class EntityDiscovery {
  /** The worker thread that finds and groups the names (and keeps them per article between runs). */
  private readonly thread = new DiscoveryThread()
  /** One discovery at a time: a second caller waits for the same result. */
  private running: Promise<EntityProposal[]> | null = null
  /** The last discovery's proposals, by key: their full mention lists are in the thread. */
  private last = new Map<string, EntityProposal>()
  /** The running discovery's cancel flag, shared with the thread (1: cancelled). */
  private cancelFlag: Int32Array | null = null
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
   * mentions, each with its first MENTIONS_SENT mentions and their count. Rejects with code 'cancelled'
   * when `cancel` stops it (the names found so far are kept for the next run).
   */
  suggest(): Promise<EntityProposal[]> {
    this.running ??= this.discover()
      .then((proposals) => {
        this.last = new Map(proposals.map((p) => [p.key, p]))
        return proposals
      })
      .finally(() => {
        this.running = null
        this.cancelFlag = null
      })
    return this.running
  }

  /** Stops a running discovery (nothing when none runs). */
  cancel(): void {
    if (this.cancelFlag) Atomics.store(this.cancelFlag, 0, 1)
  }

  /** Ends the worker thread and the names it keeps (the workspace closes). */
  async stop(): Promise<void> {
    this.cancel()
    await this.thread.stop()
  }

  private async discover(): Promise<EntityProposal[]> {
    let lastReport = 0
    const report = (done: number, total: number, force = false) => {
      const now = performance.now()
      if (!force && now - lastReport < 100) return
      lastReport = now
      for (const listener of this.listeners) listener({ done, total })
    }
    const cancel = new SharedArrayBuffer(4)
    const cancelFlag = (this.cancelFlag = new Int32Array(cancel))
    const cancelled = () => Atomics.load(cancelFlag, 0) === 1
    // What the thread has said so far this run; `wake` resumes the wait for the next reply.
    let missing: Set<string> | null = null
    let taken = 0
    const proposals: EntityProposal[] = []
    let end: 'done' | 'cancelled' | { failed: string } | null = null
    let wake = () => {}
    const run = this.thread.open((reply) => {
      if (reply.type === 'missing') missing = new Set(reply.ids)
      else if (reply.type === 'taken') taken = reply.count
      else if (reply.type === 'proposals') proposals.push(...reply.proposals)
      else if (reply.type === 'done' || reply.type === 'cancelled') end = reply.type
      else if (reply.type === 'failed') end = { failed: reply.message }
      wake()
    })
    /** Waits for replies until `ready`; throws when the run is cancelled or the thread failed. */
    const until = async (ready: () => boolean) => {
      for (;;) {
        if (typeof end === 'object' && end)
          throw new WorkbenchError('internal', `Finding names failed: ${end.failed}. Nothing was changed.`)
        if (cancelled() || end === 'cancelled')
          throw new WorkbenchError('cancelled', 'Finding names was cancelled; nothing was changed.')
        if (ready()) return
        await new Promise<void>((resolve) => (wake = resolve))
      }
    }
    const entries = [...this.library.values()]
    // Reading the articles (the thread finds their names meanwhile) is most of the work; grouping the
    // names found is the last step.
    const total = entries.length + 1
    report(0, total, true)
    try {
      const registry = this.registry.entities().map(({ id, name, aliases, type }) => ({ id, name, aliases: [...aliases], type }))
      const articles = entries.filter((e) => !e.error).map((e) => ({ id: e.id, hash: e.contentHash }))
      this.thread.post({ type: 'begin', run, cancel, registry, articles })
      await until(() => missing !== null)
      const toRead = missing as Set<string> | null
      // The next few articles to send are read at once (their reads wait on the disk, not on each
      // other, nor on whatever else the main thread is doing between two of them); sent in order.
      const reads = new Map<number, Promise<LoadedText | null>>()
      const readAhead = (from: number) => {
        for (let j = from; j < Math.min(entries.length, from + READ_AHEAD); j++)
          if (!reads.has(j) && !entries[j].error && toRead?.has(entries[j].id))
            reads.set(
              j,
              this.store.loadText(entries[j]).catch(() => null),
            )
      }
      const tagged: TaggedSpans = []
      let sent = 0
      for (const [i, entry] of entries.entries()) {
        report(i, total)
        if (entry.error) continue
        if (toRead?.has(entry.id)) {
          readAhead(i)
          const article = await reads.get(i)
          reads.delete(i)
          if (!article) continue
          this.thread.post({ type: 'article', run, id: entry.id, hash: entry.contentHash, text: article.text })
          sent++
          // The thread finds names while the next articles are read, a few ahead at most.
          await until(() => sent - taken <= IN_FLIGHT)
        } else if (cancelled()) await until(() => true)
        if (entry.counts && entry.counts.entity === 0) continue
        const file = await this.store.annotationFile(entry.id).catch(() => null)
        const spans = file?.data.annotations.filter((a) => a.kind === 'entity') ?? []
        if (spans.length) tagged.push([entry.id, spans.map(({ start, end }) => ({ start, end }))])
      }
      report(entries.length, total, true)
      this.thread.post({ type: 'group', run, rejected: this.rejected(), tagged, mentionsSent: MENTIONS_SENT })
      await until(() => end === 'done')
      return proposals
    } finally {
      this.thread.close(run)
      report(total, total, true)
    }
  }

  /**
   * Accepts a proposal: creates the entity `newId` (or extends the registry entity it names with its new
   * spellings as aliases) and tags each mention as that entity. The record undoes all of it.
   */
  async accept(sent: EntityProposal, newId: string): Promise<ProposalAcceptRecord> {
    const proposal = await this.withAllMentions(sent)
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
  private async withAllMentions(sent: EntityProposal): Promise<EntityProposal> {
    const found = this.last.get(sent.key)
    if (found && found.name === sent.name && found.extends === sent.extends) {
      const mentions = await this.allMentions(sent.key)
      if (mentions) return { ...sent, mentions }
    }
    if (sent.mentionCount !== undefined && sent.mentionCount > sent.mentions.length)
      throw new UserError('Those names are out of date: find names again before accepting.', 'not-found')
    return sent
  }

  /** Every mention of the last discovery's proposal `key`, from the thread (null when it no longer has them). */
  private allMentions(key: string): Promise<EntityProposal['mentions'] | null> {
    return new Promise((resolve) => {
      // Its one reply: the mentions, or the thread failed or stopped.
      const run = this.thread.open((reply) => {
        this.thread.close(run)
        resolve(reply.type === 'mentions' ? reply.mentions : null)
      })
      this.thread.post({ type: 'mentions', run, key })
    })
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
