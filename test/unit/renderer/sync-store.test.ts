/**
 * The window's copy of sync (sync-store.ts) when main's events overtake its own questions: sync turned
 * on makes it ask for the status, conflicts and authors, and what main tells while those answers are
 * on their way is newer than them. The last status told ("Synced", once replication goes idle) must
 * stay shown, not give way to the older answer ("Sending 0 changes"): it stayed so until the next change.
 */
import { describe, expect, it } from 'vitest'
import { SyncStore } from '../../../src/renderer/app/sync-store'
import { SYNC_OFF, type AuthorsByArticle, type SyncConflict, type SyncStatus } from '../../../src/shared/sync'

/** A call to main answered when the test says. */
function answer<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

const status = (state: SyncStatus['state'], pending = 0): SyncStatus => ({ ...SYNC_OFF, state, pending, url: 'x', member: 'Ana' })
const by = (author: string) => ({ author, changedAt: '2026-12-02T10:00:00.000Z' })

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve()
}

describe('the window’s sync store', () => {
  it('keeps what main told while its own questions were answered', async () => {
    const asked = { status: answer<SyncStatus>(), conflicts: answer<SyncConflict[]>(), authors: answer<AuthorsByArticle>() }
    const store = new SyncStore({
      syncStatus: () => asked.status.promise,
      syncConflicts: () => asked.conflicts.promise,
      syncAuthors: () => asked.authors.promise,
      syncResolve: async () => null,
    })
    const shown: string[] = []
    store.onDidChangeStatus(() => shown.push(store.status!.state))

    store.setStatus(status('sending', 1)) // sync turned on: the store asks for the rest
    asked.status.resolve(status('sending', 0))
    await settle()
    // Told while the conflicts and authors are still being read.
    store.setStatus(status('synced'))
    store.setConflicts([])
    store.setAuthors({ a1: { c1: by('Ben') } })
    asked.conflicts.resolve([{ id: 'old' } as SyncConflict])
    asked.authors.resolve({ a1: { c1: by('Ana') }, a2: { c2: by('Eva') } })
    await settle()

    expect(store.status!.state).toBe('synced')
    expect(shown.at(-1)).toBe('synced')
    expect(store.conflicts).toEqual([])
    expect(store.authorOf('a1', 'c1')?.author).toBe('Ben')
    expect(store.authorOf('a2', 'c2')?.author).toBe('Eva')
  })

  it('takes its answers when main told nothing meanwhile', async () => {
    const store = new SyncStore({
      syncStatus: async () => status('synced'),
      syncConflicts: async () => [],
      syncAuthors: async () => ({ a1: { c1: by('Ana') } }),
      syncResolve: async () => null,
    })
    store.setStatus(status('connecting'))
    await settle()
    expect(store.status!.state).toBe('synced')
    expect(store.authorOf('a1', 'c1')?.author).toBe('Ana')
  })
})
