/**
 * Figures the reliability and security tests measure (rounds survived, saves acknowledged, payloads
 * tried, requests seen). Each test records its own section: a JSON file under test-results/reliability/
 * and the matching block of docs/reliability.md (between `<!-- figures:<name> -->` markers), so the doc
 * always shows the last run. Several vitest workers may record at once: the doc is rewritten under a lock.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const RELIABILITY_DOC = join(repoRoot, 'docs/reliability.md')
const RESULTS_DIR = join(repoRoot, 'test-results/reliability')

/** Writes `figures` to test-results/reliability/<name>.json and `markdown` into the doc's <name> block. */
export async function recordFigures(name: string, figures: Record<string, unknown>, markdown: string): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true })
  const at = new Date().toISOString()
  writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify({ ...figures, at }, null, 2)}\n`)
  await withLock(`${RELIABILITY_DOC}.lock`, () => {
    const begin = `<!-- figures:${name} -->`
    const end = `<!-- /figures:${name} -->`
    const doc = readFileSync(RELIABILITY_DOC, 'utf8')
    const from = doc.indexOf(begin)
    const to = doc.indexOf(end)
    if (from < 0 || to < from) throw new Error(`docs/reliability.md has no ${begin} … ${end} block`)
    const block = `${begin}\n${markdown.trim()}\n\n_Last run: ${at.slice(0, 16).replace('T', ' ')} UTC._\n${end}`
    const next = doc.slice(0, from) + block + doc.slice(to + end.length)
    if (next === doc) return
    const temp = `${RELIABILITY_DOC}.${process.pid}.tmp`
    writeFileSync(temp, next)
    renameSync(temp, RELIABILITY_DOC)
  })
}

async function withLock(lock: string, run: () => void): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      mkdirSync(lock)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 200) throw error
      await new Promise((r) => setTimeout(r, 25))
    }
  }
  try {
    run()
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}
