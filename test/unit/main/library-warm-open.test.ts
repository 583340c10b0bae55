/**
 * The check of the folder after a warm open (library-warm-open.ts) lets other work go first: it starts
 * once that work is over, and never waits for it forever.
 */
import { describe, expect, it, vi } from 'vitest'
import { WarmOpen } from '../../../src/main/workspace/library-warm-open'
import type { LibraryIndex } from '../../../src/main/workspace/library-index'

const emptyIndex = { entries: [], count: 0, order: null, writer: () => undefined } as unknown as LibraryIndex

describe('the check after a warm open', () => {
  it('starts only once the work it was held for is over', async () => {
    vi.useFakeTimers()
    try {
      const warm = new WarmOpen('/nowhere', emptyIndex)
      let finish!: () => void
      warm.holdFor(new Promise<void>((resolve) => (finish = resolve)))
      const check = vi.fn(async () => [])
      warm.checkLater(check, () => false)
      // Well past the moment it would start on its own (300 ms), it still waits.
      await vi.advanceTimersByTimeAsync(5_000)
      expect(check).not.toHaveBeenCalled()
      finish()
      await vi.advanceTimersByTimeAsync(0)
      await warm.checking
      expect(check).toHaveBeenCalledOnce()
    } finally {
      vi.useRealTimers()
    }
  })

  it('starts anyway when the work fails', async () => {
    const warm = new WarmOpen('/nowhere', emptyIndex)
    warm.holdFor(Promise.reject(new Error('the index could not be read')))
    const check = vi.fn(async () => [])
    warm.checkLater(check, () => false)
    await warm.checking
    expect(check).toHaveBeenCalledOnce()
  })

  it('does not wait for work that never ends beyond its bound', async () => {
    vi.useFakeTimers()
    try {
      const warm = new WarmOpen('/nowhere', emptyIndex)
      warm.holdFor(new Promise<void>(() => undefined))
      const check = vi.fn(async () => [])
      warm.checkLater(check, () => false)
      await vi.advanceTimersByTimeAsync(60_000)
      expect(check).toHaveBeenCalledOnce()
    } finally {
      vi.useRealTimers()
    }
  })
})
