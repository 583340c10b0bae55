/**
 * Crash consistency across files: a child process runs the operations that change several files
 * (accept-all of mentions, links between articles, delete of a linked annotation, entity merge and
 * delete; crash-multifile-child.ts) through the real Workspace code and is killed with SIGKILL at a
 * random moment, round after round, on the same workspace of three articles.
 *
 * After every kill the stored files are read as they are (no recovery) and every reference counted:
 * each link's two annotations, each mention's entity and each quote's speaker. A dangling one may only
 * be there while the interrupted operation's intent is pending (`.spanwise/intents/`). Then the app
 * opens the workspace (which completes the interrupted operation and tells the user), closes it, and
 * the stored files must hold no dangling reference at all, and no intent.
 *
 * Where a kill lands follows the child's progress, not the clock, so a busy machine still kills inside
 * every kind of operation: one round in six at a random moment after the open, the others a random
 * moment after a chosen operation starts or is done (`<op> start`, `<op> done`), each kind in turn.
 *
 * The rounds (SPANWISE_CRASH_ROUNDS, default 200) are bounded by time from the test's own pace; it
 * prints how many it did.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { readStoredAnnotations } from '../../src/main/store/annotation-file'
import type { RecoveryReport } from '../../src/main/store/durable-json-file'
import { EntitiesFileData, LinksFileData } from '../../src/main/workspace/workspace-files'
import { articleIdFor, DATA_DIR, Workspace } from '../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../helpers/fs'
import { RoundBudget } from '../helpers/pace'
import { recordFigures } from './figures'
import { bundleChild, startChild } from './kill-child'

const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = resolve(here, '../..')
const ROUNDS = Number(process.env.SPANWISE_CRASH_ROUNDS ?? 200)
const MIN_ROUNDS = Math.min(ROUNDS, 50)
const CEILING_MS = 15 * 60_000
/** Kills land between 0 and this many ms after the moment the round waits for. */
const MAX_DELAY_MS = 150
/** What each round waits for before its random delay, in turn: the open, or an operation's start or end. */
const OPERATIONS = ['accept-all', 'link', 'delete-annotation', 'merge', 'delete-entity']
const milestone = (round: number): string | undefined => {
  const turn = round % (OPERATIONS.length + 1)
  if (turn === OPERATIONS.length) return undefined
  return `${OPERATIONS[turn]} ${Math.floor(round / (OPERATIONS.length + 1)) % 2 ? 'done' : 'start'}`
}

const paragraphs = (lang: string) =>
  Array.from(
    { length: 30 },
    (_, i) => `${lang} ${i + 1}: la ministra Ana Ruiz afirmó que el puerto recibió ${i * 17} millones en ${2000 + i}.`,
  ).join('\n\n')
const FILES = { 'a.txt': paragraphs('Párrafo'), 'b.txt': paragraphs('Sección'), 'c.txt': paragraphs('Nota') }

let childScript = ''
beforeAll(async () => {
  childScript = await bundleChild(join(here, 'crash-multifile-child.ts'))
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A workspace file as the next open reads it: the file, else its `.bak` (a first write cut short). */
function readCollection<T>(path: string, schema: z.ZodType<T>, empty: T): T {
  for (const candidate of [path, `${path}.bak`])
    if (existsSync(candidate)) return schema.parse(JSON.parse(readFileSync(candidate, 'utf8')))
  return empty
}

/** Every reference in the stored files that points at nothing, described. */
async function danglingReferences(root: string): Promise<string[]> {
  const dataDir = join(root, DATA_DIR)
  const annotations = new Map<string, Set<string>>()
  const dangling: string[] = []
  const { entities } = readCollection(join(dataDir, 'entities.json'), EntitiesFileData, { version: 1, entities: [] })
  const entityIds = new Set(entities.map((e) => e.id))
  for (const path of Object.keys(FILES)) {
    const id = articleIdFor(path)
    const stored = await readStoredAnnotations(dataDir, id)
    annotations.set(id, new Set(stored?.annotations.map((a) => a.id)))
    for (const a of stored?.annotations ?? []) {
      const ref = a.kind === 'entity' ? a.attributes.entityId : a.kind === 'quote' ? a.attributes.speakerId : undefined
      if (ref && !entityIds.has(ref)) dangling.push(`${path}: ${a.id} → entity ${ref}`)
    }
  }
  const { links } = readCollection(join(dataDir, 'links.json'), LinksFileData, { version: 1, links: [] })
  for (const link of links)
    for (const end of [link.from, link.to])
      if (!annotations.get(end.articleId)?.has(end.annotationId)) dangling.push(`link ${link.id} → ${end.annotationId}`)
  return dangling
}

function pendingIntents(root: string): string[] {
  const dir = join(root, DATA_DIR, 'intents')
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')) : []
}

describe('crash consistency across files', () => {
  it(
    `leaves no dangling reference through up to ${ROUNDS} SIGKILLs during multi-file operations`,
    async () => {
      const root = tempDir('spanwise-crash-multi-')
      writeFiles(root, FILES)
      const figures = {
        rounds: 0,
        operations: 0,
        byOperation: {} as Record<string, number>,
        killedWithOperationPending: 0,
        danglingRightAfterKill: 0,
        danglingWithoutIntent: 0,
        danglingAfterReopen: 0,
        completedOnReopen: 0,
        noticesGiven: 0,
        seconds: 0,
      }
      const budget = new RoundBudget(ROUNDS, { calibrate: 10, slack: 2, ceilingMs: CEILING_MS - 60_000 })
      const start = () => startChild(childScript, repoRoot)
      const warm = [start(), start()]
      try {
        for (let round = 0; budget.another(); round++, budget.rounds++) {
          const child = warm.shift()!
          warm.push(start())
          await child.loaded
          child.process.stdin.write(`go\t${root}\tr${round}\n`)
          await child.open
          const waitFor = milestone(round)
          if (waitFor) await child.printed(waitFor)
          await sleep(Math.random() * MAX_DELAY_MS)
          child.process.kill('SIGKILL')
          await child.closed

          expect(
            child.lines.filter((l) => l.startsWith('error')),
            `round ${round}`,
          ).toEqual([])
          for (const line of child.lines) {
            const done = /^(\S+) done$/.exec(line)
            if (!done) continue
            figures.operations++
            figures.byOperation[done[1]] = (figures.byOperation[done[1]] ?? 0) + 1
          }

          // As the kill left them: a dangling reference only while its operation's intent is pending.
          const intents = pendingIntents(root)
          const dangling = await danglingReferences(root)
          if (intents.length > 0) figures.killedWithOperationPending++
          figures.danglingRightAfterKill += dangling.length
          if (intents.length === 0) figures.danglingWithoutIntent += dangling.length
          expect({ round, dangling: intents.length ? [] : dangling }).toEqual({ round, dangling: [] })

          // The app opens the workspace: the interrupted operation is completed and the user told.
          const notices: RecoveryReport[] = []
          const ws = await Workspace.open(root, { onRecover: (r) => notices.push(r) })
          await ws.close()
          figures.completedOnReopen += intents.length
          figures.noticesGiven += notices.length
          expect(notices.length, `round ${round}: one notice per interrupted operation`).toBe(intents.length)
          const after = await danglingReferences(root)
          figures.danglingAfterReopen += after.length
          expect({ round, after, intents: pendingIntents(root) }).toEqual({ round, after: [], intents: [] })
          figures.rounds++
        }
      } finally {
        for (const c of warm) c.process.kill('SIGKILL')
      }
      figures.seconds = Math.round(budget.elapsedMs / 1000)
      console.log(`crash across files: ${figures.rounds} SIGKILL rounds in ${figures.seconds} s`)
      expect(figures.rounds).toBeGreaterThanOrEqual(MIN_ROUNDS)
      expect(figures.byOperation['delete-annotation'] ?? 0).toBeGreaterThan(0)
      expect(figures.byOperation['merge'] ?? 0).toBeGreaterThan(0)
      const ops = OPERATIONS.map((op) => `${figures.byOperation[op] ?? 0} ${op}`).join(', ')
      await recordFigures(
        'crash-multifile',
        figures,
        [
          '| rounds (SIGKILL) | multi-file operations completed | killed with one in progress | dangling references right after the kill (all of an operation in progress) | completed on reopening, user told | dangling references after reopening |',
          '|---:|---:|---:|---:|---:|---:|',
          `| ${figures.rounds} | ${figures.operations} | ${figures.killedWithOperationPending} | ${figures.danglingRightAfterKill} | ${figures.completedOnReopen} / ${figures.noticesGiven} | **${figures.danglingAfterReopen}** |`,
          '',
          `Operations acknowledged before the kills: ${ops} (and entities created); ${figures.rounds} rounds in ${figures.seconds} s.`,
        ].join('\n'),
      )
    },
    CEILING_MS,
  )
})
