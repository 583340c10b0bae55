/**
 * The window's library follows main by deltas (shared/library-delta.ts, renderer/app/library-state.ts).
 * What a user would check: whatever rows appear, change or go away, the list the window shows equals the
 * whole library main holds; and a delta that never arrived (or does not fit) only costs asking main
 * for the whole library again, never a wrong list.
 */
import { describe, expect, it } from 'vitest'
import { applyLibraryDelta, diffLibrary, type LibraryDelta } from '../../../src/shared/library-delta'
import type { ArticleSummary, WorkspaceState } from '../../../src/shared/model'
import { LibraryState } from '../../../src/renderer/app/library-state'
import { prng } from '../../../bench/generate'

let nextId = 0
function row(): ArticleSummary {
  const id = `a${(nextId++).toString(16).padStart(6, '0')}`
  return { id, path: `desk/${id}.txt`, title: `${id}.txt` }
}

/** The next library: rows removed, rows inserted at random places, rows filled in (title, counts, language). */
function evolve(state: WorkspaceState, rand: () => number): WorkspaceState {
  const articles = state.articles.filter(() => rand() > 0.1)
  for (let n = Math.floor(rand() * 4); n > 0; n--) articles.splice(Math.floor(rand() * (articles.length + 1)), 0, row())
  for (let i = 0; i < articles.length; i++) {
    if (rand() > 0.3) continue
    const a = articles[i]
    articles[i] = {
      ...a,
      title: `Story ${a.id}`,
      counts: { quote: Math.floor(rand() * 5), claim: Math.floor(rand() * 3), entity: 0 },
      ...(rand() > 0.5 ? { language: 'es' } : {}),
    }
  }
  return { ...state, articles, claimStatuses: rand() > 0.8 ? ['Checked twice'] : state.claimStatuses }
}

function initial(rand: () => number, rows: number): WorkspaceState {
  return { root: '/ws', name: 'ws', articles: Array.from({ length: rows }, () => row()), claimStatuses: [], seq: 0 }
}

/** A window over LibraryState, with main's whole state answered on request (by hand when `manual`). */
function window(main: () => WorkspaceState) {
  let shown: WorkspaceState | null = null
  const state = new LibraryState(
    () => shown,
    (s) => (shown = s),
    async () => main(),
  )
  return { state, shown: () => shown }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve()
}

describe('library deltas', () => {
  it('applied in order, always give the whole library main holds (random rounds)', () => {
    let rounds = 0
    for (let seed = 1; seed <= 200; seed++) {
      const rand = prng(seed)
      let main = initial(rand, Math.floor(rand() * 30))
      let shown = main
      for (let step = 1; step <= 25; step++) {
        const next = { ...evolve(main, rand), seq: step }
        const delta = diffLibrary(main, next, step)
        const applied = applyLibraryDelta(shown, delta)
        expect(applied, `seed ${seed}, step ${step}`).toEqual(next)
        shown = applied!
        main = next
        rounds++
      }
    }
    console.log(`library deltas: ${rounds} random deltas applied, each equal to the whole library`)
  })

  it('do not apply to another workspace, out of sequence, or when they do not fit', () => {
    const rand = prng(7)
    const before = initial(rand, 5)
    const after = { ...evolve(before, rand), seq: 1 }
    const delta = diffLibrary(before, after, 1)
    expect(applyLibraryDelta({ ...before, root: '/other' }, delta)).toBeNull()
    expect(applyLibraryDelta({ ...before, seq: 1 }, delta)).toBeNull()
    const changedUnknown: LibraryDelta = { ...delta, added: [], removed: [], changed: [row()], total: before.articles.length }
    expect(applyLibraryDelta(before, changedUnknown)).toBeNull()
    expect(applyLibraryDelta(before, { ...delta, total: delta.total + 1 })).toBeNull()
    // The state given is left as it was.
    expect(before.seq).toBe(0)
  })
})

describe('the window following main', () => {
  it('asks for the whole library when a delta is missed, and ends equal to main', async () => {
    const rand = prng(11)
    let main = initial(rand, 20)
    const w = window(() => main)
    w.state.state(main)
    const deltas: LibraryDelta[] = []
    for (let step = 1; step <= 10; step++) {
      const next = { ...evolve(main, rand), seq: step }
      deltas.push(diffLibrary(main, next, step))
      main = next
    }
    for (const d of deltas) if (d.seq !== 4) w.state.delta(d) // the fourth never arrives
    await settle()
    expect(w.state.resyncs).toBe(1)
    expect(w.shown()).toEqual(main)
  })

  it('applies the deltas that arrive while it asks, once the answer is in', async () => {
    const rand = prng(12)
    let main = initial(rand, 20)
    const states: WorkspaceState[] = [main]
    const deltas: LibraryDelta[] = []
    for (let step = 1; step <= 8; step++) {
      const next = { ...evolve(main, rand), seq: step }
      deltas.push(diffLibrary(main, next, step))
      states.push(next)
      main = next
    }
    // Main answers with the library as it was at delta 3; deltas 4 to 8 overtake the answer.
    let answer!: (state: WorkspaceState) => void
    let shown: WorkspaceState | null = null
    const state = new LibraryState(
      () => shown,
      (s) => (shown = s),
      () => new Promise<WorkspaceState>((resolve) => (answer = resolve)),
    )
    const asked = state.resync()
    for (const d of deltas.slice(3)) state.delta(d)
    answer(states[3])
    await asked
    await settle()
    expect(shown).toEqual(main)
    expect(state.resyncs).toBe(1)
  })

  it('keeps the newer library when an older whole state arrives after a delta', () => {
    const rand = prng(13)
    const first = initial(rand, 10)
    const second = { ...evolve(first, rand), seq: 1 }
    const w = window(() => second)
    w.state.state(first)
    w.state.delta(diffLibrary(first, second, 1))
    w.state.state(first) // an answer computed before the delta, arriving after it
    expect(w.shown()).toEqual(second)
  })
})
