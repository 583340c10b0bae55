/**
 * The research commands of the `spanwise` CLI, kept apart from cli.ts:
 *
 *   spanwise compare <workspace> <article A> <article B> [--json]
 *   spanwise suggest <workspace> [--entities] [--quotes] [--json]
 *
 * Each returns the process exit code (0 done, 1 failed, 2 wrong usage) and prints results to stdout.
 */
import { parseArgs } from 'node:util'
import { itemMessage } from '../../shared/compare/item-message'
import { LANGUAGES, languageOfEnvironment, parseLanguage } from '../../shared/i18n'
import { Workspace } from '../workspace/workspace'
import { compareInWorkspace, findArticle, suggestInWorkspace, type ResearchComparison, type Suggestions } from './research'

export const RESEARCH_USAGE = `  spanwise compare <workspace> <article A> <article B> [--json] [--lang en|es]
  spanwise suggest <workspace> [--entities] [--quotes] [--json]

compare   pairs the paragraphs of two articles (with confidence), lists those in one only, and the
          items that differ (numbers, dates, names, negations, quotes and speakers) with offsets on both sides;
          the items' messages in --lang or the language of the environment's LANG, English by default
suggest   proposes entities (people, organisations, places; grouped variants, a guessed type) and
          quotes not tagged yet, with offsets (both when neither flag is given)`

class ResearchUsageError extends Error {}

function parse(args: string[], options: Record<string, { type: 'boolean' | 'string' }>) {
  try {
    return parseArgs({ args, allowPositionals: true, options })
  } catch (error) {
    throw new ResearchUsageError((error as Error).message)
  }
}

async function withWorkspace<T>(root: string | undefined, fn: (workspace: Workspace) => Promise<T>): Promise<T> {
  if (!root) throw new ResearchUsageError('Name the workspace folder')
  const workspace = await Workspace.open(root, {
    onRecover: (r) => process.stderr.write(`warning: ${r.file} was damaged; moved to ${r.movedTo}\n`),
  })
  try {
    return await fn(workspace)
  } finally {
    await workspace.close()
  }
}

async function run(fn: () => Promise<void>): Promise<number> {
  try {
    await fn()
    return 0
  } catch (error) {
    if (error instanceof ResearchUsageError) {
      process.stderr.write(`spanwise: ${error.message}\n\nUsage:\n${RESEARCH_USAGE}\n`)
      return 2
    }
    process.stderr.write(`spanwise: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
}

export function compareCommand(args: string[]): Promise<number> {
  return run(async () => {
    const parsed = parse(args, { json: { type: 'boolean' }, lang: { type: 'string' } })
    const [root, a, b] = parsed.positionals
    if (!a || !b) throw new ResearchUsageError('Name the two articles to compare (paths relative to the workspace)')
    const asked = parsed.values.lang
    const lang = typeof asked === 'string' ? parseLanguage(asked) : languageOfEnvironment(process.env)
    if (!lang) throw new ResearchUsageError(`Unknown language "${String(asked)}" (${LANGUAGES.join(' or ')})`)
    const result = await withWorkspace(root, (ws) => compareInWorkspace(ws, findArticle(ws, a), findArticle(ws, b)))
    // Each item with its message written out, in the language asked for.
    const items = result.items.map((i) => ({ ...i, message: itemMessage(i, lang) }))
    process.stdout.write(
      parsed.values.json ? `${JSON.stringify({ ...result, items }, null, 2)}\n` : formatComparison({ ...result, items }),
    )
  })
}

export function suggestCommand(args: string[]): Promise<number> {
  return run(async () => {
    const parsed = parse(args, { json: { type: 'boolean' }, entities: { type: 'boolean' }, quotes: { type: 'boolean' } })
    const both = !parsed.values.entities && !parsed.values.quotes
    const what = { entities: both || !!parsed.values.entities, quotes: both || !!parsed.values.quotes }
    const result = await withWorkspace(parsed.positionals[0], (ws) => suggestInWorkspace(ws, what))
    process.stdout.write(parsed.values.json ? `${JSON.stringify(result, null, 2)}\n` : formatSuggestions(result))
  })
}

const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n - 1)}…` : s).replace(/\s+/g, ' ')

/** A comparison whose items carry their message written out in the CLI's language. */
type WrittenComparison = Omit<ResearchComparison, 'items'> & {
  items: (ResearchComparison['items'][number] & { message: string })[]
}

export function formatComparison(r: WrittenComparison): string {
  const lines = [
    `A: ${r.left.title} (${r.left.path})`,
    `B: ${r.right.title} (${r.right.path})`,
    '',
    'Paragraph pairs (A ¶ ↔ B ¶, confidence):',
  ]
  for (const p of r.pairs)
    lines.push(`  ${p.left} ↔ ${p.right}  ${p.confidence.toFixed(2)}${p.how === 'auto' ? '' : ` (${p.how})`}`)
  lines.push(`Only in A: ${r.onlyLeft.length ? r.onlyLeft.map((i) => `¶${i}`).join(', ') : 'none'}`)
  lines.push(`Only in B: ${r.onlyRight.length ? r.onlyRight.map((i) => `¶${i}`).join(', ') : 'none'}`)
  lines.push('', `Items (${r.items.length}):`)
  for (const i of r.items) {
    const where = (side: 'A' | 'B', spans: { start: number; end: number; text: string }[]) =>
      spans.length ? `${side} ${spans.map((s) => `${s.start}–${s.end} “${clip(s.text, 40)}”`).join(', ')}` : `${side} —`
    lines.push(`  [${i.severity}] ${i.kind}: ${i.message}`, `      ${where('A', i.left)} | ${where('B', i.right)}`)
  }
  lines.push('', `Quotes paired: ${r.quotes.length}`)
  return `${lines.join('\n')}\n`
}

export function formatSuggestions(r: Suggestions): string {
  const lines: string[] = []
  if (r.entities) {
    lines.push(`Entities proposed (${r.entities.length}):`)
    for (const e of r.entities) {
      const extra = e.extends
        ? ` — extends registry entity ${e.extends}${e.newAliases.length ? ` with ${e.newAliases.join(', ')}` : ''}`
        : ''
      lines.push(`  ${e.name} [${e.type}] ${e.mentions.length} mention(s); variants: ${e.variants.join(' / ')}${extra}`)
    }
  }
  if (r.quotes) {
    if (lines.length) lines.push('')
    lines.push(`Quotes not tagged (${r.quotes.length}):`)
    for (const q of r.quotes) lines.push(`  ${q.path} ${q.start}–${q.end} ${clip(q.text)}`)
  }
  return `${lines.join('\n')}\n`
}
