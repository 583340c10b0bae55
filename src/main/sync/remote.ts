/**
 * The teammates' database on a CouchDB server: which addresses are allowed (https, or http to this
 * machine only), checking before any replication that the address is a CouchDB server, that the name
 * and password are accepted and that the user may use the database, and turning every failure into
 * an error code with one line the user can act on. The password is held in memory only.
 */
import { WorkbenchError, type ErrorCode } from '../../shared/errors'
import { said, sayText, type MessageKey, type MessageVars } from '../../shared/i18n'
import { pouchDB, pouchErrorOf, type PouchDb } from './pouch'

export interface Credentials {
  username: string
  password: string
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])
const CHECK_TIMEOUT_MS = 15_000

/** The database URL, checked: https (or http to 127.0.0.1/localhost), no password in it, a database named. */
export function checkDatabaseUrl(raw: string): URL {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    throw syncError('invalid-input', 'detail.sync.badAddress', { address: raw.slice(0, 200) })
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
    throw syncError('invalid-input', 'detail.sync.needsHttps')
  if (url.password) throw syncError('invalid-input', 'detail.sync.passwordInAddress')
  if (url.search || url.hash) throw syncError('invalid-input', 'detail.sync.queryInAddress')
  const path = url.pathname.replace(/\/+$/, '')
  if (!path || path === '/') throw syncError('invalid-input', 'detail.sync.nameDatabase')
  url.pathname = path
  return url
}

/** The address as shown and stored: no user name or password in it. */
export function displayUrl(url: URL): string {
  const copy = new URL(url.href)
  copy.username = ''
  copy.password = ''
  return copy.href
}

/**
 * Checks the server and the database, creating the database when it does not exist and the user may
 * (CouchDB admins, the test server), and returns the remote PouchDB. Throws a sync-* WorkbenchError.
 */
export async function openRemote(url: URL, credentials: Credentials): Promise<PouchDb> {
  const authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
  const root = new URL('/', url)
  const rootReply = await request(root, 'GET', authorization)
  if (rootReply.status === 401) throw wrongPassword(url)
  const welcome = rootReply.json as { couchdb?: unknown } | null
  if (rootReply.status !== 200 || !welcome || typeof welcome.couchdb !== 'string')
    throw syncError('sync-protocol', 'detail.sync.notCouch', { host: url.host })
  let db = await request(url, 'GET', authorization)
  if (db.status === 404) {
    const created = await request(url, 'PUT', authorization)
    if (created.status === 401 || created.status === 403) throw forbidden(url, 'detail.sync.cannotCreate')
    db = await request(url, 'GET', authorization)
  }
  if (db.status === 401) throw wrongPassword(url)
  if (db.status === 403) throw forbidden(url, 'detail.sync.notMember')
  if (db.status !== 200 || !db.json || typeof (db.json as { db_name?: unknown }).db_name !== 'string')
    throw syncError('sync-protocol', 'detail.sync.notDatabase', { host: url.host, status: db.status })
  const PouchDB = pouchDB()
  return withQuietInfo(new PouchDB(displayUrl(url), { auth: credentials, skip_setup: true }))
}

/**
 * PouchDB 9's replication reports its progress with `src.info().then(…)` and no catch: when the
 * server dies mid-batch, that rejection is unhandled and Node ends the process. The remote's `info`
 * answers the last known figures instead when the server cannot be reached; replication itself still
 * sees the failure through its own requests, and retries.
 */
function withQuietInfo(db: PouchDb): PouchDb {
  const info = db.info.bind(db)
  let last: Awaited<ReturnType<PouchDb['info']>> = { update_seq: 0, doc_count: 0 }
  db.info = () =>
    info().then(
      (answer) => (last = answer),
      (error: unknown) => {
        if (pouchErrorOf(error).status) throw error
        return last
      },
    )
  return db
}

/** The sync-* error for a failure during replication (PouchDB's error shapes), null when it is not one. */
export function syncErrorOf(error: unknown, url: URL): WorkbenchError {
  if (error instanceof WorkbenchError) return error
  const { status, name, code, message } = pouchErrorOf(error)
  if (status === 401 || name === 'unauthorized') return wrongPassword(url)
  if (status === 403 || name === 'forbidden') return forbidden(url, 'detail.sync.readOnly')
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ECONNRESET' || code === 'ETIMEDOUT' || name === 'FetchError')
    return unreachable(url)
  return syncError('internal', 'detail.sync.failed', { host: url.host, reason: message.split('\n')[0].slice(0, 300) })
}

/** A sync-* error: its English line, and the same by key for the window to say in its language. */
function syncError(code: ErrorCode, key: MessageKey, vars?: MessageVars): WorkbenchError {
  const why = said(key, vars)
  return new WorkbenchError(code, sayText(why, 'en'), why)
}

function wrongPassword(url: URL): WorkbenchError {
  return syncError('sync-unauthorized', 'detail.sync.unauthorized', { host: url.host })
}

function forbidden(url: URL, key: MessageKey): WorkbenchError {
  return syncError('sync-forbidden', key, { database: url.pathname.slice(1), host: url.host })
}

function unreachable(url: URL): WorkbenchError {
  return syncError('sync-unreachable', 'detail.sync.unreachable', { host: url.host })
}

async function request(url: URL, method: 'GET' | 'PUT', authorization: string): Promise<{ status: number; json: unknown }> {
  const target = new URL(url.href)
  target.username = ''
  target.password = ''
  let response: Response
  try {
    response = await fetch(target, {
      method,
      headers: { authorization, accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
    })
  } catch {
    throw unreachable(url)
  }
  const text = await response.text().catch(() => '')
  let json: unknown = null
  try {
    json = JSON.parse(text)
  } catch {
    json = null
  }
  return { status: response.status, json }
}
