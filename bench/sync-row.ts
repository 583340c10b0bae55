/**
 * The sync rows: two teammates' workspaces and the test server (scripts/sync-server.ts, express-pouchdb)
 * on loopback, replicas in LevelDB as the app keeps them. Measures a teammate's change becoming visible
 * on the other laptop (live replication, both connected: the edit's call → the other workspace's
 * annotation file holding it), the initial sync of a 1,000-article workspace (sending it, and a
 * teammate with an empty folder receiving every text and annotation), and the memory the replica
 * costs the process that received it.
 *
 *   node --import tsx bench/sync-row.ts     prints the rows (bench/run.ts runs them in its `sync` group)
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startSyncServer } from '../scripts/sync-server'
import { Replicator } from '../src/main/sync/replicator'
import { articleIdFor } from '../src/main/workspace/article-ids'
import { Workspace } from '../src/main/workspace/workspace'
import { BENCH_TMP } from './fixtures'
import type { Row } from './report'
import { summarise } from './stats'

const USERS = { ana: 'ana-bench', ben: 'ben-bench' }
export const SYNC_SECTION = 'Sync with a teammate (loopback server)'

const paragraph = (i: number, j: number) =>
  `Párrafo ${j} del artículo ${i}: el puerto movió ${i * 7 + j} mil contenedores, según la autoridad portuaria, y el ministro visitó las obras.`

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`sync bench: timed out waiting for ${what}`)
    await new Promise((done) => setImmediate(done))
  }
}

export async function syncRows(quick = false): Promise<Row[]> {
  const root = join(BENCH_TMP, `sync-${process.pid}`)
  rmSync(root, { recursive: true, force: true })
  const server = await startSyncServer({ users: USERS })
  const open = async (folder: string, files: Record<string, string>) => {
    const dir = join(root, folder)
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true })
      writeFileSync(join(dir, path), text)
    }
    mkdirSync(dir, { recursive: true })
    return Workspace.open(dir)
  }
  const connect = (workspace: Workspace, name: keyof typeof USERS, db: string) =>
    Replicator.connect(workspace, {
      url: server.url(db),
      credentials: { username: name, password: USERS[name] },
      userDataDir: join(root, `${name}-user-data`),
      maxBackoffMs: 1_000,
    })
  const rows: Row[] = []
  try {
    // A teammate's change, live.
    const text = Array.from({ length: 20 }, (_, j) => paragraph(0, j)).join('\n\n')
    const id = articleIdFor('puerto.txt')
    const ana = await open('ana', { 'puerto.txt': text })
    const ben = await open('ben', { 'puerto.txt': text })
    await ana.createAnnotation(id, { id: 'c1', kind: 'claim', start: 0, end: 8, attributes: { status: 'unchecked' } })
    const anaSync = await connect(ana, 'ana', 'live')
    const benSync = await connect(ben, 'ben', 'live')
    await anaSync.live()
    await benSync.live()
    const noteOnBen = async () => (await ben.store.annotationFile(id)).data.annotations.find((a) => a.id === 'c1')?.note
    await until(async () => (await noteOnBen()) !== undefined, 'the first annotation on ben')
    const visible: number[] = []
    for (let i = 0; i < (quick ? 10 : 40); i++) {
      const started = performance.now()
      await ana.updateAnnotation(id, 'c1', { note: `checked ${i}` })
      await until(async () => (await noteOnBen()) === `checked ${i}`, `change ${i} on ben`)
      visible.push(performance.now() - started)
    }
    const v = summarise(visible)
    rows.push({
      section: SYNC_SECTION,
      measure: "a teammate's change visible on the other laptop (live, loopback)",
      unit: 'ms',
      spanwise: v,
      note: `${v.n} edits; edit call → the other workspace's annotation file holds it`,
    })
    await anaSync.stop()
    await benSync.stop()
    await ana.close()
    await ben.close()

    // Initial sync of 1,000 articles.
    const count = quick ? 200 : 1_000
    const files: Record<string, string> = {}
    for (let i = 0; i < count; i++)
      files[`articles/a${String(i).padStart(4, '0')}.txt`] = Array.from({ length: 8 }, (_, j) => paragraph(i, j)).join('\n\n')
    const sender = await open('ana-initial', files)
    for (const path of Object.keys(files).slice(0, count))
      await sender.createAnnotation(articleIdFor(path), {
        id: 'q1',
        kind: 'claim',
        start: 0,
        end: 7,
        attributes: { status: 'unchecked' },
      })
    let started = performance.now()
    const sending = await connect(sender, 'ana', 'initial')
    await sending.once()
    const sendMs = performance.now() - started
    await sending.stop()
    await sender.close()

    const heapBefore = (global.gc?.(), process.memoryUsage())
    const receiver = await open('ben-initial', {})
    started = performance.now()
    const receiving = await connect(receiver, 'ben', 'initial')
    await receiving.once()
    await until(() => receiver.articles().length === count, 'every article on the receiver')
    const receiveMs = performance.now() - started
    global.gc?.()
    const heapAfter = process.memoryUsage()
    rows.push({
      section: SYNC_SECTION,
      measure: `initial sync of ${count.toLocaleString('en')} articles: sending`,
      unit: 'ms',
      spanwise: sendMs,
      note: `${count.toLocaleString('en')} texts, ${count.toLocaleString('en')} annotations`,
    })
    rows.push({
      section: SYNC_SECTION,
      measure: `initial sync of ${count.toLocaleString('en')} articles: a teammate with an empty folder receiving`,
      unit: 'ms',
      spanwise: receiveMs,
      note: 'every text written as a file, every annotation applied',
    })
    rows.push({
      section: SYNC_SECTION,
      measure: `replica memory after receiving ${count.toLocaleString('en')} articles (RSS growth)`,
      unit: 'MB',
      spanwise: (heapAfter.rss - heapBefore.rss) / 1e6,
      note: `JS heap growth ${((heapAfter.heapUsed - heapBefore.heapUsed) / 1e6).toFixed(0)} MB (workspace included)`,
    })
    await receiving.stop()
    await receiver.close()
  } finally {
    await server.close()
    rmSync(root, { recursive: true, force: true })
  }
  return rows
}

if (process.argv[1]?.endsWith('sync-row.ts')) {
  syncRows(process.argv.includes('--quick')).then(
    (rows) => {
      for (const r of rows) console.log(JSON.stringify(r))
      process.exit(0)
    },
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}
