/**
 * The search index on disk survives its writer being killed: a child process tags articles, re-indexes
 * them and writes the changed shards in a loop, and is killed with SIGKILL at a random moment, round
 * after round, on the same workspace. After every kill each shard file is whole (it decodes and checks)
 * or absent; every next child takes the stored index back; at the end, every word the children were
 * told was stored is found. The rounds are bounded by the test's own pace (test/helpers/pace.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { decodeShard } from '../../src/main/search/index-files'
import { WorkspaceSearch } from '../../src/main/search/workspace-search'
import { workspaceSearchFiles, workspaceSearchSource } from '../../src/main/search/workspace-source'
import { Workspace } from '../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../helpers/fs'
import { RoundBudget } from '../helpers/pace'
import { bundleChild, startChild } from './kill-child'

const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = resolve(here, '../..')
const ROUNDS = 15
const CEILING_MS = 6 * 60_000
/** Kills land between 0 and this many ms after the child's first shard write, in the middle of the next ones. */
const MAX_DELAY_MS = 150

const paragraph = (i: number, k: number) =>
  `Párrafo ${k} del informe ${i}: la alcaldesa afirmó que el contrato del puerto costó ${k * 17 + i} millones, según fuentes municipales.`
const ARTICLES = Object.fromEntries(
  Array.from({ length: 8 }, (_, i) => [
    `informe-${i}.txt`,
    `Informe ${i}\n\n${Array.from({ length: 200 }, (_, k) => paragraph(i, k)).join('\n\n')}`,
  ]),
)

let childScript = ''
beforeAll(async () => {
  childScript = await bundleChild(join(here, 'search-index-child.ts'))
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('search index writes killed at any moment', () => {
  it(
    'leaves every shard whole or absent, and the next start takes it back and finds every stored word',
    async () => {
      const root = tempDir('spanwise-search-kill-')
      writeFiles(root, ARTICLES)
      const dir = join(root, '.spanwise', 'search')
      const stored: string[] = []
      let takenBack = 0
      const budget = new RoundBudget(ROUNDS, { calibrate: 3, slack: 3, ceilingMs: CEILING_MS })
      while (budget.another()) {
        const child = startChild(childScript, repoRoot)
        await child.loaded
        child.process.stdin.write(`go\t${root}\t${budget.rounds}\n`)
        await child.open
        // Into the loop of writes (its first shard written), then at a random moment of it.
        let exited = false
        void child.closed.then(() => (exited = true))
        while (!exited && !child.lines.some((l) => l.startsWith('s '))) await sleep(10)
        await sleep(Math.random() * MAX_DELAY_MS)
        child.process.kill('SIGKILL')
        await child.closed
        expect(child.lines.filter((l) => l.startsWith('error'))).toEqual([])
        const counts = child.lines.find((l) => l.startsWith('counts '))
        if (counts && (JSON.parse(counts.slice(7)) as WorkspaceSearch['counts']).fromDisk > 0) takenBack++
        stored.push(...child.lines.filter((l) => l.startsWith('s ')).map((l) => l.slice(2)))
        // Complete or not at all: no shard is ever half written.
        if (existsSync(dir))
          for (const name of readdirSync(dir).filter((n) => n.endsWith('.idx')))
            expect(decodeShard(readFileSync(join(dir, name))), name).not.toBeNull()
        budget.rounds++
      }
      console.log(
        `search index kill: ${budget.rounds} rounds, ${stored.length} stored words, ${takenBack} starts took the index back`,
      )
      expect(budget.rounds).toBeGreaterThanOrEqual(5)
      expect(stored.length).toBeGreaterThanOrEqual(budget.rounds)
      // Each child after the first found a stored index to take back (the first builds it).
      expect(takenBack).toBeGreaterThanOrEqual(budget.rounds - 2)

      const workspace = await Workspace.open(root)
      const search = new WorkspaceSearch(workspaceSearchSource(workspace), workspaceSearchFiles(workspace))
      await search.build()
      expect(search.counts.fromDisk).toBeGreaterThan(0)
      for (const word of stored) expect((await search.search(word)).total, word).toBe(1)
      await search.stop()
      await workspace.close()
    },
    CEILING_MS + 60_000,
  )
})
