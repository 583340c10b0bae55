/**
 * Disk full and read-only workspace, through the service as the app uses it: the save is refused with
 * "Could not save: …" (which the window keeps as unsaved and retries), nothing stored changes, what
 * main holds still equals the disk, and the same save goes through once the cause is gone.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readStoredAnnotations } from '../../src/main/store/annotation-file'
import { articleIdFor, DATA_DIR } from '../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../helpers/fs'
import { diskFullUnder, makeReadOnly, type Fault } from './faults'
import { recordFigures } from './figures'
import { snapshotTree } from './tree'
import { startApp, type TestApp } from './service'

const TEXT = 'Pleno municipal\n\nLa concejala afirmó: «El presupuesto está equilibrado». El interventor discrepa.'
const ARTICLE_ID = articleIdFor('pleno.txt')
const span = (phrase: string) => ({ start: TEXT.indexOf(phrase), end: TEXT.indexOf(phrase) + phrase.length })

const apps: TestApp[] = []
const faults: Fault[] = []
afterEach(async () => {
  for (const f of faults.splice(0)) f.undo()
  await Promise.all(apps.splice(0).map((a) => a.close()))
})

/**
 * The workspace's files, less the search index: derived data, written in the background on its own
 * schedule (a shard may be half written when a snapshot is taken on a loaded machine) and rebuilt
 * when damaged; its writer removes its temp file when the disk refuses it.
 */
function storedFiles(root: string): Record<string, string> {
  const tree = snapshotTree(root)
  const index = join(DATA_DIR, 'search') + '/'
  return Object.fromEntries(Object.entries(tree).filter(([path]) => !path.startsWith(index)))
}

const figures: { cause: string; refused: number; damaged: number; savedAfter: number }[] = []

async function faultRound(makeFault: (root: string) => Fault | null) {
  const root = tempDir('spanwise-diskfault-')
  writeFiles(root, { 'pleno.txt': TEXT })
  const app = await startApp(root)
  apps.push(app)
  await app.call('createAnnotation', ARTICLE_ID, { id: 'A', kind: 'quote', ...span('«El presupuesto está equilibrado»') })
  await app.call('createEntity', { id: 'concejala', name: 'La concejala', type: 'person' })
  const before = storedFiles(root)

  const fault = makeFault(root)
  if (!fault) return null
  faults.push(fault)
  const attempts: [string, ...unknown[]][] = [
    ['createAnnotation', ARTICLE_ID, { id: 'B', kind: 'claim', ...span('El interventor discrepa') }],
    ['updateAnnotation', ARTICLE_ID, 'A', { note: 'comprobar con el acta' }],
    ['deleteAnnotation', ARTICLE_ID, 'A'],
    ['createEntity', { id: 'interventor', name: 'El interventor', type: 'person' }],
  ]
  let refused = 0
  for (const [method, ...args] of attempts) {
    await expect(app.call(method as never, ...args), method).rejects.toThrow(/^Could not save: /)
    refused++
  }
  // Nothing stored changed, not a byte, and no temp file was left on the (full) disk.
  expect(storedFiles(root)).toEqual(before)
  // What main holds still equals the disk.
  expect((await app.openArticle(ARTICLE_ID)).annotations).toEqual([expect.objectContaining({ id: 'A', note: '' })])

  fault.undo()
  faults.splice(faults.indexOf(fault), 1)
  for (const [method, ...args] of attempts) await app.call(method as never, ...args)
  const stored = await readStoredAnnotations(join(root, DATA_DIR), ARTICLE_ID)
  expect(stored?.annotations.map((a) => a.id)).toEqual(['B'])
  const entities = JSON.parse(readFileSync(join(root, DATA_DIR, 'entities.json'), 'utf8')) as { entities: { id: string }[] }
  expect(entities.entities.map((e) => e.id)).toEqual(['concejala', 'interventor'])
  figures.push({ cause: fault.cause, refused, damaged: 0, savedAfter: attempts.length })
  return fault
}

describe('saving when the disk refuses', () => {
  it('read-only data folder: refused with "Could not save", nothing damaged, saves once writable', async (context) => {
    const fault = await faultRound((root) => makeReadOnly(join(root, DATA_DIR)))
    if (!fault) {
      console.log('read-only folder: skipped, this file system honours neither chmod for this user nor chattr +i')
      context.skip()
    }
  })

  it('disk full (ENOSPC): refused with "Could not save", nothing damaged, saves once space is back', async () => {
    await faultRound((root) => diskFullUnder(join(root, DATA_DIR)))
  })

  it('records the figures', async () => {
    await recordFigures(
      'disk-faults',
      { cases: figures },
      [
        '| cause | saves refused with "Could not save" | stored files changed | same saves after the cause was removed |',
        '|---|---:|---:|---:|',
        ...figures.map((f) => `| ${f.cause} | ${f.refused} | **${f.damaged}** | ${f.savedAfter} |`),
      ].join('\n'),
    )
  })
})
