/**
 * Sends changes to main one at a time, in order, and keeps them until main confirms they are on disk.
 * A storage failure (disk full, read-only folder) leaves the change on screen, marked unsaved, and
 * retries until it goes through; a change main rejects outright is dropped and the caller undoes it.
 * No DOM: it runs (and is tested) under Node too, with the global timers.
 */
import { hasErrorCode, WorkbenchError } from '../../shared/errors'

export type SaveStatus = { state: 'saved' } | { state: 'saving' } | { state: 'unsaved'; reason: string }

interface Job {
  run: () => Promise<unknown>
  onRejected: (error: Error) => void
}

/** How long a change that hit a storage failure waits before it is tried again. */
export const RETRY_MS = 3000

export class SaveQueue {
  private readonly jobs: Job[] = []
  private running = false
  private retryTimer: ReturnType<typeof globalThis.setTimeout> | undefined
  status: SaveStatus = { state: 'saved' }

  constructor(
    private readonly onStatus: (status: SaveStatus) => void,
    private readonly retryMs = RETRY_MS,
  ) {}

  push(run: () => Promise<unknown>, onRejected: (error: Error) => void): void {
    this.jobs.push({ run, onRejected })
    void this.pump()
  }

  /** Try the failed change again now. */
  retry(): void {
    globalThis.clearTimeout(this.retryTimer)
    void this.pump()
  }

  get pending(): number {
    return this.jobs.length
  }

  private setStatus(status: SaveStatus): void {
    this.status = status
    this.onStatus(status)
  }

  private async pump(): Promise<void> {
    if (this.running) return
    this.running = true
    try {
      while (this.jobs.length > 0) {
        this.setStatus({ state: 'saving' })
        const job = this.jobs[0]
        try {
          await job.run()
          this.jobs.shift()
        } catch (raw) {
          const error = raw instanceof Error ? raw : new Error(String(raw))
          const message = cleanMessage(error.message)
          // A storage failure (disk full, permissions) is kept and retried; anything else retrying cannot fix.
          if (hasErrorCode(error, 'storage')) {
            this.setStatus({ state: 'unsaved', reason: message })
            this.retryTimer = globalThis.setTimeout(() => void this.pump(), this.retryMs)
            return
          }
          this.jobs.shift()
          // The code goes on with the cleaned line, so the window can say it in the user's language.
          job.onRejected(error instanceof WorkbenchError ? new WorkbenchError(error.code, message) : new Error(message))
        }
      }
      this.setStatus({ state: 'saved' })
    } finally {
      this.running = false
    }
  }
}

/** Electron wraps errors from main as "Error invoking remote method 'x': Error: message". */
export function cleanMessage(message: string): string {
  return message.replace(/^Error invoking remote method '[^']+': (?:[A-Za-z]*Error: )?/, '')
}
