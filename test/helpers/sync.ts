/**
 * Teams for the sync tests: a CouchDB-compatible test server on 127.0.0.1 (scripts/sync-server.ts, in
 * this process or as a child process that can be SIGKILLed) and workspaces of teammates, each with its
 * own in-memory replica, connected to it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { startSyncServer, type SyncServer, type SyncServerOptions } from '../../scripts/sync-server'
import type { AnnotationDraft } from '../../src/shared/model'
import { Replicator, type ReplicatorOptions } from '../../src/main/sync/replicator'
import { Workspace } from '../../src/main/workspace/workspace'
import { articleIdFor } from '../../src/main/workspace/article-ids'
import { tempDir, writeFiles } from './fs'

export const USERS = { ana: 'ana-secret', ben: 'ben-secret', eva: 'eva-secret' }

export { waitFor } from './wait'

export interface Member {
  name: keyof typeof USERS
  root: string
  workspace: Workspace
  sync: Replicator | null
  connect(url: string, options?: Partial<ReplicatorOptions>): Promise<Replicator>
  disconnect(): Promise<void>
  close(): Promise<void>
}

/** A teammate's workspace (files written first), opened, not connected yet. */
export async function member(
  name: keyof typeof USERS,
  files: Record<string, string> = {},
  root = tempDir(`spanwise-sync-${name}-`),
): Promise<Member> {
  writeFiles(root, files)
  const workspace = await Workspace.open(root)
  const replicaName = `replica-${name}-${randomBytes(6).toString('hex')}`
  const m: Member = {
    name,
    root,
    workspace,
    sync: null,
    async connect(url, options = {}) {
      m.sync = await Replicator.connect(workspace, {
        url,
        credentials: { username: name, password: USERS[name] },
        memoryReplica: replicaName,
        maxBackoffMs: 500,
        ...options,
      })
      return m.sync
    },
    async disconnect() {
      await m.sync?.stop()
      m.sync = null
    },
    async close() {
      await m.disconnect()
      await workspace.close()
    },
  }
  return m
}

/** Ana and Ben, each with the shared article (ARTICLE), in `team` (closed after the test); not connected yet. */
export async function anaAndBen(team: Member[]): Promise<[Member, Member]> {
  const ana = await member('ana', { [ARTICLE]: ARTICLE_TEXT })
  const ben = await member('ben', { [ARTICLE]: ARTICLE_TEXT })
  team.push(ana, ben)
  return [ana, ben]
}

/** Connects each teammate to the database at `url`, replicating live, one after the other. */
export async function connectLive(url: string, ...members: Member[]): Promise<void> {
  for (const m of members) await (await m.connect(url)).live()
}

export const ARTICLE = 'puerto.txt'
export const ARTICLE_TEXT =
  'El puerto de Valencia movió 5,4 millones de contenedores en 2023, según la autoridad portuaria. ' +
  '«Es un récord», dijo la presidenta Mar Chao. El ministro Óscar Puente visitó las obras.\n\n' +
  'La ampliación norte costará 1.200 millones de euros y estará lista en 2030, afirmó el consejero.\n'
export const articleId = articleIdFor(ARTICLE)

/** A claim draft over the nth word-ish span of the article (distinct spans for distinct n). */
export function claimDraft(id: string, n = 0): AnnotationDraft {
  const start = (n * 7) % (ARTICLE_TEXT.length - 20)
  return { id, kind: 'claim', start: start + 1, end: start + 12, attributes: { status: 'unchecked' } }
}

/** The annotations a member's workspace holds for the shared article, by id. */
export async function annotationsOf(m: Member, id = articleId): Promise<Map<string, { note: string; status?: string }>> {
  if (!m.workspace.has(id)) return new Map()
  const opened = await m.workspace.openArticle(id)
  return new Map(
    opened.annotations.map((a) => [a.id, { note: a.note, status: a.kind === 'claim' ? a.attributes.status : undefined }]),
  )
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => done(port))
    })
  })
}

/** The test server as a child process (so a test can SIGKILL it), with its databases in `dir`. */
export async function serverProcess(port: number, dir: string): Promise<ChildProcess> {
  const script = join(import.meta.dirname, '../../scripts/sync-server.ts')
  const users = Object.entries(USERS).flatMap(([n, p]) => ['--user', `${n}:${p}`])
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--port', String(port), '--dir', dir, ...users], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  await new Promise<void>((done, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('listening')) done()
    })
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => fail(new Error(`sync-server exited (${code}): ${output}`)))
  })
  child.removeAllListeners('exit')
  return child
}

/**
 * One test server for the whole file (express-pouchdb keeps process-wide state, so a second one in a
 * process misbehaves) and the file's teammates, closed after each test.
 */
export function serverForFile(options: Omit<SyncServerOptions, 'users'> = {}): { server: () => SyncServer; team: Member[] } {
  let server: SyncServer | null = null
  const team: Member[] = []
  beforeAll(async () => {
    server = await startSyncServer({ users: USERS, ...options })
  })
  afterAll(() => server?.close())
  afterEach(async () => {
    for (const m of team.splice(0)) await m.close()
  })
  return { server: () => server!, team }
}
