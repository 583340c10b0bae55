/**
 * The workspace lock against holders on other machines (a shared or synced folder): a live one makes
 * the open read-only and is named; one whose heartbeat stopped is taken over; a close releases it.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { acquireWorkspaceLock, LOCK_FILE, releaseWorkspaceLock } from '../../../src/main/store/workspace-lock'
import { tempDir } from '../../helpers/fs'

const OPTIONS = { heartbeatMs: 60_000, staleMs: 30_000 }

function dataDirWithLock(heartbeat: Date): string {
  const dir = join(tempDir('spanwise-lock-'), '.spanwise')
  mkdirSync(dir)
  const holder = { host: 'laptop-of-ana', user: 'ana', pid: 4242, heartbeat: heartbeat.toISOString(), token: 'ana-token' }
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify(holder))
  return dir
}

describe('the workspace lock', () => {
  it('a holder on another machine with a fresh heartbeat: read-only, naming who holds it', async () => {
    const dir = dataDirWithLock(new Date())
    const access = await acquireWorkspaceLock(dir, OPTIONS)
    expect(access.writable).toBe(false)
    expect(access.reason).toMatch(/ana on laptop-of-ana, process 4242/)
    expect(() => access.check()).toThrow(expect.objectContaining({ code: 'read-only' }))
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).token).toBe('ana-token')
  })

  it('a holder whose heartbeat stopped longer ago than a stale lock: taken over, released on close', async () => {
    const dir = dataDirWithLock(new Date(Date.now() - 10 * 60_000))
    const access = await acquireWorkspaceLock(dir, OPTIONS)
    expect(access.writable).toBe(true)
    const lock = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))
    expect(lock.pid).toBe(process.pid)
    expect(existsSync(join(dir, `${LOCK_FILE}.takeover`))).toBe(false)
    await releaseWorkspaceLock(dir, access)
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
  })

  it('a takeover cut short by a crash (its guard left behind) does not keep the next open read-only', async () => {
    // The holder and the process that was taking over are both gone: a finished child's pid.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!
    const dir = join(tempDir('spanwise-lock-'), '.spanwise')
    mkdirSync(dir)
    const holder = { host: hostname(), user: 'ana', pid: gone, heartbeat: new Date().toISOString(), token: 'dead' }
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(holder))
    writeFileSync(join(dir, `${LOCK_FILE}.takeover`), `${hostname()}\n${gone}\n`)
    const access = await acquireWorkspaceLock(dir, OPTIONS)
    expect(access.reason).toBeNull()
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid)
    expect(existsSync(join(dir, `${LOCK_FILE}.takeover`))).toBe(false)
    await releaseWorkspaceLock(dir, access)
  })

  it('a guard whose owner still runs is respected: the open is read-only', async () => {
    const dir = join(tempDir('spanwise-lock-'), '.spanwise')
    mkdirSync(dir)
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!
    const holder = { host: hostname(), user: 'ana', pid: gone, heartbeat: new Date().toISOString(), token: 'dead' }
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(holder))
    writeFileSync(join(dir, `${LOCK_FILE}.takeover`), `${hostname()}\n${process.ppid}\n`)
    const access = await acquireWorkspaceLock(dir, OPTIONS)
    expect(access.writable).toBe(false)
  })

  it.each([
    ['a guard folder left by an older Spanwise killed before naming itself', (guard: string) => mkdirSync(guard)],
    ['a guard file naming nobody', (guard: string) => writeFileSync(guard, '')],
  ])('%s is cleared at once: the next open writes', async (_, plant) => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!
    const dir = join(tempDir('spanwise-lock-'), '.spanwise')
    mkdirSync(dir)
    const holder = { host: hostname(), user: 'ana', pid: gone, heartbeat: new Date().toISOString(), token: 'dead' }
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(holder))
    plant(join(dir, `${LOCK_FILE}.takeover`))
    const access = await acquireWorkspaceLock(dir, OPTIONS)
    expect(access.reason).toBeNull()
    expect(existsSync(join(dir, `${LOCK_FILE}.takeover`))).toBe(false)
    await releaseWorkspaceLock(dir, access)
  })
})
