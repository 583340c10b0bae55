/**
 * Two Spanwise processes on one workspace (a shared or synced folder, two user accounts): the first to
 * open it writes, the second gets it read-only with a message naming the holder, and no acknowledged
 * change is lost, in both orders of opening. A holder that is gone (killed) is taken over; a closed one
 * leaves no lock behind. Real processes (writer-child.ts), as the app and a second app would be.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync } from 'node:fs'
import { hostname } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { LOCK_FILE } from '../../src/main/store/workspace-lock'
import { articleIdFor, DATA_DIR, Workspace } from '../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../helpers/fs'
import { recordFigures } from './figures'

const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = resolve(here, '../..')
const TEXT = 'Pleno municipal\n\nLa concejala afirmó: «El presupuesto está equilibrado». El interventor discrepa.'
const ID = articleIdFor('pleno.txt')
/** Generous: starting a child under tsx takes seconds on a busy machine. */
const DEADLINE_MS = 240_000
const EDITS = 300

class Child {
  readonly lines: string[] = []
  readonly proc: ChildProcessWithoutNullStreams
  private waiters: (() => void)[] = []

  constructor(
    root: string,
    readonly name: string,
  ) {
    this.proc = spawn(process.execPath, ['--import', 'tsx', join(here, 'writer-child.ts'), root, name], { cwd: repoRoot })
    let buffered = ''
    this.proc.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8')
      const parts = buffered.split('\n')
      buffered = parts.pop()!
      this.lines.push(...parts)
      for (const wake of this.waiters.splice(0)) wake()
    })
    let stderr = ''
    this.proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    this.proc.on('exit', () => {
      if (stderr.trim()) this.lines.push(`stderr ${stderr.trim().split('\n')[0]}`)
      this.lines.push('exited')
      for (const wake of this.waiters.splice(0)) wake()
    })
  }

  /** Resolves with the first line matching `pattern`, waiting for it up to the deadline. */
  async waitFor(pattern: RegExp): Promise<string> {
    const deadline = Date.now() + DEADLINE_MS
    for (;;) {
      const found = this.lines.find((l) => pattern.test(l))
      if (found) return found
      if (this.lines.includes('exited')) throw new Error(`${this.name} exited: ${this.lines.slice(-3).join(' | ')}`)
      if (Date.now() > deadline) throw new Error(`${this.name}: no ${pattern} within ${DEADLINE_MS} ms`)
      await new Promise<void>((wake) => {
        this.waiters.push(wake)
        setTimeout(wake, 1000).unref()
      })
    }
  }

  send(line: string): void {
    this.proc.stdin.write(`${line}\n`)
  }

  acknowledged(prefix: 'u' | 'e'): string[] {
    return this.lines.filter((l) => l.startsWith(`${prefix} `)).map((l) => l.slice(2))
  }

  refused(): string[] {
    return this.lines.filter((l) => l.startsWith('refused '))
  }
}

/** A workspace with one article and one annotation per process name. */
async function workspace(names: string[]): Promise<string> {
  const root = tempDir('spanwise-two-writers-')
  writeFiles(root, { 'pleno.txt': TEXT })
  const ws = await Workspace.open(root)
  for (const [i, id] of names.entries()) await ws.createAnnotation(ID, { id, kind: 'claim', start: i * 5, end: i * 5 + 4 })
  await ws.close()
  return root
}

/** What a fresh open finds: each annotation's note and the entity ids. */
async function stored(root: string): Promise<{ notes: Record<string, string>; entities: string[] }> {
  const ws = await Workspace.open(root)
  const article = await ws.openArticle(ID)
  const result = {
    notes: Object.fromEntries(article.annotations.map((a) => [a.id, a.note])),
    entities: ws.entities().map((e) => e.id),
  }
  await ws.close()
  return result
}

/** Runs both processes' edits at once, then closes both; returns the first opener and the second. */
async function race(root: string, order: [string, string]) {
  const first = new Child(root, order[0])
  expect(await first.waitFor(/^open /)).toBe('open writable')
  const second = new Child(root, order[1])
  const opened = await second.waitFor(/^open /)
  first.send(`go ${EDITS}`)
  second.send(`go ${EDITS}`)
  await Promise.all([first.waitFor(/^done$/), second.waitFor(/^done$/)])
  first.send('close')
  second.send('close')
  await Promise.all([first.waitFor(/^closed$/), second.waitFor(/^closed$/)])
  return { first, second, opened }
}

const figures = { orders: 0, acknowledged: 0, refused: 0, lost: 0 }

describe('two Spanwise processes on one workspace', () => {
  for (const order of [
    ['a', 'b'],
    ['b', 'a'],
  ] as [string, string][]) {
    it(
      `${order[0]} opens first: ${order[1]} gets it read-only naming ${order[0]}, and no acknowledged change is lost`,
      async () => {
        const root = await workspace(['a', 'b'])
        const { first, second, opened } = await race(root, order)
        expect(opened).toMatch(/^open read-only This workspace is open in another Spanwise \(.* on .*, process \d+/)
        expect(opened).toContain(`process ${first.proc.pid}`)
        expect(opened).toContain(hostname())
        // Every change of the writer acknowledged; every change of the reader refused, none acknowledged.
        expect(first.acknowledged('u')).toHaveLength(EDITS)
        expect(first.refused()).toEqual([])
        expect(second.acknowledged('u')).toEqual([])
        expect(second.acknowledged('e')).toEqual([])
        expect(second.refused().length).toBe(EDITS + EDITS / 50)
        expect(second.refused().every((l) => l.startsWith('refused read-only '))).toBe(true)
        // Nothing acknowledged is missing from what the next open finds.
        const after = await stored(root)
        const lost =
          (after.notes[order[0]] === `${order[0]} ${EDITS}` ? 0 : 1) +
          first.acknowledged('e').filter((id) => !after.entities.includes(id)).length
        expect(after.notes[order[0]]).toBe(`${order[0]} ${EDITS}`)
        expect(after.notes[order[1]]).toBe('')
        expect(after.entities.sort()).toEqual(first.acknowledged('e').sort())
        // Released on close.
        expect(existsSync(join(root, DATA_DIR, LOCK_FILE))).toBe(false)
        figures.orders++
        figures.acknowledged += first.acknowledged('u').length + first.acknowledged('e').length
        figures.refused += second.refused().length
        figures.lost += lost
        await recordFigures(
          'two-writers',
          figures,
          `Two processes on one workspace, both orders of opening (${EDITS} note edits and ${EDITS / 50} entities each, at the same time): ` +
            `${figures.orders} orders run, ${figures.acknowledged} changes acknowledged by the writer, ${figures.refused} refused as read-only in the second process, ${figures.lost} acknowledged changes lost.`,
        )
      },
      DEADLINE_MS * 2,
    )
  }

  it(
    'a holder that was killed is taken over by the next process, which writes',
    async () => {
      const root = await workspace(['a', 'b'])
      const killed = new Child(root, 'a')
      expect(await killed.waitFor(/^open /)).toBe('open writable')
      killed.proc.kill('SIGKILL')
      await killed.waitFor(/^exited$/)
      expect(existsSync(join(root, DATA_DIR, LOCK_FILE))).toBe(true) // left behind by the killed holder
      const next = new Child(root, 'b')
      expect(await next.waitFor(/^open /)).toBe('open writable')
      next.send('go 5')
      await next.waitFor(/^done$/)
      next.send('close')
      await next.waitFor(/^closed$/)
      expect(next.acknowledged('u')).toHaveLength(5)
      expect((await stored(root)).notes.b).toBe('b 5')
    },
    DEADLINE_MS * 2,
  )
})
