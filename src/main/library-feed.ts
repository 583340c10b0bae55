/**
 * The library as the window is told it: the whole state when a workspace opens or the window asks
 * (`state()`), and otherwise deltas with only the rows that changed (`delta()`, shared/library-delta.ts),
 * numbered so that the window can tell when it missed one. Keeps the ids the window's list holds as of
 * the last delta, which is all it needs to tell an added row from a changed one.
 */
import type { LibraryDelta } from '../shared/library-delta'
import type { ArticleSummary, WorkspaceState } from '../shared/model'
import type { Workspace } from './workspace/workspace'

export class LibraryFeed {
  private seq = 0
  /** The rows the window holds once it applied every delta so far. */
  private shown = new Set<string>()

  constructor(private readonly workspace: Workspace) {
    // The window is told the whole state right after the workspace opens; deltas meanwhile follow on from it.
    for (const entry of workspace.library.values()) this.shown.add(entry.id)
  }

  /** The whole state, saying which delta it includes; the next delta follows on from it. */
  state(): WorkspaceState {
    const ws = this.workspace
    const articles = ws.articles()
    this.shown = new Set(articles.map((a) => a.id))
    return { root: ws.root, name: ws.name, articles, claimStatuses: ws.customClaimStatuses(), seq: this.seq }
  }

  /** The delta for rows that appeared, changed or went away (`articleIds`); null when none did for the window. */
  delta(articleIds: readonly string[]): LibraryDelta | null {
    const ws = this.workspace
    const removed: string[] = []
    const changed: ArticleSummary[] = []
    const added = new Map<string, ArticleSummary>()
    for (const id of new Set(articleIds)) {
      const row = ws.summary(id)
      if (!row) {
        if (this.shown.delete(id)) removed.push(id)
      } else if (this.shown.has(id)) changed.push(row)
      else added.set(id, row)
    }
    if (removed.length + changed.length + added.size === 0) return null
    for (const id of added.keys()) this.shown.add(id)
    // The places of new rows in the library's order (by path): one pass, only when rows were added.
    const places: LibraryDelta['added'] = []
    if (added.size > 0) {
      let at = 0
      for (const entry of ws.library.values()) {
        const row = added.get(entry.id)
        if (row) places.push({ at, row })
        at++
      }
    }
    this.seq++
    return {
      root: ws.root,
      seq: this.seq,
      removed,
      added: places,
      changed,
      total: ws.library.size,
      claimStatuses: ws.customClaimStatuses(),
    }
  }
}
