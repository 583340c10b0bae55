/**
 * Whether this process may write a workspace's `.spanwise/` data, shared by every file of one open
 * workspace. Read-only when another Spanwise holds the workspace lock (workspace-lock.ts), when the
 * lock was lost, or when the command line reads a workspace: every write is then refused with a
 * WorkbenchError code 'read-only' before it touches the disk, and recoveries happen in memory only.
 */
import { WorkbenchError } from '../../shared/errors'

export class WriteAccess {
  private refusal: string | null

  /** `refusal`: null to allow writes, else the one-line message a refused write carries. */
  constructor(refusal: string | null = null) {
    this.refusal = refusal
  }

  static readonly writable = (): WriteAccess => new WriteAccess(null)

  get writable(): boolean {
    return this.refusal === null
  }

  /** Why writes are refused (null when they are not). */
  get reason(): string | null {
    return this.refusal
  }

  /** From now on every write is refused with `message`. */
  refuse(message: string): void {
    this.refusal = message
  }

  /** Throws WorkbenchError('read-only') if writes are refused. */
  check(): void {
    if (this.refusal !== null) throw new WorkbenchError('read-only', this.refusal)
  }
}
