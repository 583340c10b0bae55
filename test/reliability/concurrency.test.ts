/**
 * Two windows on the same article at once. Each window sends its changes one at a time, as the
 * renderer's save queue does, and the two run concurrently against the same service: creates, edits
 * and deletes of their own annotations, edits of one shared annotation (window 1 its note, window 2
 * its tags), and new entities. No update may be lost: the file on disk ends exactly as the
 * acknowledged calls say, and so does the workspace reopened.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AnnotationFileData, readStoredAnnotations } from '../../src/main/store/annotation-file'
import { articleIdFor, DATA_DIR } from '../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../helpers/fs'
import { recordFigures } from './figures'
import { startApp, type TestApp } from './service'

const TEXT = Array.from(
  { length: 30 },
  (_, i) => `Párrafo ${i}: la ministra anunció ${i * 7} medidas y el portavoz lo confirmó.`,
).join('\n\n')
const ARTICLE_ID = articleIdFor('nota.txt')
const OPS = 1000

const apps: TestApp[] = []
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()))
})

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed / 2 ** 31
  }
}

interface Expected {
  notes: Map<string, string>
  deleted: Set<string>
  entities: Set<string>
  sharedNote: string
  sharedTags: string[]
}

describe('two windows', () => {
  it(`lose no update over ${OPS} interleaved creates, edits and deletes`, async () => {
    const root = tempDir('spanwise-concurrent-')
    writeFiles(root, { 'nota.txt': TEXT })
    const app = await startApp(root)
    apps.push(app)
    await app.call('createAnnotation', ARTICLE_ID, { id: 'shared', kind: 'quote', start: 0, end: 8 })

    const expected: Expected = { notes: new Map(), deleted: new Set(), entities: new Set(), sharedNote: '', sharedTags: [] }
    const counts = { creates: 0, edits: 0, deletes: 0, sharedEdits: 0, entities: 0 }

    const window = async (w: 1 | 2, ops: number) => {
      const next = random(w * 7919)
      const mine: string[] = []
      for (let i = 0; i < ops; i++) {
        const roll = next()
        if (roll < 0.35 || mine.length < 2) {
          const id = `w${w}-${i}`
          let start = Math.floor(next() * (TEXT.length - 30))
          while (/\s/.test(TEXT[start])) start++
          await app.call('createAnnotation', ARTICLE_ID, { id, kind: 'claim', start, end: start + 5 + Math.floor(next() * 20) })
          mine.push(id)
          expected.notes.set(id, '')
          counts.creates++
        } else if (roll < 0.6) {
          const id = mine[Math.floor(next() * mine.length)]
          const note = `w${w} edit ${i}`
          await app.call('updateAnnotation', ARTICLE_ID, id, { note })
          expected.notes.set(id, note)
          counts.edits++
        } else if (roll < 0.75) {
          const id = mine.splice(Math.floor(next() * mine.length), 1)[0]
          await app.call('deleteAnnotation', ARTICLE_ID, id)
          expected.notes.delete(id)
          expected.deleted.add(id)
          counts.deletes++
        } else if (roll < 0.95) {
          // Both windows edit the shared annotation, each a different field.
          if (w === 1) {
            const note = `shared note ${i}`
            await app.call('updateAnnotation', ARTICLE_ID, 'shared', { note })
            expected.sharedNote = note
          } else {
            const tags = [`t${i}`, 'verificar']
            await app.call('updateAnnotation', ARTICLE_ID, 'shared', { tags })
            expected.sharedTags = tags
          }
          counts.sharedEdits++
        } else {
          const id = `e${w}-${i}`
          await app.call('createEntity', { id, name: `Persona ${w}-${i}`, type: 'person' })
          expected.entities.add(id)
          counts.entities++
        }
      }
    }
    await Promise.all([window(1, OPS / 2), window(2, OPS / 2)])

    const check = async (
      source: string,
      annotations: { id: string; note: string; tags: string[] }[],
      entities: { id: string }[],
    ) => {
      const byId = new Map(annotations.map((a) => [a.id, a]))
      const lost = [...expected.notes].filter(([id, note]) => byId.get(id)?.note !== note).map(([id]) => id)
      const resurrected = [...expected.deleted].filter((id) => byId.has(id))
      const shared = byId.get('shared')
      expect({ source, lost, resurrected, count: annotations.length }).toEqual({
        source,
        lost: [],
        resurrected: [],
        count: expected.notes.size + 1,
      })
      expect({ note: shared?.note, tags: shared?.tags }).toEqual({ note: expected.sharedNote, tags: expected.sharedTags })
      expect(entities.map((e) => e.id).sort()).toEqual([...expected.entities].sort())
    }

    // As stored while the app runs: the JSON file with its change journal replayed.
    const onDisk = (await readStoredAnnotations(join(root, DATA_DIR), ARTICLE_ID))!
    const registry = JSON.parse(readFileSync(join(root, DATA_DIR, 'entities.json'), 'utf8')) as { entities: { id: string }[] }
    await check('disk', onDisk.annotations, registry.entities)

    // Closing folds the journal into the JSON file: it alone holds everything, and no journal is left.
    await app.close()
    const compacted = AnnotationFileData.parse(
      JSON.parse(readFileSync(join(root, DATA_DIR, 'annotations', `${ARTICLE_ID}.json`), 'utf8')),
    )
    await check('compacted', compacted.annotations, registry.entities)
    expect(
      readdirSync(join(root, DATA_DIR, 'annotations')).filter((n) => n.endsWith('.journal') || n.endsWith('.journal.next')),
    ).toEqual([])

    const reopened = await startApp(root)
    apps.push(reopened)
    const opened = await reopened.openArticle(ARTICLE_ID)
    await check('reopened', opened.annotations, (await reopened.call('listEntities')) as { id: string }[])

    const total = counts.creates + counts.edits + counts.deletes + counts.sharedEdits + counts.entities
    expect(total).toBe(OPS)
    await recordFigures(
      'concurrency',
      { ...counts, total, lostUpdates: 0 },
      [
        '| operations (2 windows) | creates | edits | deletes | edits of one shared annotation | new entities | lost updates |',
        '|---:|---:|---:|---:|---:|---:|---:|',
        `| ${total} | ${counts.creates} | ${counts.edits} | ${counts.deletes} | ${counts.sharedEdits} | ${counts.entities} | **0** |`,
      ].join('\n'),
    )
  }, 90_000)
})
