import { execFileSync } from 'node:child_process'
import { mkdtempSync, openSync, closeSync, writeSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  blockingReads,
  BlockingReads,
  COOL_DOWN_MS,
  SLOW_IN_A_ROW,
  SLOW_READ_MS,
  STALLED_READ_MS,
  SYNC_READ_MAX_BYTES,
  TURN_EVERY_MS,
} from '../../../src/main/store/blocking-reads'
import { NotAPlainFileError, readPlainFile, readPlainFileBytes } from '../../../src/main/store/safe-fs'
import { readWholeFile, statMany } from '../../../src/main/workspace/file-reads'

const dir = () => mkdtempSync(join(tmpdir(), 'spanwise-reads-'))

/** A FIFO at `path`, or false where none can be made (Windows). */
function makeFifo(path: string): boolean {
  try {
    execFileSync('mkfifo', [path], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

describe('whole-file reads', () => {
  it('read small, empty and larger-than-blocking files whole, byte for byte', async () => {
    const d = dir()
    const sizes = [0, 1, 5_000, SYNC_READ_MAX_BYTES, SYNC_READ_MAX_BYTES + 1, 3 * SYNC_READ_MAX_BYTES]
    for (const size of sizes) {
      const bytes = Buffer.alloc(size)
      for (let i = 0; i < size; i++) bytes[i] = (i * 7919) & 0xff
      const path = join(d, `f${size}`)
      writeFileSync(path, bytes)
      expect(Buffer.compare(await readWholeFile(path), bytes), `${size} bytes`).toBe(0)
      expect(Buffer.compare((await readPlainFileBytes(path))!, bytes), `${size} bytes, checked`).toBe(0)
    }
    writeFileSync(join(d, 'text.json'), '{"quote":"«Hola» 🙂"}')
    expect(await readPlainFile(join(d, 'text.json'))).toBe('{"quote":"«Hola» 🙂"}')
    expect(await readPlainFile(join(d, 'missing.json'))).toBeNull()
  })

  it('refuse a FIFO in .spanwise at once, without waiting for a writer', async () => {
    const path = join(dir(), 'article.json')
    if (!makeFifo(path)) return
    await expect(readPlainFileBytes(path)).rejects.toBeInstanceOf(NotAPlainFileError)
  })

  it('wait for a FIFO in place of an article without blocking the app meanwhile', async () => {
    const path = join(dir(), 'story.txt')
    if (!makeFifo(path)) return
    const reading = readWholeFile(path)
    reading.catch(() => undefined)
    // The loop still runs timers while the open waits for a writer (a blocking open would hang here).
    await new Promise((resolve) => setTimeout(resolve, 20))
    const writer = openSync(path, 'w')
    writeSync(writer, 'written later')
    closeSync(writer)
    // Not a file: read at an offset, it fails (as it always did) rather than being taken for an article.
    await expect(reading).rejects.toThrow()
  })
})

describe('a pass of reads', () => {
  it('lets timers run while it reads file after file', async () => {
    const path = join(dir(), 'small.txt')
    writeFileSync(path, 'a few words')
    const started = performance.now()
    let timerRan = false
    setTimeout(() => (timerRan = true), 0)
    let reads = 0
    while (performance.now() - started < 5 * TURN_EVERY_MS) {
      await readWholeFile(path)
      reads++
    }
    expect(reads).toBeGreaterThan(1)
    expect(timerRan).toBe(true)
  })
})

describe('many stats', () => {
  it('answer each path in order (null where there is nothing), on a fast disk and on one judged slow', async () => {
    const root = dir()
    const paths = Array.from({ length: 300 }, (_, i) => join(root, `f${i}.txt`))
    paths.forEach((path, i) => writeFileSync(path, 'x'.repeat(i)))
    const asked = [...paths, join(root, 'missing.txt'), root]
    const sizes = (stats: Awaited<ReturnType<typeof statMany>>) => stats.map((s) => (s ? (s.isFile() ? s.size : 'dir') : null))
    const expected = [...paths.map((_, i) => i), null, 'dir']
    expect(sizes(await statMany(asked))).toEqual(expected)
    // A stalled read sends them through the thread pool for a while: the same answers.
    blockingReads.took(STALLED_READ_MS + 1)
    expect(blockingReads.allowed()).toBe(false)
    expect(sizes(await statMany(asked))).toEqual(expected)
  })
})

describe('BlockingReads', () => {
  it('sends reads to the thread pool for a while once several in a row were slow, then tries again', () => {
    let now = 1_000
    const reads = new BlockingReads(() => now)
    const slow = SLOW_READ_MS * 5
    expect(reads.allowed()).toBe(true)
    // A read descheduled on a busy machine, between fast ones, is not a slow disk.
    for (let i = 0; i < 10; i++) {
      for (let j = 1; j < SLOW_IN_A_ROW; j++) reads.took(slow)
      reads.took(SLOW_READ_MS / 4)
      expect(reads.allowed()).toBe(true)
    }
    for (let j = 0; j < SLOW_IN_A_ROW; j++) reads.took(slow)
    expect(reads.allowed()).toBe(false)
    now += COOL_DOWN_MS - 1
    expect(reads.allowed()).toBe(false)
    now += 1
    expect(reads.allowed()).toBe(true)
    // The one read tried after the cool-down, slow again: back to the thread pool at once.
    reads.took(slow)
    expect(reads.allowed()).toBe(false)
    now += COOL_DOWN_MS
    reads.took(SLOW_READ_MS / 4)
    expect(reads.allowed()).toBe(true)
    // A stalled read (a network folder) is enough alone.
    reads.took(STALLED_READ_MS + 1)
    expect(reads.allowed()).toBe(false)
  })
})
