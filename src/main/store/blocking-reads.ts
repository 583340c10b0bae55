/**
 * Whether a whole-file read may block the event loop. Handing an open or a read to libuv's thread pool
 * costs the main thread far more than the system call itself when the file is in the OS cache: an export
 * of 10,000 articles opens and reads ~17,000 small files, and the asynchronous open and read were a
 * quarter of its CPU (bench/analysis.md, Export). Read synchronously, such a file costs tens of
 * microseconds. A slow disk (not cached, a network folder) is where blocking would hurt: SLOW_IN_A_ROW
 * reads in a row slower than SLOW_READ_MS (or one slower than STALLED_READ_MS) send the reads back to
 * the thread pool for COOL_DOWN_MS, after which one is tried synchronously again (and, slow, sends them
 * back at once). One slow read alone is not the disk: on a busy machine the thread is often descheduled
 * in the middle of a read (in an export at load 9, 10 of 3,700 reads), and the reads after it are fast
 * again.
 *
 * A blocking read resolves without a turn of the event loop (a read through the thread pool took one
 * each): a pass of such reads (an export, the library's background fill) would hold the loop, timers
 * and IPC, for its whole length. So once TURN_EVERY_MS have passed since the reads last let one through,
 * the next read waits for a turn first.
 */

/** Larger files are read through the thread pool: copying them out of the cache is no longer negligible. */
export const SYNC_READ_MAX_BYTES = 1024 * 1024
/** A synchronous open, fstat and read slower than this did not come from the OS cache (or was descheduled). */
export const SLOW_READ_MS = 2
/** Slow reads in a row that say the disk itself is slow. */
export const SLOW_IN_A_ROW = 3
/** A read this slow says so alone (a stalled network folder): no time slice of a busy machine is that long. */
export const STALLED_READ_MS = 50
/** How long reads go through the thread pool once the disk is found slow. */
export const COOL_DOWN_MS = 1000
/** The longest the reads keep the event loop from a turn (timers, IPC) while a pass reads file after file. */
export const TURN_EVERY_MS = 10

export class BlockingReads {
  private asyncUntil = Number.NEGATIVE_INFINITY
  private slowInARow = 0
  private lastTurn: number
  private turning: Promise<void> | null = null

  constructor(private readonly clock: () => number = () => performance.now()) {
    this.lastTurn = clock()
  }

  /** A turn of the event loop to wait for before the next blocking read, when one is due (else null). */
  turnDue(): Promise<void> | null {
    if (this.turning || this.clock() - this.lastTurn < TURN_EVERY_MS) return this.turning
    this.turning = new Promise((resolve) =>
      setImmediate(() => {
        this.lastTurn = this.clock()
        this.turning = null
        resolve()
      }),
    )
    return this.turning
  }

  /** Whether the next read may block the loop. */
  allowed(): boolean {
    return this.clock() >= this.asyncUntil
  }

  /** A blocking read took `ms`. */
  took(ms: number): void {
    if (ms <= SLOW_READ_MS) this.slowInARow = 0
    else if (++this.slowInARow >= SLOW_IN_A_ROW || ms > STALLED_READ_MS) this.asyncUntil = this.clock() + COOL_DOWN_MS
  }
}

/** The process's one judge: a slow disk is slow for every reader. */
export const blockingReads = new BlockingReads()
