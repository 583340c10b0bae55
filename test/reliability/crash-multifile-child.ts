/**
 * The process crash-multifile.test.ts kills: it runs, in a loop, the operations that change several
 * files through the real Workspace code, as the window sends them:
 *
 * - accepting every suggested mention of an entity across the articles (one save per article),
 *   a quote with the entity as its speaker;
 * - a claim with evidence in another article, linked both ways (links.json);
 * - deleting an annotation that has links (its article's file, then links.json);
 * - merging two entities (every annotation file, then entities.json);
 * - deleting an entity (every annotation file, then entities.json).
 *
 * It says `loaded`, waits for `go\t<workspace>\t<session>` on stdin, opens the workspace, says `open`,
 * and prints `<op> start` before and `<op> done` after each operation. `recovered <json>` is printed for every notice
 * the open gave (interrupted operations completed). It never exits by itself.
 */
import { createInterface } from 'node:readline'
import { Workspace } from '../../src/main/workspace/workspace'

const say = (line: string) => process.stdout.write(`${line}\n`)

async function session(root: string, name: string): Promise<void> {
  const ws = await Workspace.open(root, { onRecover: (report) => say(`recovered ${JSON.stringify(report)}`) })
  const articles = ws.articles().sort((a, b) => a.path.localeCompare(b.path))
  const texts = new Map<string, string>()
  for (const a of articles) texts.set(a.id, (await ws.openArticle(a.id)).text)
  say('open')
  const span = (articleId: string, i: number, length: number) => {
    const text = texts.get(articleId)!
    let start = (i * 53) % (text.length - length - 1)
    while (/\s/.test(text[start])) start++
    return { start, end: start + length }
  }
  for (let i = 0; ; i++) {
    const step = i % 6
    const entities = ws.entities().filter((e) => e.id.startsWith('e-'))
    if (step === 0 || entities.length < 2) {
      await ws.createEntity({ id: `e-${name}-${i}`, name: `Persona ${name} ${i}`, type: 'person' })
      say('entity done')
    } else if (step === 1) {
      // Accept all: one mention per article, and a quote with the entity as speaker.
      say('accept-all start')
      const entity = entities[entities.length - 1]
      for (const [k, a] of articles.entries()) {
        await ws.createAnnotation(a.id, {
          id: `m-${name}-${i}-${k}`,
          kind: 'entity',
          ...span(a.id, i + k, 8),
          attributes: { entityId: entity.id },
        })
      }
      await ws.createAnnotation(articles[0].id, {
        id: `q-${name}-${i}`,
        kind: 'quote',
        ...span(articles[0].id, i + 7, 20),
        attributes: { speakerId: entity.id },
      })
      say('accept-all done')
    } else if (step === 2) {
      say('link start')
      const [a, b] = [articles[i % articles.length], articles[(i + 1) % articles.length]]
      const claim = { articleId: a.id, annotationId: `c-${name}-${i}` }
      const evidence = { articleId: b.id, annotationId: `v-${name}-${i}` }
      await ws.createAnnotation(a.id, { id: claim.annotationId, kind: 'claim', ...span(a.id, i, 15) })
      await ws.createAnnotation(b.id, { id: evidence.annotationId, kind: 'claim', ...span(b.id, i + 3, 15) })
      await ws.createLink({ id: `l-${name}-${i}`, from: claim, to: evidence, relation: 'supports' })
      await ws.createLink({ id: `k-${name}-${i}`, from: evidence, to: claim, relation: 'same-statement' })
      say('link done')
    } else if (step === 3) {
      // The oldest linked annotation (earlier sessions' too), so links keep being deleted with it.
      const linked = (await Promise.all(articles.map((a) => ws.linksFor(a.id)))).flat()
      const oldest = linked.sort((x, y) => x.link.createdAt.localeCompare(y.link.createdAt))[0]
      if (oldest) {
        say('delete-annotation start')
        await ws.deleteAnnotation(oldest.link.from.articleId, oldest.link.from.annotationId)
        say('delete-annotation done')
      }
      // The files keep a realistic size: the oldest annotation of a full article goes (one file).
      const a = articles[i % articles.length]
      const { annotations } = await ws.openArticle(a.id, { context: false })
      if (annotations.length > 40) await ws.deleteAnnotation(a.id, annotations[0].id)
    } else if (step === 4) {
      say('merge start')
      await ws.mergeEntities(entities[entities.length - 1].id, entities[0].id)
      say('merge done')
    } else {
      say('delete-entity start')
      await ws.deleteEntity(entities[0].id)
      say('delete-entity done')
    }
  }
}

const lines = createInterface({ input: process.stdin })
lines.once('line', (line) => {
  const [command, root, name] = line.split('\t')
  if (command !== 'go') process.exit(2)
  session(root, name).catch((error: unknown) => {
    say(`error ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  })
})
say('loaded')
