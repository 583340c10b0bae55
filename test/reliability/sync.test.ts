/**
 * Sync under load and failure: two teammates each making 1,000 changes while replicating live, and
 * the server SIGKILLed in the middle of replication and restarted. Every change a workspace
 * acknowledged must end on both laptops, or be held in a conflict shown to the user: none lost.
 * Rounds are bounded by time (RoundBudget) and the counts reported; figures go to docs/reliability.md.
 * And the status the window shows follows the server: offline while it is gone (PouchDB's merged sync
 * events said "synced"), synced again once it is back.
 */
import { rmSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import type { SyncConflict } from '../../src/shared/sync'
import { tempDir } from '../helpers/fs'
import { RoundBudget } from '../helpers/pace'
import {
  anaAndBen,
  annotationsOf,
  articleId,
  claimDraft,
  connectLive,
  freePort,
  serverForFile,
  serverProcess,
  waitFor,
  type Member,
} from '../helpers/sync'
import { recordFigures } from './figures'

vi.setConfig({ testTimeout: 600_000 })

const { server, team } = serverForFile()
const figures: Record<string, number> = {}

/** The note each annotation must end with (the last one its laptop acknowledged), by annotation id. */
type Expected = Map<string, string>

/** Changes whose last acknowledged note is on `m`, or held in one of its conflicts. */
async function accounted(m: Member, expected: Expected): Promise<{ present: number; inConflict: number; missing: string[] }> {
  const notes = await annotationsOf(m)
  const held = new Map<string, SyncConflict>(m.sync!.conflicts().map((c) => [c.itemId, c]))
  let present = 0
  let inConflict = 0
  const missing: string[] = []
  for (const [id, note] of expected) {
    if (notes.get(id)?.note === note) present++
    else if (
      [held.get(id)?.mine, ...(held.get(id)?.theirs ?? [])].some((v) => (v?.value as { note?: string } | null)?.note === note)
    )
      inConflict++
    else missing.push(id)
  }
  return { present, inConflict, missing }
}

describe('sync reliability', () => {
  it('1,000 changes on each side while replicating live: all on both laptops, none lost', async () => {
    const url = server().url('thousand')
    const [ana, ben] = await anaAndBen(team)
    await connectLive(url, ana, ben)
    const expected: Expected = new Map()
    // Each side: create an annotation, then edit it; interleaved so the two streams cross on the wire.
    const budget = new RoundBudget(500, { calibrate: 20, slack: 4, ceilingMs: 300_000 })
    while (budget.another()) {
      const n = budget.rounds++
      await Promise.all(
        [ana, ben].map(async (m) => {
          const id = `${m.name}-${n}`
          await m.workspace.createAnnotation(articleId, claimDraft(id, n))
          await m.workspace.updateAnnotation(articleId, id, { note: `${m.name} checked ${n}` })
          expected.set(id, `${m.name} checked ${n}`)
        }),
      )
    }
    const changes = budget.rounds * 2
    console.log(`sync load: ${changes} changes on each side in ${budget.elapsedMs} ms`)
    for (const m of [ana, ben]) {
      await waitFor(async () => (await accounted(m, expected)).missing.length === 0, `every change on ${m.name}`, 300_000)
    }
    const onBen = await accounted(ben, expected)
    expect(onBen.missing).toEqual([])
    Object.assign(figures, {
      loadChangesEachSide: changes,
      loadAcknowledged: changes * 2,
      loadPresent: onBen.present,
      loadInConflict: onBen.inConflict,
      loadLost: onBen.missing.length,
    })
    expect(changes).toBeGreaterThanOrEqual(200)
  })

  it('the server SIGKILLed during replication and restarted: every acknowledged change arrives, none lost', async () => {
    const port = await freePort()
    const dir = tempDir('spanwise-couch-')
    let child = await serverProcess(port, dir)
    const url = `http://127.0.0.1:${port}/killed`
    const [ana, ben] = await anaAndBen(team)
    try {
      await connectLive(url, ana, ben)
      const expected: Expected = new Map()
      let kills = 0
      const budget = new RoundBudget(300, { calibrate: 10, slack: 4, ceilingMs: 240_000 })
      while (budget.another()) {
        const n = budget.rounds++
        const id = `k-${n}`
        await ana.workspace.createAnnotation(articleId, claimDraft(id, n))
        await ana.workspace.updateAnnotation(articleId, id, { note: `ana ${n}` })
        expected.set(id, `ana ${n}`)
        if (n % 100 === 50) {
          // Mid-stream: the server dies without a chance to flush, then comes back on its folder.
          child.kill('SIGKILL')
          await new Promise((done) => child.once('exit', done))
          kills++
          await waitFor(() => ana.sync!.status().state === 'offline', 'ana sees the server gone')
          child = await serverProcess(port, dir)
        }
      }
      console.log(`server killed ${kills} times during ${budget.rounds} rounds (${budget.elapsedMs} ms)`)
      await waitFor(
        async () => (await accounted(ben, expected)).missing.length === 0,
        'every change on ben after the restarts',
        300_000,
      )
      await waitFor(() => ana.sync!.status().state === 'synced', 'ana synced again', 120_000)
      const onBen = await accounted(ben, expected)
      expect(onBen.missing).toEqual([])
      Object.assign(figures, {
        killRounds: budget.rounds,
        kills,
        killAcknowledged: expected.size,
        killPresent: onBen.present,
        killLost: onBen.missing.length,
      })
      expect(kills).toBeGreaterThanOrEqual(1)
    } finally {
      child.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    }
    await recordFigures(
      'sync',
      figures,
      `| test | acknowledged changes | annotations checked on the other laptop | with their last change | held in a shown conflict | lost |
|---|---|---|---|---|---|
| two teammates live, each creating and editing annotations | ${figures.loadAcknowledged ?? '—'} | ${(figures.loadPresent ?? 0) + (figures.loadInConflict ?? 0) + (figures.loadLost ?? 0)} | ${figures.loadPresent ?? '—'} | ${figures.loadInConflict ?? '—'} | ${figures.loadLost ?? '—'} |
| server SIGKILLed ${figures.kills} times during replication and restarted (${figures.killRounds} rounds) | ${(figures.killAcknowledged ?? 0) * 2} | ${figures.killAcknowledged} | ${figures.killPresent} | 0 | ${figures.killLost} |`,
    )
  })

  it('the status says synced, then offline with one line while the server is gone (idle or not), then synced again', async () => {
    const port = await freePort()
    const dir = tempDir('spanwise-couch-')
    let server = await serverProcess(port, dir)
    const [ana, ben] = await anaAndBen(team)
    try {
      const url = `http://127.0.0.1:${port}/status`
      await connectLive(url, ana, ben)
      await waitFor(() => ana.sync!.status().state === 'synced', 'ana synced', 120_000)

      server.kill('SIGKILL')
      await new Promise((done) => server.once('exit', done))
      await waitFor(() => ana.sync!.status().state === 'offline', 'ana offline', 120_000)
      const offline = ana.sync!.status()
      expect(offline.message).toContain(`127.0.0.1:${port}`)
      expect(offline.message).not.toContain('\n')

      // Made while the server is gone: it waits on ana's laptop and reaches ben once it is back.
      await ana.workspace.createAnnotation(articleId, claimDraft('meanwhile', 3))
      server = await serverProcess(port, dir)
      await waitFor(async () => (await annotationsOf(ben)).has('meanwhile'), 'the change on ben', 180_000)
      await waitFor(() => ana.sync!.status().state === 'synced', 'ana synced again', 120_000)
      expect(ana.sync!.status()).toMatchObject({ message: null, pending: 0 })
    } finally {
      server.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
