/**
 * `spanwise sync <workspace> <database URL> [--once] [--user <name>] [--member <name>]`: the same
 * replicator as the app, for a data desk's scripts and nightly backups. The password comes from
 * SPANWISE_SYNC_PASSWORD or a prompt on the terminal, never from the command line. Prints what moved
 * and every conflict; live until interrupted (Ctrl+C) unless --once. Exit codes: 0 done, 1 the server
 * could not be reached or refused (one line says which), 2 wrong usage.
 */
import { homedir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { WorkbenchError } from '../../shared/errors'
import type { SyncConflict, SyncStatus } from '../../shared/sync'
import { Workspace } from '../workspace/workspace'
import { checkDatabaseUrl, displayUrl } from './remote'
import { Replicator, type OnceResult } from './replicator'
import { SyncSettings } from './sync-settings'
import type { SyncCounts } from './sync-engine'

export const SYNC_USAGE = `  spanwise sync <workspace> <database URL> [--once] [--user <name>] [--member <name>]

sync      replicates the workspace both ways with a CouchDB database (https, or http to this machine):
          live until interrupted, or --once; prints what moved and any conflict. The user name comes
          from --user, the URL (https://ana@host/db) or SPANWISE_SYNC_USER; the password from
          SPANWISE_SYNC_PASSWORD or a prompt, never the command line`

export class SyncUsageError extends Error {}

export async function syncCommand(
  args: string[],
  io: { say(line: string): void } = { say: (l) => process.stderr.write(`${l}\n`) },
): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { once: { type: 'boolean' }, user: { type: 'string' }, member: { type: 'string' } },
    })
  } catch (error) {
    throw new SyncUsageError((error as Error).message)
  }
  const [root, rawUrl] = parsed.positionals
  if (!root || !rawUrl) throw new SyncUsageError('Name the workspace folder and the database URL')
  const url = checkDatabaseUrl(rawUrl)
  const username = parsed.values.user ?? (decodeURIComponent(url.username) || process.env.SPANWISE_SYNC_USER)
  if (!username) throw new SyncUsageError('Name the CouchDB user: --user <name>, or https://<name>@server/<database>')
  const password = process.env.SPANWISE_SYNC_PASSWORD ?? (await promptPassword(`Password for ${username} at ${url.host}: `))
  const workspace = await Workspace.open(root, { onRecover: (r) => io.say(`warning: ${r.file}: ${r.reason}`) })
  try {
    const member = parsed.values.member ?? username
    const sync = await Replicator.connect(workspace, {
      url: url.href,
      credentials: { username, password },
      member,
      userDataDir: userDataDir(),
    })
    await (await SyncSettings.open(workspace.root)).set({ url: displayUrl(url), username, member })
    if (parsed.values.once) {
      try {
        printOnce(await sync.once(), io)
      } finally {
        await sync.stop()
      }
      return 0
    }
    return await runLive(sync, io)
  } finally {
    await workspace.close()
  }
}

function printOnce(result: OnceResult, io: { say(line: string): void }): void {
  process.stdout.write(`sent ${result.pushed} changes, received ${result.pulled}\n`)
  process.stdout.write(
    `${describeCounts('written here', result.counts.sent)}\n${describeCounts('applied here', result.counts.received)}\n`,
  )
  for (const conflict of result.conflicts) io.say(describeConflict(conflict))
}

/** Live until SIGINT/SIGTERM; a wrong password or a refused database ends it with exit code 1. */
async function runLive(sync: Replicator, io: { say(line: string): void }): Promise<number> {
  let lastLine = ''
  const shown = new Set<string>()
  const done = new Promise<number>((finish) => {
    const stop = () => finish(0)
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    sync.onDidChangeStatus((status) => {
      const line = describeStatus(status)
      if (line !== lastLine) io.say((lastLine = line))
      for (const conflict of sync.conflicts()) {
        if (shown.has(conflict.id)) continue
        shown.add(conflict.id)
        io.say(describeConflict(conflict))
      }
      if (status.state === 'error' && (status.code === 'sync-unauthorized' || status.code === 'sync-forbidden')) finish(1)
    })
  })
  await sync.live()
  const code = await done
  await sync.idle()
  process.stdout.write(
    `${describeCounts('written here', sync.counts.sent)}\n${describeCounts('applied here', sync.counts.received)}\n`,
  )
  await sync.stop()
  return code
}

export function describeStatus(status: SyncStatus): string {
  const at = status.lastSync ? ` (last sync ${status.lastSync})` : ''
  if (status.state === 'sending' || status.state === 'receiving') return `${status.state} ${status.pending}`
  if (status.state === 'error' || status.state === 'offline') return `${status.state}: ${status.message ?? ''}`
  return `${status.state}${at}`
}

function describeCounts(what: string, counts: SyncCounts['sent']): string {
  const parts = Object.entries(counts).map(([kind, n]) => `${n} ${kind}${n === 1 ? '' : 's'}`)
  return `${what}: ${parts.join(', ')}`
}

export function describeConflict(c: SyncConflict): string {
  const theirs = c.theirs.map((t) => `${t.author} (${t.removed ? 'deleted' : 'changed'} ${t.changedAt})`).join(', ')
  return `conflict: ${c.kind} ${c.itemId} changed by ${theirs} and by you (${c.mine.author}, ${c.mine.removed ? 'deleted' : 'changed'} ${c.mine.changedAt}): both kept; resolve it in the app`
}

/** Electron's user-data folder for Spanwise, so the app and the command line share replicas. */
export function userDataDir(): string {
  if (process.env.SPANWISE_USER_DATA) return process.env.SPANWISE_USER_DATA
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'spanwise')
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'spanwise')
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'spanwise')
}

/** Asks for the password on the terminal without echoing it. */
async function promptPassword(question: string): Promise<string> {
  const input = process.stdin
  if (!input.isTTY)
    throw new WorkbenchError('invalid-input', 'Set SPANWISE_SYNC_PASSWORD (there is no terminal to ask for the password)')
  process.stderr.write(question)
  input.setRawMode(true)
  input.resume()
  return new Promise((done, fail) => {
    let typed = ''
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          finish()
          done(typed)
          return
        }
        if (char === '\u0003') {
          finish()
          fail(new WorkbenchError('cancelled', 'Cancelled: nothing was synced'))
          return
        }
        typed = char === '\u007f' ? typed.slice(0, -1) : typed + char
      }
    }
    const finish = () => {
      input.off('data', onData)
      input.setRawMode(false)
      input.pause()
      process.stderr.write('\n')
    }
    input.on('data', onData)
  })
}
