/**
 * Whether this process may write a workspace's `.spanwise/` data, shared by every file of one open
 * workspace. Read-only when another Spanwise holds the workspace lock (workspace-lock.ts), when the
 * lock was lost, or when the command line reads a workspace: every write is then refused with a
 * WorkbenchError code 'read-only' before it touches the disk, and recoveries happen in memory only.
 */
import { WorkbenchError } from '../../shared/errors'
import { sayText, type Said } from '../../shared/i18n'

export class WriteAccess {
  private refusal: string | null = null
  private refusalSaid: Said | null = null

  /**
   * `refusal`: null to allow writes, else the one-line message a refused write carries: in English,
   * or by catalog key (then the window can say it in its language: `said`).
   */
  constructor(refusal: string | Said | null = null) {
    if (refusal !== null) this.refuse(refusal)
  }

  static readonly writable = (): WriteAccess => new WriteAccess(null)

  get writable(): boolean {
    return this.refusal === null
  }

  /** Why writes are refused, in English (null when they are not). */
  get reason(): string | null {
    return this.refusal
  }

  /** Why writes are refused, by catalog key (null when they are not, or it was said in English only). */
  get said(): Said | null {
    return this.refusalSaid
  }

  /** From now on every write is refused with `message`. */
  refuse(message: string | Said): void {
    this.refusal = typeof message === 'string' ? message : sayText(message, 'en')
    this.refusalSaid = typeof message === 'string' ? null : message
  }

  /** Throws WorkbenchError('read-only') if writes are refused. */
  check(): void {
    if (this.refusal !== null) throw new WorkbenchError('read-only', this.refusal)
  }
}
