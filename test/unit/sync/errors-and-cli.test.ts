/**
 * What a user sees when sync cannot happen (each an error code with one line), that the password is
 * never written anywhere, and `spanwise sync` on the command line (the real CLI in a child process).
 */
import { execFile } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it, vi } from 'vitest'
import { WorkbenchError } from '../../../src/shared/errors'
import {
  ARTICLE,
  ARTICLE_TEXT,
  USERS,
  annotationsOf,
  articleId,
  claimDraft,
  freePort,
  member,
  serverForFile,
} from '../../helpers/sync'

// Two teammates, a server and their replicas on a busy 2-core machine: generous, the waits bound each step.
vi.setConfig({ testTimeout: 180_000 })

const run = promisify(execFile)

const { server, team } = serverForFile({ forbidden: [{ user: 'eva', db: 'desk-only' }] })

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(WorkbenchError)
  const { code, message } = error as WorkbenchError
  expect(message).not.toContain('\n')
  return { code, message }
}

describe('sync refusals, each one clear line', () => {
  it('a wrong password, an unreachable server, a forbidden database, a server of another protocol, an http address elsewhere', async () => {
    const ana = await member('ana', { [ARTICLE]: ARTICLE_TEXT })
    const eva = await member('eva')
    team.push(ana, eva)
    const wrong = await codeOf(ana.connect(server().url('desk'), { credentials: { username: 'ana', password: 'not-it' } }))
    expect(wrong.code).toBe('sync-unauthorized')
    expect(wrong.message).toContain('user name or password')

    const closed = await freePort()
    expect((await codeOf(ana.connect(`http://127.0.0.1:${closed}/desk`))).code).toBe('sync-unreachable')

    expect((await codeOf(eva.connect(server().url('desk-only')))).code).toBe('sync-forbidden')

    const web: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'))
    await new Promise<void>((done) => web.listen(0, '127.0.0.1', done))
    const port = (web.address() as { port: number }).port
    try {
      expect((await codeOf(ana.connect(`http://127.0.0.1:${port}/desk`))).code).toBe('sync-protocol')
    } finally {
      web.close()
    }

    expect((await codeOf(ana.connect('http://couch.example.org/desk'))).code).toBe('invalid-input')
    expect((await codeOf(ana.connect(`http://ana:${USERS.ana}@127.0.0.1:${server().port}/desk`))).code).toBe('invalid-input')
  })

  it('never writes the password into the workspace', async () => {
    const ana = await member('ana', { [ARTICLE]: ARTICLE_TEXT })
    team.push(ana)
    await ana.workspace.createAnnotation(articleId, claimDraft('c1'))
    const sync = await ana.connect(server().url('no-secrets'))
    await sync.once()
    for (const file of filesBelow(ana.root)) expect(readFileSync(file, 'latin1')).not.toContain(USERS.ana)
  })
})

describe('spanwise sync on the command line', () => {
  const cli = join(import.meta.dirname, '../../../src/main/cli.ts')
  const spanwise = (args: string[], password: string, userData: string) =>
    run(process.execPath, ['--import', 'tsx', cli, 'sync', ...args], {
      env: { ...process.env, SPANWISE_SYNC_PASSWORD: password, SPANWISE_USER_DATA: userData },
    }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    )

  it('--once sends what the workspace has, prints what moved, and a teammate gets it; a wrong password exits 1 with one line', async () => {
    const ana = await member('ana', { [ARTICLE]: ARTICLE_TEXT })
    await ana.workspace.createAnnotation(articleId, claimDraft('from-cli', 2))
    await ana.workspace.close()
    const userData = join(ana.root, '..', `${ana.name}-user-data-${Date.now()}`)
    const url = server().url('nightly')

    const refused = await spanwise([ana.root, url, '--once', '--user', 'ana'], 'wrong', userData)
    expect(refused.code).toBe(1)
    expect(refused.stderr.trim().split('\n')).toHaveLength(1)
    expect(refused.stderr).toContain('refused the user name or password')

    const done = await spanwise([ana.root, url, '--once', '--user', 'ana'], USERS.ana, userData)
    expect(done.stderr).toBe('')
    expect(done.code).toBe(0)
    expect(done.stdout).toMatch(/sent \d+ changes, received 0/)
    expect(done.stdout).toMatch(/written here: 1 annotation,/)
    const settings = JSON.parse(readFileSync(join(ana.root, '.spanwise', 'sync.json'), 'utf8')) as Record<string, unknown>
    expect(settings).toMatchObject({ url, username: 'ana', member: 'ana' })
    expect(JSON.stringify(settings)).not.toContain(USERS.ana)

    const ben = await member('ben')
    team.push(ben)
    await (await ben.connect(url)).once()
    expect((await annotationsOf(ben)).has('from-cli')).toBe(true)
  })

  it('wrong usage exits 2', async () => {
    const result = await spanwise(['only-a-folder'], 'x', '/nonexistent')
    expect(result.code).toBe(2)
  })
})

function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesBelow(path) : [path]
  })
}
