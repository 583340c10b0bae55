/**
 * How the library travels from main to the window: the whole state once (when a workspace opens, or
 * when the window asks), then deltas with only the rows that changed. At 100,000 articles the whole
 * library is megabytes; the background fill-in changes a few hundred rows every half second, so each
 * of its events costs kilobytes. Deltas are numbered: one missed (a gap in `seq`) or one that does not
 * fit what the window holds, and the window asks for the whole state again (renderer/app/library-feed.ts).
 */
import type { ArticleSummary, WorkspaceState } from './model'

export interface LibraryDelta {
  /** The workspace the rows belong to: a delta of another one is not applied. */
  root: string
  /** One more than the previous delta's; a state says which delta it includes (`WorkspaceState.seq`). */
  seq: number
  /** Ids of rows no longer in the library. */
  removed: string[]
  /** New rows, each with its place in the library once the delta is applied, in ascending order of place. */
  added: { at: number; row: ArticleSummary }[]
  /** Rows whose content changed (they keep their place). */
  changed: ArticleSummary[]
  /** How many rows the library has once the delta is applied (a check that the two sides agree). */
  total: number
  /** The workspace's own claim status labels. */
  claimStatuses: string[]
}

/**
 * The state with the delta applied, or null when the delta does not fit it (another workspace, not
 * the next one in sequence, a changed row the state lacks, a place out of range, a different total):
 * the caller then asks for the whole state. The state given is not changed.
 */
export function applyLibraryDelta(state: WorkspaceState, delta: LibraryDelta): WorkspaceState | null {
  if (state.root !== delta.root || (state.seq ?? 0) + 1 !== delta.seq) return null
  let articles = state.articles
  if (delta.removed.length > 0 || delta.added.length > 0) {
    const gone = new Set(delta.removed)
    for (const { row } of delta.added) gone.add(row.id) // added again: it takes its new place
    const kept = articles.filter((a) => !gone.has(a.id))
    // Merged in one pass (not a splice per row: a refresh may add thousands to 100,000).
    articles = []
    let k = 0
    for (const { at, row } of delta.added) {
      if (!Number.isSafeInteger(at) || at < articles.length || at > articles.length + kept.length - k) return null
      while (articles.length < at) articles.push(kept[k++])
      articles.push(row)
    }
    while (k < kept.length) articles.push(kept[k++])
  } else if (delta.changed.length > 0) articles = articles.slice()
  if (delta.changed.length > 0) {
    const places = new Map(delta.changed.map((row) => [row.id, -1]))
    articles.forEach((a, i) => places.has(a.id) && places.set(a.id, i))
    for (const row of delta.changed) {
      const at = places.get(row.id)!
      if (at < 0) return null
      articles[at] = row
    }
  }
  if (articles.length !== delta.total) return null
  return { ...state, articles, claimStatuses: delta.claimStatuses, seq: delta.seq }
}

/**
 * The delta that takes `before` to `after` (rows compared by value): what main sends, computed from
 * the two whole lists. Main builds its deltas from the ids that changed (main/library-feed.ts); this
 * one is for tests and for callers that hold both lists.
 */
export function diffLibrary(before: WorkspaceState, after: WorkspaceState, seq: number): LibraryDelta {
  const old = new Map(before.articles.map((a) => [a.id, a]))
  const now = new Set(after.articles.map((a) => a.id))
  const added: LibraryDelta['added'] = []
  const changed: ArticleSummary[] = []
  after.articles.forEach((row, at) => {
    const was = old.get(row.id)
    if (!was) added.push({ at, row })
    else if (JSON.stringify(was) !== JSON.stringify(row)) changed.push(row)
  })
  return {
    root: after.root,
    seq,
    removed: before.articles.filter((a) => !now.has(a.id)).map((a) => a.id),
    added,
    changed,
    total: after.articles.length,
    claimStatuses: after.claimStatuses,
  }
}
