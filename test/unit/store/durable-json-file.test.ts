import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Low } from 'lowdb'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { DurableJsonFile, NewerFormatError, type RecoveryReport } from '../../../src/main/store/durable-json-file'
import { SerialQueue } from '../../../src/main/store/serial-queue'

const Data = z.strictObject({ version: z.literal(1), items: z.array(z.string()) })
type Data = z.infer<typeof Data>

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'spanwise-store-'))
  const path = join(dir, 'data.json')
  const reports: RecoveryReport[] = []
  const open = async () => {
    const db = new Low<Data>(new DurableJsonFile(path, Data, { version: 1, onRecover: (r) => reports.push(r) }), {
      version: 1,
      items: [],
    })
    await db.read()
    return db
  }
  return { dir, path, reports, open }
}

describe('DurableJsonFile', () => {
  it('round-trips data through the file, including accents and emoji', async () => {
    const { open } = setup()
    const db = await open()
    db.data.items.push('«Hola», dijo la alcaldesa 🙂')
    await db.write()
    const again = await open()
    expect(again.data.items).toEqual(['«Hola», dijo la alcaldesa 🙂'])
  })

  it('keeps the previous version as .bak and leaves no temp files', async () => {
    const { dir, path, open } = setup()
    const db = await open()
    db.data.items = ['one']
    await db.write()
    db.data.items = ['one', 'two']
    await db.write()
    expect(JSON.parse(readFileSync(`${path}.bak`, 'utf8')).items).toEqual(['one'])
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([])
  })

  it('never overwrites a corrupt file: moves it aside and restores the last good version', async () => {
    const { dir, path, reports, open } = setup()
    const db = await open()
    db.data.items = ['first']
    await db.write()
    db.data.items = ['first', 'second']
    await db.write()
    writeFileSync(path, '{"version":1,"items":["first","sec') // truncated mid-write by another program
    const recovered = await open()
    expect(recovered.data.items).toEqual(['first'])
    expect(reports).toHaveLength(1)
    expect(reports[0].restored).toBe(true)
    const aside = readdirSync(dir).find((n) => n.startsWith('data.json.corrupt-'))!
    expect(readFileSync(join(dir, aside), 'utf8')).toContain('"sec')
  })

  it('treats valid JSON of the wrong shape as corrupt', async () => {
    const { path, reports, open } = setup()
    writeFileSync(path, JSON.stringify({ version: 1, items: [42] }))
    const db = await open()
    expect(db.data.items).toEqual([]) // nothing earlier to restore: starts empty
    expect(reports[0]).toMatchObject({ restored: false })
    expect(existsSync(reports[0].movedTo)).toBe(true)
  })

  it('refuses a file from a newer format version and leaves it untouched', async () => {
    const { path, open } = setup()
    const newer = JSON.stringify({ version: 2, items: ['from the future'], extra: true })
    writeFileSync(path, newer)
    await expect(open()).rejects.toBeInstanceOf(NewerFormatError)
    expect(readFileSync(path, 'utf8')).toBe(newer)
  })

  it('refuses to write data that does not validate', async () => {
    const { path, open } = setup()
    const db = await open()
    ;(db.data as unknown as { items: unknown[] }).items = [1]
    await expect(db.write()).rejects.toThrow(/refusing to write/)
    expect(existsSync(path)).toBe(false)
  })
})

describe('SerialQueue', () => {
  it('runs jobs one at a time in call order, continuing after a failure', async () => {
    const queue = new SerialQueue()
    const log: string[] = []
    const job =
      (name: string, ms: number, fail = false) =>
      () =>
        new Promise<string>((resolve, reject) =>
          setTimeout(() => {
            log.push(name)
            if (fail) reject(new Error(name))
            else resolve(name)
          }, ms),
        )
    const results = await Promise.allSettled([queue.run(job('a', 30)), queue.run(job('b', 1, true)), queue.run(job('c', 5))])
    expect(log).toEqual(['a', 'b', 'c'])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
  })
})
