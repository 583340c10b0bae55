import { execFile } from 'node:child_process'
import { chmodSync, existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { Workspace } from '../../src/main/workspace/workspace'
import { validateAgainstSchema } from '../helpers/schema'
import { tempDir, writeFiles } from '../helpers/fs'
import { storedLibrary } from '../helpers/library-index'

const run = promisify(execFile)
const BIN = resolve(import.meta.dirname, '../../bin/spanwise.js')
/** This file's tests only time out here (a hang): each CLI run is bounded by the pace of the first. */
const PACED_CEILING_MS = 10 * 60_000

/**
 * Runs the CLI, each run bounded by five times what the first one took (at least 30 s): the deadline
 * follows the machine's measured pace, so a busy machine gets longer and a hung run still fails.
 */
function pacedCli(): (args: string[]) => Promise<{ stdout: string; stderr: string }> {
  let first: number | null = null
  return async (args) => {
    const started = Date.now()
    const result = await run(process.execPath, [BIN, ...args], first === null ? {} : { timeout: Math.max(30_000, 5 * first) })
    first ??= Date.now() - started
    return result
  }
}
/** Every CLI run of this file, paced by the first. */
const cli = pacedCli()

describe('spanwise CLI (the real bin, in a child process)', { timeout: PACED_CEILING_MS }, () => {
  it('exports a workspace with -o and the output validates against the schema', async () => {
    const root = tempDir()
    const text = 'La alcaldesa dijo: «Es la mejor noticia».'
    writeFiles(root, { 'nota.txt': text })
    const ws = await Workspace.open(root)
    const [a] = ws.articles()
    await ws.createAnnotation(a.id, { id: 'q1', kind: 'quote', start: text.indexOf('«'), end: text.indexOf('»') + 1 })
    await ws.close()
    const out = join(tempDir(), 'out.json')
    const { stderr } = await cli(['export', root, '-o', out])
    expect(stderr).toMatch(/wrote 1 articles, 1 annotations/)
    const data = JSON.parse(readFileSync(out, 'utf8'))
    expect(validateAgainstSchema(data)).toEqual([])
    expect(data.articles[0].annotations[0].exact).toBe('«Es la mejor noticia»')
  })

  it('exports the changes still in the journal of a workspace the app has open, and leaves the journal alone', async () => {
    const root = tempDir()
    const text = 'La alcaldesa dijo: «Es la mejor noticia». El concejal lo negó.'
    writeFiles(root, { 'nota.txt': text })
    const app = await Workspace.open(root, { journal: { idleMs: 60_000 } }) // no compaction while the CLI runs
    const [a] = app.articles()
    const at = (s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length })
    await app.createAnnotation(a.id, { id: 'q1', kind: 'quote', ...at('«Es la mejor noticia»') })
    await app.createAnnotation(a.id, { id: 'c1', kind: 'claim', ...at('El concejal lo negó') }) // only in the journal
    const journal = join(root, '.spanwise', 'annotations', `${a.id}.journal`)
    const before = readFileSync(journal)
    const out = join(tempDir(), 'out.json')
    const { stderr } = await cli(['export', root, '-o', out])
    expect(stderr).toMatch(/wrote 1 articles, 2 annotations/)
    expect(JSON.parse(readFileSync(out, 'utf8')).articles[0].annotations.map((x: { id: string }) => x.id)).toEqual(['q1', 'c1'])
    expect(readFileSync(journal)).toEqual(before)
    await app.close()
  })

  it('fails with a clear message and exit code for a missing workspace or wrong usage', async () => {
    const missing = await cli(['export', '/nonexistent/folder', '-o', '/tmp/x.json']).catch((e) => e)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/Not a folder/)
    const usage = await cli(['export']).catch((e) => e)
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/Usage:/)
  })
})

describe('spanwise CLI: every format, validate and stats', { timeout: PACED_CEILING_MS }, () => {
  async function annotatedWorkspace() {
    const root = tempDir()
    const text = 'El alcalde dijo: «Creará 3.000 empleos» 😀. Inés Marroquín lo negó.'
    writeFiles(root, { 'nota.txt': text, 'otra.md': '# Otra\n\nSin anotaciones.' })
    const ws = await Workspace.open(root)
    const nota = ws.articles().find((a) => a.path === 'nota.txt')!
    const at = (s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length })
    await ws.createEntity({ id: 'ines', name: 'Inés Marroquín', type: 'person' })
    await ws.createAnnotation(nota.id, { id: 'q', kind: 'quote', ...at('«Creará 3.000 empleos»') })
    await ws.createAnnotation(nota.id, {
      id: 'c',
      kind: 'claim',
      ...at('Creará 3.000 empleos'),
      attributes: { status: 'false' },
      note: 'El informe dice 1.200',
    })
    await ws.createAnnotation(nota.id, { id: 'e', kind: 'entity', ...at('Inés Marroquín'), attributes: { entityId: 'ines' } })
    await ws.close()
    return root
  }

  it(
    'writes each format the data desks asked for',
    async () => {
      const root = await annotatedWorkspace()
      const out = tempDir('spanwise-out-')
      for (const format of ['json', 'w3c', 'jsonl', 'csv', 'claimreview']) {
        const file = join(out, `export.${format}`)
        const { stderr } = await cli(['export', root, '--format', format, '--out', file])
        expect(stderr).toMatch(/wrote 2 articles, 3 annotations/)
        expect(readFileSync(file, 'utf8').length).toBeGreaterThan(10)
      }
      const jsonl = readFileSync(join(out, 'export.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
      expect(jsonl.some((l: { spans: unknown[] }) => l.spans.length === 3)).toBe(true)
      expect(readFileSync(join(out, 'export.csv'), 'utf8').startsWith('\uFEFF')).toBe(true)
      expect(readFileSync(join(out, 'export.claimreview'), 'utf8')).toContain('ClaimReview')
      await cli(['export', root, '--format', 'brat', '--out', join(out, 'brat')])
      expect(readdirSync(join(out, 'brat')).some((n) => n.endsWith('.ann'))).toBe(true)
      // A brat export never replaces an existing folder.
      const again = await cli(['export', root, '--format', 'brat', '--out', join(out, 'brat')]).catch((e) => e)
      expect(again.code).toBe(1)
      expect(again.stderr).toMatch(/exists already/)
    },
    PACED_CEILING_MS,
  )

  it('validates an export, and rejects one whose offsets do not match its text or whose link dangles', async () => {
    const root = await annotatedWorkspace()
    const file = join(tempDir('spanwise-out-'), 'corpus.json')
    await cli(['export', root, '-o', file])
    const ok = await cli(['validate', file])
    expect(ok.stdout).toMatch(/valid Spanwise export \(2 articles\)/)
    const data = JSON.parse(readFileSync(file, 'utf8'))
    data.articles.find((a: { path: string }) => a.path === 'nota.txt').annotations[0].start += 1
    writeFileSync(file, JSON.stringify(data))
    const bad = await cli(['validate', file]).catch((e) => e)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/do not slice the text/)
    // A link to an annotation the export does not hold (a delete cut short by a crash) is rejected.
    data.articles.find((a: { path: string }) => a.path === 'nota.txt').annotations[0].start -= 1
    const nota = data.articles.find((a: { path: string }) => a.path === 'nota.txt')
    const ref = (annotationId: string) => ({ articleId: nota.id, annotationId })
    nota.links.push({ id: 'l1', from: ref('c'), to: ref('gone'), relation: 'supports', createdAt: '2026-01-01T00:00:00Z' })
    writeFileSync(file, JSON.stringify(data))
    const dangling = await cli(['validate', file]).catch((e) => e)
    expect(dangling.code).toBe(1)
    expect(dangling.stderr).toMatch(/link l1 points at annotation gone, which is not in the export/)
    writeFileSync(file, '{"format":"spanwise"}')
    const wrong = await cli(['validate', file]).catch((e) => e)
    expect(wrong.code).toBe(1)
  })

  it('prints counts per kind, status and entity', async () => {
    const root = await annotatedWorkspace()
    const { stdout } = await cli(['stats', root])
    expect(JSON.parse(stdout)).toEqual({
      articles: 2,
      unreadable: 0,
      skipped: [],
      annotations: { quote: 1, claim: 1, entity: 1 },
      claimStatuses: { false: 1 },
      entities: { 'Inés Marroquín': 1 },
    })
    const unknown = await cli(['export', root, '--format', 'xml', '--out', '/tmp/x']).catch((e) => e)
    expect(unknown.code).toBe(2)
  })
})

/** These tests run the CLI a dozen times each: seconds per run on a busy machine. */
const CLI_TIMEOUT = 300_000

/** Every file below `dir` (hidden ones included) with its bytes: what "left as it was" is checked against. */
function bytesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name)
    const stat = lstatSync(path)
    out[name] = stat.isFile() ? readFileSync(path).toString('base64') : stat.isDirectory() ? 'dir' : 'other'
  }
  return out
}

/** Each message on a line of its own: no message glued to a progress line. */
function expectOwnLines(stderr: string): void {
  for (const line of stderr.split('\n')) {
    const pieces = line.split('\r').filter(Boolean)
    // Progress overwrites itself with \r; whatever else is said starts a line of its own.
    expect(pieces.filter((p) => !/^(exporting|reading) \d+\/\d+$/.test(p)).length).toBeLessThanOrEqual(1)
    if (pieces.length > 1) expect(pieces.every((p) => /^(exporting|reading) \d+\/\d+$/.test(p))).toBe(true)
  }
  expect(stderr).not.toMatch(/\.tmp|\.partial/)
}

describe('spanwise CLI: never damages what it reads', () => {
  const text = 'La alcaldesa dijo: «Es la mejor noticia». El concejal lo negó.'
  const at = (s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length })

  async function workspace(extra: Record<string, string> = {}) {
    const root = tempDir('spanwise-cli-ws-')
    writeFiles(root, { 'nota.txt': text, ...extra })
    const ws = await Workspace.open(root)
    const nota = ws.articles().find((a) => a.path === 'nota.txt')!
    await ws.createAnnotation(nota.id, { id: 'q1', kind: 'quote', ...at('«Es la mejor noticia»') })
    await ws.createEntity({ id: 'alcaldesa', name: 'La alcaldesa', type: 'person' })
    await ws.close()
    return { root, id: nota.id }
  }

  it(
    'refuses --out onto an article or into .spanwise, replaces a file only with --force, and checks the folder before any work',
    async () => {
      const { root } = await workspace()
      const before = bytesOf(root)
      for (const out of [join(root, 'nota.txt'), join(root, '.spanwise', 'entities.json'), join(root, 'nueva.md')]) {
        const refused = await run(process.execPath, [BIN, 'export', root, '--out', out, '--force']).catch((e) => e)
        expect(refused.code).toBe(1)
        expect(refused.stderr).toMatch(/refusing to write the export .*nothing was written/)
        expect(refused.stderr).not.toMatch(/exporting/)
        expectOwnLines(refused.stderr)
      }
      expect(bytesOf(root)).toEqual(before)

      const outDir = tempDir('spanwise-out-')
      const existing = join(outDir, 'corpus.json')
      writeFileSync(existing, 'my earlier export')
      const kept = await run(process.execPath, [BIN, 'export', root, '--out', existing]).catch((e) => e)
      expect(kept.code).toBe(1)
      expect(kept.stderr).toMatch(/exists already: add --force/)
      expect(readFileSync(existing, 'utf8')).toBe('my earlier export')
      const replaced = await run(process.execPath, [BIN, 'export', root, '--out', existing, '--force'])
      expect(replaced.stderr).toMatch(/wrote 1 articles, 1 annotations/)
      expect(JSON.parse(readFileSync(existing, 'utf8')).format).toBe('spanwise')

      const nowhere = await run(process.execPath, [BIN, 'export', root, '--out', join(outDir, 'missing', 'x.json')]).catch(
        (e) => e,
      )
      expect(nowhere.code).toBe(1)
      expect(nowhere.stderr.trim().split('\n')).toEqual([
        `spanwise: cannot write the export to ${join(outDir, 'missing', 'x.json')}: the folder ${join(outDir, 'missing')} does not exist; nothing was written`,
      ])
      expect(bytesOf(root)).toEqual(before)
    },
    CLI_TIMEOUT,
  )

  it(
    'export and stats work on a read-only workspace and on one the app has open, and leave every byte as it was',
    async () => {
      // A folder never opened by Spanwise: reading it creates no .spanwise.
      const fresh = tempDir('spanwise-cli-fresh-')
      writeFiles(fresh, { 'nota.txt': text })
      const out = tempDir('spanwise-out-')
      chmodSync(out, 0o777)
      for (const dir of [fresh, (await workspace()).root]) {
        chmodSync(dir, 0o755)
        for (const name of readdirSync(dir, { recursive: true }) as string[]) {
          chmodSync(join(dir, name), lstatSync(join(dir, name)).isDirectory() ? 0o555 : 0o444)
        }
        chmodSync(dir, 0o555)
        const before = bytesOf(dir)
        // As root every folder is writable: run the CLI as another user, for whom this one is not.
        const asReader = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}
        const file = join(out, `${basename(dir)}.json`)
        const exported = await run(process.execPath, [BIN, 'export', dir, '--out', file], asReader)
        expect(exported.stderr).toMatch(/wrote 1 articles/)
        expectOwnLines(exported.stderr)
        const stats = await run(process.execPath, [BIN, 'stats', dir], asReader)
        expect(JSON.parse(stats.stdout).articles).toBe(1)
        expect(bytesOf(dir)).toEqual(before)
      }
      expect(existsSync(join(fresh, '.spanwise'))).toBe(false)

      const { root, id } = await workspace()
      // No compaction and no heartbeat while the CLI runs: any change to the folder would be the CLI's.
      const app = await Workspace.open(root, { journal: { idleMs: 600_000 }, lock: { heartbeatMs: 600_000, staleMs: 1_200_000 } })
      await app.openArticle(id)
      await app.createAnnotation(id, { id: 'c1', kind: 'claim', ...at('El concejal lo negó') }) // only in the journal
      // The app writes its index a moment after a change: wait for that write, then take the bytes.
      const written = () => storedLibrary(root).some((e) => e.id === id && e.counts?.claim === 1)
      for (const deadline = Date.now() + 60_000; !written();) {
        if (Date.now() > deadline) throw new Error('the app never wrote its index')
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      await app.settled()
      const before = bytesOf(root)
      const file = join(out, 'open.json')
      await run(process.execPath, [BIN, 'export', root, '--out', file])
      await run(process.execPath, [BIN, 'stats', root])
      expect(JSON.parse(readFileSync(file, 'utf8')).articles[0].annotations.map((a: { id: string }) => a.id)).toEqual([
        'q1',
        'c1',
      ])
      expect(bytesOf(root)).toEqual(before)
      await app.close()
    },
    CLI_TIMEOUT,
  )

  it(
    'names each unreadable article on stderr and in the export, and a partial export exits 3',
    async () => {
      const { root } = await workspace({ 'vacia.txt': '', 'sub/otra.md': '' })
      const file = join(tempDir('spanwise-out-'), 'corpus.json')
      const partial = await run(process.execPath, [BIN, 'export', root, '--out', file]).catch((e) => e)
      expect(partial.code).toBe(3)
      expect(partial.stderr).toMatch(/^skipped sub\/otra\.md: The file is empty$/m)
      expect(partial.stderr).toMatch(/^skipped vacia\.txt: The file is empty$/m)
      expect(partial.stderr).toMatch(/2 unreadable article\(s\) left out/)
      expectOwnLines(partial.stderr)
      const data = JSON.parse(readFileSync(file, 'utf8'))
      expect(data.skipped).toEqual([
        { path: 'sub/otra.md', reason: 'The file is empty' },
        { path: 'vacia.txt', reason: 'The file is empty' },
      ])
      expect(validateAgainstSchema(data)).toEqual([])
      expect((await run(process.execPath, [BIN, 'validate', file])).stdout).toMatch(/valid/)
      const stats = await run(process.execPath, [BIN, 'stats', root])
      expect(JSON.parse(stats.stdout).skipped).toHaveLength(2)
      expect(stats.stderr).toMatch(/^skipped vacia\.txt: The file is empty$/m)
    },
    CLI_TIMEOUT,
  )

  it(
    'says where damaged data went, and how many changes could not be recovered',
    async () => {
      const { root, id } = await workspace()
      writeFileSync(join(root, '.spanwise', 'links.json'), '{ not json')
      // A journal line three changes ahead of the file, from a writer that is gone: two changes are missing.
      const stored = JSON.parse(readFileSync(join(root, '.spanwise', 'annotations', `${id}.json`), 'utf8'))
      writeFileSync(
        join(root, '.spanwise', 'annotations', `${id}.journal`),
        `${JSON.stringify({ journal: 1, pid: 2 ** 22 + 17, writer: 'gone' })}\n${JSON.stringify({ seq: stored.journalSeq + 3, puts: [], deletes: [] })}\n`,
      )
      const before = bytesOf(root)
      const result = await run(process.execPath, [BIN, 'export', root, '--out', join(tempDir('spanwise-out-'), 'x.json')])
      expectOwnLines(result.stderr)
      expect(result.stderr).toMatch(/^warning: .*2 change\(s\) could not be recovered/m)
      expect(result.stderr).toMatch(/^warning: .*links\.json.*not valid JSON.*left in place/m)
      expect(result.stderr).not.toMatch(/moved to\s*$/m)
      expect(bytesOf(root)).toEqual(before)
    },
    CLI_TIMEOUT,
  )
})
