/**
 * Crash consistency: a child process saves annotations through the real Workspace code and is killed
 * with SIGKILL at a random moment, round after round, on the same workspace. After every kill the
 * stored files must parse and validate, and hold every change the child had been told was saved.
 *
 * Saves go to the article's change journal (one fdatasync'd line each) and are compacted into the JSON
 * file: most rounds compact every few changes, so kills land in the middle of compactions too (the
 * journal being compacted is still there after the kill); every third round keeps the defaults, so the
 * journal grows until the next child's open compacts what the killed one left.
 *
 * A kill is not a power cut (the page cache survives it), so this checks the ordering of the steps
 * (journal line, rotation, temp file, link of the previous version, rename) and the acknowledgement
 * contract: a change is acknowledged only once its write returned. That fsync makes it survive power loss is argued in
 * docs/reliability.md, not tested here.
 *
 * The child is bundled once (kill-child.ts) and two children are kept warm ahead of time.
 * SPANWISE_CRASH_ROUNDS changes the number of rounds (default 200). The rounds are bounded by time, from
 * the test's own pace (test/helpers/pace.ts): on a busy machine the same 200 rounds just take longer;
 * the test prints how many it did.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { AnnotationFileData, readStoredAnnotations } from '../../src/main/store/annotation-file'
import { WorkspaceFileData } from '../../src/main/workspace/workspace-index'
import { LinksFileData } from '../../src/main/workspace/workspace-files'
import { articleIdFor, DATA_DIR, Workspace } from '../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../helpers/fs'
import { RoundBudget } from '../helpers/pace'
import { recordFigures } from './figures'
import { bundleChild, startChild as start } from './kill-child'

const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = resolve(here, '../..')
const ROUNDS = Number(process.env.SPANWISE_CRASH_ROUNDS ?? 200)
/** Fewer rounds than this before the deadline fails the test (a machine too slow to say anything). */
const MIN_ROUNDS = Math.min(ROUNDS, 50)
/** The test's timeout: a ceiling that only catches a hang; the rounds are bounded by their own pace. */
const CEILING_MS = 15 * 60_000
/** Most kills land between 0 and this many ms after the workspace is open, in the middle of saving. */
const MAX_DELAY_MS = 100
/** One round in this many kills the child while it opens the workspace (and writes its index). */
const KILL_WHILE_OPENING_EVERY = 5

const ARTICLE = Array.from(
  { length: 40 },
  (_, i) => `Párrafo ${i + 1}: el ministro afirmó que la cifra era ${i * 13} millones, según fuentes oficiales.`,
).join('\n\n')

let childScript = ''
beforeAll(async () => {
  childScript = await bundleChild(join(here, 'crash-child.ts'))
})
const startChild = () => start(childScript, repoRoot)

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('crash consistency', () => {
  it(
    `keeps every acknowledged save through up to ${ROUNDS} SIGKILLs`,
    async () => {
      const root = tempDir('spanwise-crash-')
      writeFiles(root, { 'nota.txt': ARTICLE })
      const articleId = articleIdFor('nota.txt')
      const annotationPath = join(root, DATA_DIR, 'annotations', `${articleId}.json`)

      // What the children were told was saved, across all rounds.
      const present = new Set<string>()
      const deleted = new Set<string>()
      const notes = new Map<string, number>()
      const figures = {
        rounds: 0,
        acknowledged: 0,
        creates: 0,
        edits: 0,
        deletes: 0,
        killedWhileOpening: 0,
        killedWithJournal: 0,
        killedDuringCompaction: 0,
        losses: 0,
        recoveries: 0,
        tempFilesLeftByKills: 0,
        seconds: 0,
      }
      const journalLeft = (suffix: string) => existsSync(`${annotationPath.slice(0, -'.json'.length)}${suffix}`)

      // Rounds bounded by time: the deadline is twice the pace of the first 10 rounds times ROUNDS.
      const budget = new RoundBudget(ROUNDS, { calibrate: 10, slack: 2, ceilingMs: CEILING_MS - 60_000 })
      const warm = [startChild(), startChild()]
      try {
        for (let round = 0; budget.another(); round++, budget.rounds++) {
          const child = warm.shift()!
          warm.push(startChild())
          await child.loaded
          const compactEvery = round % 3 === 2 ? 0 : 2 + (round % 5)
          child.process.stdin.write(`go\t${root}\tr${round}\t${compactEvery}\n`)
          const whileOpening = round % KILL_WHILE_OPENING_EVERY === KILL_WHILE_OPENING_EVERY - 1
          if (!whileOpening) await child.open
          // Every other round counts from the child's third acknowledged change, not from the clock, so
          // a busy machine still kills in the middle of saving.
          let acknowledged = 0
          if (!whileOpening && round % 2 === 1) await child.printed((line) => /^[cud] /.test(line) && ++acknowledged >= 3)
          await sleep(Math.random() * MAX_DELAY_MS)
          child.process.kill('SIGKILL')
          await child.closed

          const errors = child.lines.filter((l) => l.startsWith('error') || l.startsWith('recovered'))
          expect(errors, `round ${round}`).toEqual([])
          if (!child.lines.includes('open')) figures.killedWhileOpening++
          // The one change in flight when the kill came may or may not have reached the disk.
          let pendingDelete: string | null = null
          for (const line of child.lines) {
            const [op, id, seq] = line.split(' ')
            if (op === 'p') pendingDelete = seq
            if (op === 'd') pendingDelete = null
            if (op === 'c') {
              present.add(id)
              figures.creates++
            } else if (op === 'u') {
              notes.set(id, Number(seq))
              figures.edits++
            } else if (op === 'd') {
              present.delete(id)
              deleted.add(id)
              figures.deletes++
            } else continue
            figures.acknowledged++
          }

          if (journalLeft('.journal')) figures.killedWithJournal++
          if (journalLeft('.journal.next')) figures.killedDuringCompaction++
          // The stored files, read as they are (no recovery): the JSON file parses and validates, every
          // journal line but a cut-off last one too, and replayed they hold every acknowledged change.
          const stored = await readStoredAnnotations(join(root, DATA_DIR), articleId)
          if (stored || present.size > 0) {
            if (!stored) throw new Error(`round ${round}: nothing stored`)
            const ids = new Set(stored.annotations.map((a) => a.id))
            const lost = [...present].filter((id) => !ids.has(id) && id !== pendingDelete)
            const resurrected = [...deleted].filter((id) => ids.has(id))
            const staleNotes = [...notes].filter(([id, seq]) => {
              const note = stored.annotations.find((a) => a.id === id)?.note
              return !deleted.has(id) && id !== pendingDelete && !(note && Number(note.slice(1)) >= seq)
            })
            figures.losses += lost.length + resurrected.length + staleNotes.length
            expect({ round, lost, resurrected, staleNotes }).toEqual({ round, lost: [], resurrected: [], staleNotes: [] })
            if (pendingDelete && !ids.has(pendingDelete)) {
              present.delete(pendingDelete)
              deleted.add(pendingDelete)
            }
          }
          for (const name of ['workspace.json', 'links.json']) {
            const path = join(root, DATA_DIR, name)
            if (existsSync(path))
              (name === 'links.json' ? LinksFileData : WorkspaceFileData).parse(JSON.parse(readFileSync(path, 'utf8')))
          }
          expect(readdirSync(join(root, DATA_DIR, 'annotations')).filter((n) => n.includes('.corrupt-'))).toEqual([])
          figures.rounds++
        }
      } finally {
        for (const c of warm) c.process.kill('SIGKILL')
      }

      const tempFiles = (dir: string) => readdirSync(join(root, DATA_DIR, dir)).filter((n) => n.endsWith('.tmp'))
      figures.tempFilesLeftByKills = tempFiles('.').length + tempFiles('annotations').length

      // The app opening the workspace afterwards sees exactly the acknowledged state, and tidies up.
      const recovered: unknown[] = []
      const ws = await Workspace.open(root, { onRecover: (r) => recovered.push(r) })
      const opened = await ws.openArticle(articleId)
      await ws.close()
      expect(recovered).toEqual([])
      const finalIds = new Set(opened.annotations.map((a) => a.id))
      expect([...present].filter((id) => !finalIds.has(id))).toEqual([])
      expect([...tempFiles('.'), ...tempFiles('annotations')]).toEqual([])
      // Closing compacted the journal: the JSON file alone holds every acknowledged change.
      expect(
        readdirSync(join(root, DATA_DIR, 'annotations')).filter((n) => n.endsWith('.journal') || n.endsWith('.journal.next')),
      ).toEqual([])
      const compactedIds = new Set(
        AnnotationFileData.parse(JSON.parse(readFileSync(annotationPath, 'utf8'))).annotations.map((a) => a.id),
      )
      expect([...finalIds].filter((id) => !compactedIds.has(id))).toEqual([])

      figures.seconds = Math.round(budget.elapsedMs / 1000)
      console.log(`crash: ${figures.rounds} SIGKILL rounds in ${figures.seconds} s`)
      expect(figures.losses).toBe(0)
      expect(figures.rounds).toBeGreaterThanOrEqual(MIN_ROUNDS)
      expect(figures.acknowledged).toBeGreaterThan(figures.rounds)
      await recordFigures(
        'crash',
        figures,
        [
          '| rounds (SIGKILL) | acknowledged saves | creates / edits / deletes | killed before the workspace was open | killed with a journal not compacted / during a compaction | losses | recoveries needed |',
          '|---:|---:|---|---:|---:|---:|---:|',
          `| ${figures.rounds} | ${figures.acknowledged} | ${figures.creates} / ${figures.edits} / ${figures.deletes} | ${figures.killedWhileOpening} | ${figures.killedWithJournal} / ${figures.killedDuringCompaction} | **${figures.losses}** | ${figures.recoveries} |`,
          '',
          `${opened.annotations.length} annotations in the file at the end; ${figures.tempFilesLeftByKills} temp files were left by the last kill (each open removes those of dead writers). ${figures.rounds} rounds in ${figures.seconds} s (bounded by time from the test's own pace).`,
        ].join('\n'),
      )
    },
    CEILING_MS,
  )
})
