/**
 * Every reader of annotations sees the changes still in an article's journal: the library's counts,
 * the export (which the CLI calls), entity mentions, whether the journal's writer is still running
 * (another window or the app while the CLI exports) or crashed before compacting it.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AnnotationFileData } from '../../../src/main/store/annotation-file'
import { articleIdFor, DATA_DIR, Workspace } from '../../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../../helpers/fs'

const TEXT = 'Pleno municipal\n\nLa concejala afirmó: «El presupuesto está equilibrado». El interventor discrepa.'
const ID = articleIdFor('pleno.txt')
const span = (phrase: string) => ({ start: TEXT.indexOf(phrase), end: TEXT.indexOf(phrase) + phrase.length })

/** A workspace whose article has one compacted annotation and two more only in its journal. */
async function workspaceWithJournal() {
  const root = tempDir('spanwise-journal-readers-')
  writeFiles(root, { 'pleno.txt': TEXT })
  const first = await Workspace.open(root)
  await first.createEntity({ id: 'concejala', name: 'La concejala', type: 'person' })
  await first.createAnnotation(ID, { id: 'q', kind: 'quote', ...span('«El presupuesto está equilibrado»') })
  await first.close() // the counts in the index now match the JSON file
  const writer = await Workspace.open(root, { journal: { idleMs: 60_000 } })
  await writer.createAnnotation(ID, { id: 'c', kind: 'claim', ...span('El interventor discrepa') })
  await writer.createAnnotation(ID, { id: 'e', kind: 'entity', ...span('La concejala'), attributes: { entityId: 'concejala' } })
  expect(readdirSync(join(root, DATA_DIR, 'annotations'))).toContain(`${ID}.journal`)
  return { root, writer }
}

async function expectAllThree(ws: Workspace) {
  // Library counts are checked against the files in the background after an open.
  await ws.settled()
  expect(ws.summary(ID)?.counts).toEqual({ quote: 1, claim: 1, entity: 1 })
  expect((await ws.articleForExport(ID)).annotations.map((a) => a.id)).toEqual(['q', 'c', 'e'])
  expect((await ws.entityMentions('concejala')).flatMap((g) => g.mentions.map((m) => m.annotationId))).toEqual(['e'])
}

describe('readers of a journaled annotation file', () => {
  it('a second workspace (the CLI while the app runs) counts and exports the journaled changes, and leaves the journal to its writer', async () => {
    const { root, writer } = await workspaceWithJournal()
    const journal = readFileSync(join(root, DATA_DIR, 'annotations', `${ID}.journal`))
    const reader = await Workspace.open(root)
    await expectAllThree(reader)
    // It may not change the article meanwhile (two writers of one journal would lose lines).
    await expect(reader.updateAnnotation(ID, 'q', { note: 'x' })).rejects.toThrow(/being edited by another Spanwise/)
    await reader.close()
    expect(readFileSync(join(root, DATA_DIR, 'annotations', `${ID}.journal`))).toEqual(journal)
    await writer.close()
    expect(
      readdirSync(join(root, DATA_DIR, 'annotations')).filter((n) => n.endsWith('.journal') || n.endsWith('.journal.next')),
    ).toEqual([])
  })

  it('after a crash, the next open counts, exports and compacts what the journal held', async () => {
    const { root } = await workspaceWithJournal()
    // What a writer killed before compacting leaves: the same files, its process gone.
    const crashed = tempDir('spanwise-journal-crashed-')
    cpSync(root, crashed, { recursive: true })
    const journalPath = join(crashed, DATA_DIR, 'annotations', `${ID}.journal`)
    const [header, ...lines] = readFileSync(journalPath, 'utf8').split('\n')
    writeFileSync(
      journalPath,
      [JSON.stringify({ ...JSON.parse(header), pid: spawnSync(process.execPath, ['-e', '']).pid }), ...lines].join('\n'),
    )

    const ws = await Workspace.open(crashed)
    await expectAllThree(ws)
    expect(
      readdirSync(join(crashed, DATA_DIR, 'annotations')).filter((n) => n.endsWith('.journal') || n.endsWith('.journal.next')),
    ).toEqual([])
    const compacted = AnnotationFileData.parse(
      JSON.parse(readFileSync(join(crashed, DATA_DIR, 'annotations', `${ID}.json`), 'utf8')),
    )
    expect(compacted.annotations.map((a) => a.id)).toEqual(['q', 'c', 'e'])
  })
})
