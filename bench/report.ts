/**
 * Formats results: the console table and BENCHMARKS.md. A row holds Spanwise, the peer and the naive
 * baseline side by side, the ratios of their medians, and the target with met/missed.
 */
import { existsSync, readFileSync } from 'node:fs'
import type { Summary } from './stats'

/** One measured value: a summary of samples, a single number, or a reason there is none. */
export type Cell = Summary | number | string | undefined

export interface Row {
  section: string
  measure: string
  unit: string
  spanwise: Cell
  peer?: Cell
  baseline?: Cell
  target?: string
  /** Whether Spanwise meets the target (undefined: no target, or nothing measured). */
  met?: boolean
  note?: string
}

const digits = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2))

export function formatCell(c: Cell, unit: string): string {
  if (c === undefined) return '–'
  if (typeof c === 'string') return c
  if (typeof c === 'number') return `${digits(c)} ${unit}`
  if (c.n === 1) return `${digits(c.median)} ${unit}`
  return `${digits(c.median)} / ${digits(c.p95)} ${unit}`
}

const middle = (c: Cell): number | undefined => (typeof c === 'number' ? c : typeof c === 'object' ? c.median : undefined)

/** Spanwise ÷ other, by medians: below 1 means Spanwise is smaller (faster, leaner). */
export function ratio(a: Cell, b: Cell): string {
  const x = middle(a)
  const y = middle(b)
  if (x === undefined || y === undefined || y === 0 || !isFinite(x / y)) return '–'
  return `${(x / y).toFixed(x / y < 0.1 ? 3 : 2)}`
}

const verdict = (row: Row): string =>
  row.target === undefined ? '' : row.met === undefined ? 'not measured' : row.met ? 'met' : '**missed**'

export function markdownTable(rows: readonly Row[]): string {
  const out: string[] = []
  let section = ''
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section
      out.push(
        '',
        `### ${section}`,
        '',
        '| measure | Spanwise | peer (Recogito) | naive baseline | Spanwise / peer | Spanwise / baseline | target | |',
        '|---|---|---|---|---|---|---|---|',
      )
    }
    const cells = [
      row.measure + (row.note ? ` <br><sub>${row.note}</sub>` : ''),
      formatCell(row.spanwise, row.unit),
      formatCell(row.peer, row.unit),
      formatCell(row.baseline, row.unit),
      ratio(row.spanwise, row.peer),
      ratio(row.spanwise, row.baseline),
      row.target ?? '',
      verdict(row),
    ]
    out.push(`| ${cells.join(' | ')} |`)
  }
  return out.join('\n')
}

export function consoleTable(rows: readonly Row[]): string {
  const lines = rows.map((r) => [
    r.measure.slice(0, 52),
    formatCell(r.spanwise, r.unit),
    formatCell(r.peer, r.unit),
    formatCell(r.baseline, r.unit),
    r.target ?? '',
    verdict(r).replace(/\*/g, ''),
  ])
  const header = ['measure', 'Spanwise', 'peer', 'baseline', 'target', '']
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)))
  return [header, ...lines].map((l) => l.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n')
}

export interface Environment {
  date: string
  cpu: string
  cores: number
  ramGB: number
  node: string
  chromium: string
  loadBefore: string
  loadAfter: string
  minutes: number
  quick: boolean
  /** Set when some groups were rerun later (`--only=`): which, when, and the load then. */
  rerun?: string
}

/** BENCHMARKS.md: environment, method, the table, then the hand-written analysis (bench/analysis.md). */
export function benchmarksMarkdown(env: Environment, rows: readonly Row[], method: string, analysisPath: string): string {
  const analysis = existsSync(analysisPath) ? readFileSync(analysisPath, 'utf8') : ''
  const missed = rows.filter((r) => r.target !== undefined && r.met === false).map((r) => r.measure)
  return [
    '# Benchmarks',
    '',
    `Written by \`npm run bench${env.quick ? ' -- --quick' : ''}\` on ${env.date}. Do not edit the tables by hand: rerun. The analysis at the end is kept in \`bench/analysis.md\`.`,
    '',
    '| | |',
    '|---|---|',
    `| machine | ${env.cpu}, ${env.cores} cores, ${env.ramGB} GB RAM |`,
    `| Node | ${env.node} |`,
    `| Chromium | ${env.chromium} (headless, harness flags) |`,
    `| load average (1, 5, 15 min) | before ${env.loadBefore}; after ${env.loadAfter} (the CPU is shared) |`,
    `| duration | ${env.minutes.toFixed(1)} min${env.quick ? ' (quick subset)' : ''} |`,
    ...(env.rerun ? [`| rerun | ${env.rerun} |`] : []),
    '',
    '## How it is measured',
    '',
    method,
    '',
    '## Results',
    '',
    'Cells are **median / p95** over the runs stated (a single number when there is one sample). Ratios divide medians: below 1, Spanwise is faster or smaller.',
    markdownTable(rows),
    '',
    `**Targets missed:** ${missed.length === 0 ? 'none' : missed.join('; ')}.`,
    '',
    analysis,
  ].join('\n')
}

/**
 * BENCHMARKS.md with the sections of `rows` replaced (or added before the targets line) and the
 * method's bullets it lacks added, for a rerun of some groups where no full run's results are kept.
 */
export function spliceSections(markdown: string, rows: readonly Row[], method: string, rerun: string): string {
  let out = markdown
  for (const section of [...new Set(rows.map((r) => r.section))]) {
    const table = markdownTable(rows.filter((r) => r.section === section)).replace(/^\n/, '')
    const start = out.indexOf(`### ${section}\n`)
    if (start >= 0) {
      const next = out.slice(start + 4).search(/\n(### |\*\*Targets missed)/)
      out = out.slice(0, start) + table.trimStart() + '\n' + (next < 0 ? '' : out.slice(start + 4 + next))
    } else {
      const at = out.indexOf('\n**Targets missed:**')
      out = at < 0 ? `${out}\n\n${table}\n` : `${out.slice(0, at)}\n\n${table}\n${out.slice(at)}`
    }
  }
  for (const bullet of method.split('\n'))
    if (!out.includes(bullet.slice(0, 40))) out = out.replace('\n- Targets compare the', `\n${bullet}\n- Targets compare the`)
  // The targets-missed line follows every table in the file, not only the rerun ones.
  const missedNow = out
    .split('\n')
    .filter((line) => line.startsWith('| ') && line.includes('| **missed** |'))
    .map((line) => line.slice(2, line.indexOf(' |')).replace(/ <br>.*$/, ''))
  out = out.replace(
    /\*\*Targets missed:\*\* .*\n/,
    `**Targets missed:** ${missedNow.length === 0 ? 'none' : missedNow.join('; ')}.\n`,
  )
  return out.replace('\n\n## How it is measured', `\n| rerun | ${rerun} |\n\n## How it is measured`)
}
