/**
 * The workspace side of the window's research tools: compare v2 with the user's paragraph pairings,
 * and entity proposals accepted (extending a registry entity), undone and rejected.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DATA_DIR, Workspace } from '../../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../../helpers/fs'

const ES = 'Cumbre\n\nVladímir Putin recibió a Kim Jong-un en 2019.\n\nLa delegación volvió a Pionyang el viernes.'
const EN = 'Summit\n\nThe delegation returned to Pyongyang on Friday.\n\nVladimir Putin received Kim Jong-un in 2019.'

async function setup() {
  const root = tempDir()
  writeFiles(root, { 'es.txt': ES, 'en.txt': EN })
  const ws = await Workspace.open(root)
  const id = (path: string) => ws.articles().find((a) => a.path === path)!.id
  return { root, ws, es: id('es.txt'), en: id('en.txt') }
}

describe('compare v2 in the workspace', () => {
  it('pairs moved paragraphs, and keeps a pairing made by hand', async () => {
    const { ws, es, en } = await setup()
    const before = await ws.compare(es, en)
    expect(before.pairs.map((p) => [p.left, p.right])).toContainEqual([1, 2])
    const after = await ws.fixAlignment(es, en, 2, 1)
    expect(after.pairs).toContainEqual(expect.objectContaining({ left: 2, right: 1, how: 'fixed' }))
    await ws.close()
  })
})

describe('entity proposals', () => {
  it('extends the registry entity a proposal names, tags its mentions, and undoes both; a rejection is kept', async () => {
    const { root, ws, es, en } = await setup()
    await ws.createEntity({ id: 'putin', name: 'Vladímir Putin', type: 'person' })
    const proposals = await ws.discovery.suggest()
    const putin = proposals.find((p) => p.extends === 'putin')!
    // "Vladimir Putin" folds to the registry's name: it extends the entity without a new alias.
    expect(putin.newAliases).toEqual([])
    expect(putin.mentions.map((m) => m.articleId).sort()).toEqual([es, en].sort())

    const record = await ws.discovery.accept({ ...putin, newAliases: ['V. Putin'] }, 'unused')
    expect(ws.registry.byId('putin')!.aliases).toEqual(['V. Putin'])
    expect(ws.registry.entities()).toHaveLength(1)
    const tagged = (await ws.openArticle(en)).annotations.filter((a) => a.kind === 'entity')
    expect(tagged.map((a) => [a.exact, a.kind === 'entity' && a.attributes.entityId])).toEqual([['Vladimir Putin', 'putin']])
    expect((await ws.discovery.suggest()).some((p) => p.extends === 'putin')).toBe(false)

    await ws.discovery.undoAccept(record)
    expect(ws.registry.byId('putin')!.aliases).toEqual([])
    expect((await ws.openArticle(en)).annotations).toEqual([])

    const kim = (await ws.discovery.suggest()).find((p) => p.name === 'Kim Jong-un')!
    await ws.discovery.reject(kim.key, true)
    expect((await ws.discovery.suggest()).some((p) => p.key === kim.key)).toBe(false)
    expect(JSON.parse(readFileSync(join(root, DATA_DIR, 'vocabulary.json'), 'utf8')).rejectedEntities).toEqual([kim.key])
    await ws.close()
  })
})
