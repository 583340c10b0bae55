/**
 * The research rows (`--only=research`): compare two 100 KB articles (a Spanish report and its English
 * translation) and entity discovery over 10,000 news articles, each in a child process
 * (research-child.ts) so its peak memory is its own.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { BENCH_TMP } from './fixtures'
import { prng } from './generate'
import { makeNewsArticle } from './research-generate'
import type { Row } from './report'
import { summarise } from './stats'

const run = promisify(execFile)

/** Bumped when the generated news workspace changes. */
const NEWS_VERSION = 1

/**
 * A workspace of `articles` news articles in folders of 100 (most 2–8 KB, one in ten 20–40 KB), naming
 * people, organisations and places from a pool of 20,000 with a long tail. Written once.
 */
export function newsWorkspace(articles: number): string {
  const root = join(BENCH_TMP, `news-${articles}-v${NEWS_VERSION}`)
  const stamp = join(root, '.bench-complete')
  if (existsSync(stamp)) return root
  rmSync(root, { recursive: true, force: true })
  const rnd = prng(articles * 31)
  for (let i = 0; i < articles; i++) {
    const chars = rnd() < 0.1 ? 20_000 + Math.floor(rnd() * 20_000) : 2_000 + Math.floor(rnd() * 6_000)
    const dir = join(root, `desk-${String(Math.floor(i / 100)).padStart(3, '0')}`)
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, `story-${i}.txt`), makeNewsArticle(chars, 5000 + i, 20_000))
  }
  writeFileSync(stamp, '')
  return root
}

async function child<T>(args: string[]): Promise<T> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'research-child.ts'), ...args], {
    maxBuffer: 1 << 20,
    timeout: 60 * 60_000,
  })
  return JSON.parse(stdout.trim().split('\n').pop()!) as T
}

interface CompareResult {
  first: number
  ms: number[]
  threadMs: number[]
  peakRssMB: number
  pairs: number
  items: number
  chars: [number, number]
}

interface DiscoveryRun {
  ms: number
  maxDelayMs: number
  p99DelayMs: number
  answers: number
  maxAnswerMs: number
}

interface DiscoveryResult {
  first: DiscoveryRun
  again: DiscoveryRun
  proposals: number
  mentions: number
  peakRssMB: number
  rssBeforeMB: number
}

export const RESEARCH_SECTION = 'Research (main process under Node)'

export async function researchRows(rows: Row[], log: (msg: string) => void, quick = false): Promise<void> {
  const section = RESEARCH_SECTION
  const na = { peer: 'n/a', baseline: 'n/a' }
  const compare = await child<CompareResult>(['compare', String(quick ? 5 : 15)])
  const c = summarise(compare.ms)
  log(`compare: first ${compare.first.toFixed(0)} ms, median ${c.median.toFixed(0)} ms`)
  const detail = `${Math.round(compare.chars[0] / 1000)} KB Spanish report, ${Math.round(compare.chars[1] / 1000)} KB English translation; ${compare.pairs} paragraph pairs, ${compare.items} items`
  rows.push({
    section,
    measure: 'compare two 100 KB articles',
    unit: 'ms',
    spanwise: c,
    ...na,
    target: '≤ 200 ms',
    met: c.median <= 200,
    note: `${c.n} runs after the first; main thread's CPU median ${summarise(compare.threadMs).median.toFixed(0)} ms; ${detail}`,
  })
  rows.push({
    section,
    measure: 'compare two 100 KB articles, first in a fresh process',
    unit: 'ms',
    spanwise: compare.first,
    ...na,
    note: 'includes building the place and calendar lexicons and the JIT warming up',
  })
  rows.push({ section, measure: 'compare two 100 KB articles: peak RSS', unit: 'MB', spanwise: compare.peakRssMB, ...na })

  const articles = quick ? 1_000 : 10_000
  log(`news workspace of ${articles} articles…`)
  const root = newsWorkspace(articles)
  const d = await child<DiscoveryResult>(['discover', root])
  log(`discovery: ${d.first.ms.toFixed(0)} ms, max event-loop delay ${d.first.maxDelayMs.toFixed(0)} ms`)
  const label = `entity discovery over ${articles.toLocaleString('en')} articles`
  const big = articles === 10_000
  rows.push({
    section,
    measure: `${label}, in the background: first run`,
    unit: 'ms',
    spanwise: d.first.ms,
    ...na,
    target: big ? '≤ 60,000 ms' : undefined,
    met: big ? d.first.ms <= 60_000 : undefined,
    note: `${d.proposals.toLocaleString('en')} proposals, ${d.mentions.toLocaleString('en')} mentions; ${d.first.answers} requests (an article opened, a search) answered meanwhile, slowest ${d.first.maxAnswerMs.toFixed(0)} ms`,
  })
  rows.push({
    section,
    measure: `${label}: again (articles unchanged, names cached)`,
    unit: 'ms',
    spanwise: d.again.ms,
    ...na,
    note: `${d.again.answers} requests (an article opened, a search) answered meanwhile, slowest ${d.again.maxAnswerMs.toFixed(0)} ms`,
  })
  rows.push({
    section,
    measure: `${label}: max event-loop delay while it runs`,
    unit: 'ms',
    spanwise: Math.max(d.first.maxDelayMs, d.again.maxDelayMs),
    ...na,
    note: `p99 ${d.first.p99DelayMs.toFixed(0)} ms (first run), ${d.again.p99DelayMs.toFixed(0)} ms (again)`,
  })
  rows.push({
    section,
    measure: `${label}: peak RSS`,
    unit: 'MB',
    spanwise: d.peakRssMB,
    ...na,
    note: `the open workspace before discovery: ${d.rssBeforeMB.toFixed(0)} MB`,
  })
}
