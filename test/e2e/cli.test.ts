import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { Workspace } from '../../src/main/workspace/workspace'
import { validateAgainstSchema } from '../helpers/schema'
import { tempDir, writeFiles } from '../helpers/fs'

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
      const { readdirSync } = await import('node:fs')
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
    const { writeFileSync } = await import('node:fs')
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
      annotations: { quote: 1, claim: 1, entity: 1 },
      claimStatuses: { false: 1 },
      entities: { 'Inés Marroquín': 1 },
    })
    const unknown = await cli(['export', root, '--format', 'xml', '--out', '/tmp/x']).catch((e) => e)
    expect(unknown.code).toBe(2)
  })
})
