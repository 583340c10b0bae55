/**
 * One Spanwise process for two-writers.test.ts: `node --import tsx writer-child.ts <workspace> <name>`.
 * It opens the workspace as the app does (taking the workspace lock, or read-only) and prints
 *
 *   open writable | open read-only <message>
 *
 * then on the line `go <edits>` on stdin it makes that many note edits on annotation `<name>` and an
 * entity `<name>-e<i>` every 50 edits, one at a time, printing each only once the Workspace call
 * resolved (acknowledged), or the error code it was refused with:
 *
 *   u <n>          the note is now "<name> <n>"
 *   e <id>         entity created
 *   refused <code> <message>
 *   done
 *
 * On the line `close` it closes the workspace (releasing the lock) and prints `closed`.
 */
import { createInterface } from 'node:readline'
import { Workspace } from '../../src/main/workspace/workspace'
import { WorkbenchError } from '../../src/shared/errors'

const [root, name] = process.argv.slice(2)
const say = (line: string) => process.stdout.write(`${line}\n`)

async function attempt(change: () => Promise<unknown>, ack: string): Promise<void> {
  try {
    await change()
    say(ack)
  } catch (error) {
    const code = error instanceof WorkbenchError ? error.code : 'other'
    say(`refused ${code} ${(error as Error).message}`)
  }
}

async function main(): Promise<void> {
  const ws = await Workspace.open(root, { lock: { heartbeatMs: 200, staleMs: 60_000 } })
  const [article] = ws.articles()
  await ws.openArticle(article.id)
  say(ws.readOnly ? `open read-only ${ws.readOnly}` : 'open writable')
  for await (const line of createInterface({ input: process.stdin })) {
    const [command, count] = line.split(' ')
    if (command === 'go') {
      for (let i = 1; i <= Number(count); i++) {
        await attempt(() => ws.updateAnnotation(article.id, name, { note: `${name} ${i}` }), `u ${i}`)
        if (i % 50 === 0) {
          const id = `${name}-e${i}`
          await attempt(() => ws.createEntity({ id, name: `Entity ${id}`, type: 'person' }), `e ${id}`)
        }
      }
      say('done')
    } else if (command === 'close') {
      await ws.close()
      say('closed')
      process.exit(0)
    }
  }
}

void main().catch((error: unknown) => {
  say(`failed ${(error as Error).message}`)
  process.exit(1)
})
