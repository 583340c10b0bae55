/**
 * The entity discovery worker thread's entry (started by entity-discovery.ts): it keeps the names found
 * per article and content hash (shared/discover DiscoveryCache) and runs the finding and the grouping,
 * so none of that work, nor the garbage it makes, is on the app's main thread. The main thread reads
 * the articles and sends their texts; the proposals come back in batches (each a small message to take
 * in) with their first few mentions, the full lists staying here for accept (`mentions`).
 *
 * Messages: `DiscoveryRequest` in, `DiscoveryReply` out, each reply naming the run it belongs to. A run
 * stops between two articles or two grouping steps once its cancel flag (shared memory, set by the main
 * thread) is 1.
 */
import { parentPort } from 'node:worker_threads'
import { DiscoveryCache, proposalSteps, type EntityProposal, type RegistryEntity } from '../../shared/discover/entities'

/** Proposals per reply message: each is taken in by the main thread in one go. */
const BATCH = 250

export type TaggedSpans = [articleId: string, spans: { start: number; end: number }[]][]

export type DiscoveryRequest =
  /** A run begins over these articles (the others are forgotten); the reply lists those to send. */
  | {
      type: 'begin'
      run: number
      cancel: SharedArrayBuffer
      registry: RegistryEntity[]
      articles: { id: string; hash: string }[]
    }
  /** An article's text (one the `missing` reply asked for). */
  | { type: 'article'; run: number; id: string; hash: string; text: string }
  /** Every article is sent: group the names, without the rejected proposals and tagged spans. */
  | { type: 'group'; run: number; rejected: string[]; tagged: TaggedSpans; mentionsSent: number }
  /** Every mention of the last run's proposal with this key. */
  | { type: 'mentions'; run: number; key: string }

export type DiscoveryReply =
  | { type: 'missing'; run: number; ids: string[] }
  /** Articles taken in so far this run (sent ones and skipped ones). */
  | { type: 'taken'; run: number; count: number }
  | { type: 'proposals'; run: number; proposals: EntityProposal[] }
  | { type: 'done'; run: number }
  | { type: 'cancelled'; run: number }
  | { type: 'mentions'; run: number; mentions: EntityProposal['mentions'] | null }
  | { type: 'failed'; run: number; message: string }

const cache = new DiscoveryCache()
/** The last grouping's proposals with all their mentions, in order and by key. */
let proposals: EntityProposal[] = []
let full = new Map<string, EntityProposal>()
/** What the last grouping was made from (null: none, or interrupted). */
let lastInput: string | null = null
let cancelFlag = new Int32Array(new SharedArrayBuffer(4))
let taken = 0

const cancelled = () => Atomics.load(cancelFlag, 0) === 1
const reply = (message: DiscoveryReply) => parentPort!.postMessage(message)

function handle(request: DiscoveryRequest): void {
  switch (request.type) {
    case 'begin': {
      cancelFlag = new Int32Array(request.cancel)
      taken = 0
      cache.useRegistry(request.registry)
      cache.keepOnly(new Set(request.articles.map((a) => a.id)))
      const ids = request.articles.filter((a) => !cache.has(a.id, a.hash)).map((a) => a.id)
      reply({ type: 'missing', run: request.run, ids })
      return
    }
    case 'article':
      // A cancelled run's articles still queued are skipped (they are sent again next time).
      if (!cancelled()) cache.add({ id: request.id, text: request.text }, request.hash)
      reply({ type: 'taken', run: request.run, count: ++taken })
      return
    case 'group': {
      // Nothing changed since the last grouping (same names, registry, rejections and tags): same proposals.
      const input = JSON.stringify([cache.version, cache.registry, request.rejected, request.tagged])
      if (input === lastInput) return sendProposals(request.run, request.mentionsSent)
      lastInput = null
      const steps = proposalSteps(cache, { rejected: new Set(request.rejected), tagged: new Map(request.tagged) })
      for (;;) {
        if (cancelled()) return reply({ type: 'cancelled', run: request.run })
        const step = steps.next()
        if (!step.done) continue
        proposals = step.value
        full = new Map(proposals.map((p) => [p.key, p]))
        lastInput = input
        return sendProposals(request.run, request.mentionsSent)
      }
    }
    case 'mentions':
      return reply({ type: 'mentions', run: request.run, mentions: full.get(request.key)?.mentions ?? null })
  }
}

/** The last grouping's proposals, in batches, each with its first `mentionsSent` mentions and their count. */
function sendProposals(run: number, mentionsSent: number): void {
  for (let i = 0; i < proposals.length; i += BATCH) {
    const batch = proposals
      .slice(i, i + BATCH)
      .map((p) => ({ ...p, mentionCount: p.mentions.length, mentions: p.mentions.slice(0, mentionsSent) }))
    reply({ type: 'proposals', run, proposals: batch })
  }
  reply({ type: 'done', run })
}

parentPort!.on('message', (request: DiscoveryRequest) => {
  try {
    handle(request)
  } catch (error) {
    reply({ type: 'failed', run: request.run, message: error instanceof Error ? error.message : String(error) })
  }
})
