/**
 * The process crash.test.ts kills. It loads the real Workspace code, says `loaded`, then waits for one
 * line `go\t<workspace>\t<session>\t<compactEvery>` on stdin (compact the change journal every that many
 * changes, and after 10 ms idle; 0: the app's defaults, so the journal is only compacted by the next open). It opens the workspace and saves annotations in a loop
 * (creates, note edits and deletes, one at a time, as the renderer's save queue sends them), printing
 * each change only after the Workspace call resolved, i.e. once the service acknowledged it:
 *
 *   c <id>            created
 *   u <id> <seq>      note set to "n<seq>"
 *   p d <id>          about to delete (a change that was sent but not acknowledged may or may not be
 *                     on disk after a kill: the check must allow both for this one)
 *   d <id>            deleted
 *   recovered <json>  the store had to recover a damaged file when opening (must never happen)
 *
 * Run with `node --import tsx test/reliability/crash-child.ts`. It never exits by itself.
 */
import { createInterface } from 'node:readline'
import { Workspace } from '../../src/main/workspace/workspace'

const say = (line: string) => process.stdout.write(`${line}\n`)

async function session(root: string, name: string, compactEvery: number): Promise<void> {
  const journal = compactEvery > 0 ? { compactAfterEntries: compactEvery, idleMs: 10 } : {}
  const ws = await Workspace.open(root, { onRecover: (report) => say(`recovered ${JSON.stringify(report)}`), journal })
  const [article] = ws.articles()
  const opened = await ws.openArticle(article.id)
  const { text } = opened
  say('open')
  // Oldest first. Earlier sessions' annotations are deleted too, so the file stays a realistic size
  // instead of growing by every round's creates.
  const mine = opened.annotations.map((a) => a.id)
  // Note values grow across sessions (round × 1e6 + step), so "at least the acknowledged one" holds.
  const base = Number(name.replace(/\D/g, '')) * 1_000_000
  for (let i = 0; ; i++) {
    if (i % 5 === 3 && mine.length > 0) {
      const id = mine[(i * 7) % mine.length]
      await ws.updateAnnotation(article.id, id, { note: `n${base + i}` })
      say(`u ${id} ${base + i}`)
    } else if ((i % 7 === 6 && mine.length > 1) || (mine.length > 30 && i % 2 === 0)) {
      const id = mine.shift()!
      say(`p d ${id}`)
      await ws.deleteAnnotation(article.id, id)
      say(`d ${id}`)
    } else {
      const id = `${name}-${i}`
      let start = (i * 37) % (text.length - 40)
      while (/\s/.test(text[start])) start++
      await ws.createAnnotation(article.id, {
        id,
        kind: (['quote', 'claim', 'entity'] as const)[i % 3],
        start,
        end: start + 1 + (i % 30),
      })
      mine.push(id)
      say(`c ${id}`)
    }
  }
}

const lines = createInterface({ input: process.stdin })
lines.once('line', (line) => {
  const [command, root, name, compactEvery] = line.split('\t')
  if (command !== 'go') process.exit(2)
  session(root, name, Number(compactEvery)).catch((error: unknown) => {
    say(`error ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  })
})
say('loaded')
