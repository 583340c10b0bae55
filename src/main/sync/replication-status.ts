/**
 * What a live replication is doing, from the events of its two directions: synced (both idle, each
 * having reported once), sending or receiving n changes, or offline (a direction waits to retry after
 * a failed request, with that error).
 *
 * PouchDB's sync object merges the directions' events and drops the error of a failed request (its
 * `paused` carries none), so it cannot tell "nothing to do" from "the server is gone": a server gone
 * showed "Synced". Each direction's own replication passes the error on, and this keeps them apart.
 */
import type { PouchDirection, ReplicationChange } from './pouch'

/** The replication's state as the status shows it. */
export type ReplicationState =
  | { state: 'connecting' }
  | { state: 'synced' }
  | { state: 'sending' | 'receiving'; pending: number }
  | { state: 'offline'; error: unknown }

interface Direction {
  /** Reported at least once (a direction with nothing to do reports only that it paused). */
  seen: boolean
  active: boolean
  pending: number
  /** The failed request it waits to retry after (null: none). */
  error: unknown
}

export class ReplicationStatus {
  private readonly push: Direction = { seen: false, active: false, pending: 0, error: null }
  private readonly pull: Direction = { seen: false, active: false, pending: 0, error: null }

  /** Follows `replication`'s two directions; `changed` gets the state after each of their events. */
  constructor(replication: { push: PouchDirection; pull: PouchDirection }, changed: (state: ReplicationState) => void) {
    for (const [name, direction] of [
      ['push', this.push],
      ['pull', this.pull],
    ] as const) {
      const events = replication[name]
      const report = (patch: Partial<Direction>) => {
        Object.assign(direction, { seen: true }, patch)
        changed(this.state())
      }
      events.on('active', () => report({ active: true, error: null }))
      events.on('change', (change: ReplicationChange) => report({ active: true, error: null, pending: change.pending ?? 0 }))
      events.on('paused', (error) => report({ active: false, pending: 0, error: error ?? null }))
    }
  }

  state(): ReplicationState {
    const { push, pull } = this
    const error = push.error ?? pull.error
    if (error) return { state: 'offline', error }
    if (pull.active) return { state: 'receiving', pending: pull.pending }
    if (push.active) return { state: 'sending', pending: push.pending }
    return push.seen && pull.seen ? { state: 'synced' } : { state: 'connecting' }
  }
}
