/**
 * The process search-index-kill.test.ts kills. It loads the real Workspace and search code, says
 * `loaded`, then waits for `go\t<workspace>\t<round>` on stdin. It opens the workspace, builds the
 * search index (taking back what the killed children before it stored), says `open`, then loops: tag
 * an article with a note holding a new word, search for it (which re-indexes the article), write the
 * changed shard at once, and print `s <word>` once written. So kills land in the middle of shard writes.
 *
 * Run with `node --import tsx test/reliability/search-index-child.ts`. It never exits by itself.
 */
import { createInterface } from 'node:readline'
import { WorkspaceSearch } from '../../src/main/search/workspace-search'
import { workspaceSearchFiles, workspaceSearchSource } from '../../src/main/search/workspace-source'
import { Workspace } from '../../src/main/workspace/workspace'

const say = (line: string) => process.stdout.write(`${line}\n`)

async function session(root: string, round: string): Promise<void> {
  const workspace = await Workspace.open(root)
  const search = new WorkspaceSearch(workspaceSearchSource(workspace), workspaceSearchFiles(workspace))
  search.follow(workspace.events)
  await search.build()
  say(`counts ${JSON.stringify(search.counts)}`)
  say('open')
  const articles = workspace.articles()
  for (let i = 0; ; i++) {
    const article = articles[i % articles.length]
    const word = `palabra${round}x${i}`
    await workspace.createAnnotation(article.id, { id: `r${round}-${i}`, kind: 'claim', start: 1, end: 20, note: word })
    const found = await search.search(word)
    if (found.total !== 1) say(`error ${word} not found right after tagging`)
    await search.flush()
    say(`s ${word}`)
  }
}

const lines = createInterface({ input: process.stdin })
lines.once('line', (line) => {
  const [command, root, round] = line.split('\t')
  if (command !== 'go') process.exit(2)
  session(root, round).catch((error: unknown) => {
    say(`error ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  })
})
say('loaded')
