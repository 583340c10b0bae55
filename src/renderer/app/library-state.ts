/**
 * The window's copy of the library, kept in step with main: whole states (a workspace opened, an
 * answer to getWorkspace) are taken as they come; deltas (shared/library-delta.ts) are applied in
 * sequence. When one is missing or does not fit what the window holds, the window asks for the whole
 * state again and applies the deltas that arrive meanwhile once it has it. No DOM: tested under Node.
 */
import { applyLibraryDelta, type LibraryDelta } from '../../shared/library-delta'
import type { WorkspaceState } from '../../shared/model'

export class LibraryState {
  /** The request for the whole state under way, if any. */
  private asking: Promise<void> | null = null
  /** Deltas that arrived while asking: applied once the answer is in. */
  private waiting: LibraryDelta[] = []
  /** Whole states received as events (an answer that an event overtook is older: see resync()). */
  private statesReceived = 0
  /** How many times the whole state was asked for (tests and figures). */
  resyncs = 0

  constructor(
    private readonly current: () => WorkspaceState | null,
    private readonly set: (state: WorkspaceState | null) => void,
    private readonly fetch: () => Promise<WorkspaceState | null>,
  ) {}

  /** A whole state as an event (a workspace opened, closed or switched). */
  state(state: WorkspaceState | null): void {
    this.statesReceived++
    this.take(state)
  }

  /** A delta: applied if it is the next one and fits; otherwise the whole state is asked for. */
  delta(delta: LibraryDelta): void {
    if (this.asking) {
      this.waiting.push(delta)
      return
    }
    const now = this.current()
    if (now && now.root === delta.root && delta.seq <= (now.seq ?? 0)) return // already in what the window holds
    const next = now ? applyLibraryDelta(now, delta) : null
    if (next) this.set(next)
    else void this.resync()
  }

  /** Asks main for the whole state; deltas arriving meanwhile are applied after it. */
  resync(): Promise<void> {
    this.asking ??= (async () => {
      this.resyncs++
      const before = this.statesReceived
      try {
        const state = await this.fetch()
        // A whole state that came as an event meanwhile is at least as new as this answer.
        if (this.statesReceived === before) this.take(state)
      } catch {
        // No answer (main busy closing the workspace): the next delta asks again.
      } finally {
        this.asking = null
        const waiting = this.waiting
        this.waiting = []
        for (const delta of waiting) this.delta(delta)
      }
    })()
    return this.asking
  }

  /** Takes a whole state, unless the window holds a newer one of the same workspace. */
  private take(state: WorkspaceState | null): void {
    const now = this.current()
    if (state && now && state.root === now.root && (state.seq ?? 0) < (now.seq ?? 0)) return
    this.set(state)
  }
}
