/**
 * The renderer's save queue, under Node with fake timers: changes reach main one at a time and in
 * order, a storage failure keeps the change (shown unsaved) and retries it until it goes through, and
 * any other failure drops the change and tells its caller.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { WorkbenchError } from '../../../src/shared/errors'
import { cleanMessage, SaveQueue, type SaveStatus } from '../../../src/renderer/app/save-queue'

/** A promise the test settles by hand: a call to main that answers when the test says so. */
function deferred() {
  let resolve!: () => void
  let reject!: (error: unknown) => void
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

/** Lets every promise callback that is ready run (no clock involved). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve()
}

function queue(retryMs = 3000) {
  const statuses: SaveStatus[] = []
  const q = new SaveQueue((s) => statuses.push(s), retryMs)
  return { q, statuses, last: () => statuses.at(-1) }
}

const storageFull = () => new WorkbenchError('storage', 'Could not save: the disk is full')

beforeEach(() => void vi.useFakeTimers())
afterEach(() => void vi.useRealTimers())

describe('SaveQueue', () => {
  it('sends changes one at a time, in the order they were made, and says when all are saved', async () => {
    const { q, last } = queue()
    const started: number[] = []
    const calls = [deferred(), deferred(), deferred()]
    calls.forEach((call, i) =>
      q.push(
        () => (started.push(i), call.promise),
        () => undefined,
      ),
    )
    await settle()
    expect(started).toEqual([0])
    expect(last()).toEqual({ state: 'saving' })
    expect(q.pending).toBe(3)
    calls[0].resolve()
    await settle()
    expect(started).toEqual([0, 1])
    calls[1].resolve()
    await settle()
    calls[2].resolve()
    await settle()
    expect(started).toEqual([0, 1, 2])
    expect(q.pending).toBe(0)
    expect(last()).toEqual({ state: 'saved' })
  })

  it('keeps a change that hit a storage failure, shows it unsaved, and retries it until it goes through', async () => {
    const { q, last } = queue(3000)
    let attempts = 0
    const order: string[] = []
    q.push(
      async () => {
        attempts++
        if (attempts < 3) throw storageFull()
        order.push('first')
      },
      () => order.push('first rejected'),
    )
    q.push(
      async () => void order.push('second'),
      () => undefined,
    )
    await settle()
    expect(attempts).toBe(1)
    expect(last()).toEqual({ state: 'unsaved', reason: 'Could not save: the disk is full' })
    // Nothing behind the failed change overtakes it.
    expect(order).toEqual([])
    expect(q.pending).toBe(2)

    await vi.advanceTimersByTimeAsync(2999)
    expect(attempts).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    await settle()
    expect(attempts).toBe(2)
    expect(last()?.state).toBe('unsaved')

    await vi.advanceTimersByTimeAsync(3000)
    await settle()
    expect(attempts).toBe(3)
    expect(order).toEqual(['first', 'second'])
    expect(q.pending).toBe(0)
    expect(last()).toEqual({ state: 'saved' })
  })

  it('retries at once when asked (the Retry button), without waiting for the timer', async () => {
    const { q, last } = queue(60_000)
    let full = true
    const done = vi.fn()
    q.push(
      async () => {
        if (full) throw storageFull()
        done()
      },
      () => undefined,
    )
    await settle()
    expect(last()?.state).toBe('unsaved')
    full = false
    q.retry()
    await settle()
    expect(done).toHaveBeenCalledTimes(1)
    expect(last()).toEqual({ state: 'saved' })
    // The cancelled timer does not run the change a second time.
    await vi.advanceTimersByTimeAsync(60_000)
    expect(done).toHaveBeenCalledTimes(1)
  })

  it('drops a change main refuses for another reason, tells its caller, and goes on with the next', async () => {
    const { q, statuses, last } = queue()
    const rejected: Error[] = []
    const ran: string[] = []
    q.push(
      async () => {
        throw new WorkbenchError('not-found', 'The annotation is gone')
      },
      (e) => rejected.push(e),
    )
    q.push(
      async () => {
        throw new Error("Error invoking remote method 'updateAnnotation': Error: something broke")
      },
      (e) => rejected.push(e),
    )
    q.push(
      async () => void ran.push('third'),
      () => undefined,
    )
    await settle()
    expect(rejected.map((e) => e.message)).toEqual(['The annotation is gone', 'something broke'])
    expect(ran).toEqual(['third'])
    expect(statuses.some((s) => s.state === 'unsaved')).toBe(false)
    expect(last()).toEqual({ state: 'saved' })
    // Not retried either.
    await vi.advanceTimersByTimeAsync(10_000)
    expect(rejected).toHaveLength(2)
  })

  it('a change pushed while another waits for its retry runs after it, never before', async () => {
    const { q, last } = queue()
    let full = true
    const order: string[] = []
    q.push(
      async () => {
        if (full) throw storageFull()
        order.push('a')
      },
      () => undefined,
    )
    await settle()
    expect(last()?.state).toBe('unsaved')
    full = false
    q.push(
      async () => void order.push('b'),
      () => undefined,
    )
    await settle()
    expect(order).toEqual(['a', 'b'])
    expect(last()).toEqual({ state: 'saved' })
  })
})

describe('cleanMessage', () => {
  it('strips what Electron wraps around an error from main', () => {
    expect(cleanMessage("Error invoking remote method 'createAnnotation': Error: Could not save: disk full")).toBe(
      'Could not save: disk full',
    )
    expect(cleanMessage('The annotation is gone')).toBe('The annotation is gone')
  })
})
