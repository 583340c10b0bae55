/**
 * Reading many small files fast. Opening a workspace reads every article once (10,000 files of a few
 * KB from the OS cache): each read is a few threadpool round trips and almost no CPU, so the cost is in
 * the bookkeeping around them, and fs.promises costs about twice the callback API wrapped in a promise
 * (its FileHandle objects were a fifth of a cold open).
 *
 * Statting many files is cheaper still done synchronously: a stat from the OS cache is a few
 * microseconds, where each trip through the threadpool wakes a thread and the loop again (100,000 of
 * them were most of the library's check at 100,000 articles, and half its context switches). statMany()
 * does them in slices of a few milliseconds, yielding between slices; on a disk found slow (the same
 * judge as the blocking reads, store/blocking-reads.ts: a network folder, a cold disk) they go through
 * the thread pool again.
 */
import { constants, stat, statSync, type Stats } from 'node:fs'
import { promisify } from 'node:util'
import { blockingReads } from '../store/blocking-reads'
import { readThroughDescriptor } from '../store/safe-fs'

/** The whole file, as fs.readFile reads it, with two of its four threadpool trips saved (safe-fs.ts). */
export const readWholeFile = (path: string): Promise<Buffer> => readThroughDescriptor(path, constants.O_RDONLY)
export const statFile = promisify(stat)

/** How long statMany() holds the event loop at most (plus one stat). */
const SLICE_MS = 4

/** Each path's stats as stat() gives them (following links), null where there are none. */
export async function statMany(paths: readonly string[]): Promise<(Stats | null)[]> {
  const out: (Stats | null)[] = []
  let slice = performance.now()
  for (const path of paths) {
    if (performance.now() - slice > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve))
      slice = performance.now()
    }
    if (!blockingReads.allowed()) {
      out.push(await statFile(path).catch(() => null))
      continue
    }
    const started = performance.now()
    try {
      out.push(statSync(path, { throwIfNoEntry: false }) ?? null)
    } catch {
      out.push(null)
    }
    blockingReads.took(performance.now() - started)
  }
  return out
}
