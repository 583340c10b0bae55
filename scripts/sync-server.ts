/**
 * A CouchDB-compatible server for tests and for trying sync on one machine: express-pouchdb over
 * PouchDB, on 127.0.0.1 only, its databases in memory or in a folder.
 *
 *   npm run sync-server -- --port 5984 [--dir ./couch-data] [--user ana:secret]...
 *
 * It answers at its root as CouchDB does ({"couchdb":"Welcome"}), so the app accepts it. TEST ONLY:
 * express-pouchdb has no users of its own, so a tiny basic-auth check sits in front of it (`--user
 * name:password`, repeatable; none means anyone). A newsroom uses Apache CouchDB 3, whose users and
 * database `_security` (members, admins) do this for real (docs/sync.md).
 */
import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'

const require = createRequire(import.meta.url)

export interface SyncServerOptions {
  port?: number
  /** Keep databases in this folder (LevelDB); in memory without it. */
  dir?: string
  /** name → password; empty lets anyone in. */
  users?: Record<string, string>
  /** Databases these users may not open (answers 403): for the forbidden-database test. */
  forbidden?: { user: string; db: string }[]
}

export interface SyncServer {
  port: number
  url(db: string): string
  close(): Promise<void>
}

interface Req {
  headers: Record<string, string | undefined>
  path: string
  method: string
}
interface Res {
  status(code: number): Res
  json(body: unknown): void
  setHeader(name: string, value: string): void
}

export async function startSyncServer(options: SyncServerOptions = {}): Promise<SyncServer> {
  const express = require('express') as () => {
    use(...args: unknown[]): void
    get(path: string, handler: (req: Req, res: Res) => void): void
    listen(port: number, host: string, cb: () => void): import('node:http').Server
  }
  const expressPouchDB = require('express-pouchdb') as (db: unknown, options: unknown) => unknown
  const PouchDB = require('pouchdb-node') as { defaults(o: unknown): unknown; plugin(p: unknown): void }
  PouchDB.plugin(require('pouchdb-adapter-memory'))
  let Db: unknown
  if (options.dir) {
    const dir = resolve(options.dir)
    mkdirSync(dir, { recursive: true })
    Db = PouchDB.defaults({ prefix: `${dir}/` })
  } else Db = PouchDB.defaults({ adapter: 'memory' })
  const users = options.users ?? {}
  const app = express()
  app.use((req: Req, res: Res, next: () => void) => {
    const names = Object.keys(users)
    if (names.length === 0) return next()
    const header = req.headers.authorization ?? ''
    const [name, ...rest] = Buffer.from(header.replace(/^Basic /, ''), 'base64')
      .toString('utf8')
      .split(':')
    const root = req.path === '/' && req.method === 'GET'
    if (!root && (!header.startsWith('Basic ') || users[name] === undefined || users[name] !== rest.join(':'))) {
      res.status(401).json({ error: 'unauthorized', reason: 'Name or password is incorrect.' })
      return
    }
    const db = req.path.split('/')[1]
    if (options.forbidden?.some((f) => f.user === name && f.db === db)) {
      res.status(403).json({ error: 'forbidden', reason: 'You are not allowed to access this db.' })
      return
    }
    next()
  })
  app.get('/', (_req, res) =>
    res.json({ couchdb: 'Welcome', version: '3.3.3', vendor: { name: 'express-pouchdb (Spanwise test server)' } }),
  )
  app.use('/', expressPouchDB(Db, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: '/dev/null' }))
  const server = await new Promise<import('node:http').Server>((done) => {
    const s = app.listen(options.port ?? 0, '127.0.0.1', () => done(s))
  })
  const port = (server.address() as AddressInfo).port
  return {
    port,
    url: (db) => `http://127.0.0.1:${port}/${db}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections?.()
        server.close(() => done())
      }),
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '5984' }, dir: { type: 'string' }, user: { type: 'string', multiple: true } },
  })
  const users = Object.fromEntries((values.user ?? []).map((u) => [u.split(':')[0], u.split(':').slice(1).join(':')]))
  const server = await startSyncServer({ port: Number(values.port), dir: values.dir, users })
  // The tests read this line to learn the port.
  process.stdout.write(
    `sync-server listening on http://127.0.0.1:${server.port}/ (${values.dir ? `databases in ${values.dir}` : 'in memory'})\n`,
  )
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  main().catch((error: unknown) => {
    process.stderr.write(`sync-server: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  })
}
