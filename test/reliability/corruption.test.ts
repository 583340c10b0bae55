/**
 * Damaged and foreign data files, met by the app at its next start: each damaged file is detected,
 * moved aside untouched, the last good version restored, and the user told (a notice from main); a
 * file from a newer Spanwise is refused and never overwritten.
 */
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AnnotationFileData, readStoredAnnotations } from '../../src/main/store/annotation-file'
import { articleIdFor, DATA_DIR } from '../../src/main/workspace/workspace'
import { WORKSPACE_FILE_VERSION } from '../../src/main/workspace/workspace-index'
import { tempDir, writeFiles } from '../helpers/fs'
import { recordFigures } from './figures'
import { startApp, type TestApp } from './service'

const TEXT = 'Informe\n\nEl alcalde dijo: «No habrá recortes». La oposición lo niega.\n\nFuentes: ayuntamiento.'
const ARTICLE_ID = articleIdFor('informe.txt')

const apps: TestApp[] = []
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()))
})
async function start(root: string): Promise<TestApp> {
  const app = await startApp(root)
  apps.push(app)
  return app
}

const span = (phrase: string) => ({ start: TEXT.indexOf(phrase), end: TEXT.indexOf(phrase) + phrase.length })

/**
 * A workspace with two saved annotations (A, then B), closed: the file holds A and B, its .bak holds A,
 * and `.journal.old` the line that added B.
 */
async function workspaceWithSaves() {
  const root = tempDir('spanwise-corrupt-')
  writeFiles(root, { 'informe.txt': TEXT })
  const app = await start(root)
  await app.call('createAnnotation', ARTICLE_ID, { id: 'A', kind: 'quote', ...span('«No habrá recortes»') })
  await app.call('createAnnotation', ARTICLE_ID, { id: 'B', kind: 'claim', ...span('La oposición lo niega') })
  await app.close()
  const dir = join(root, DATA_DIR, 'annotations')
  return { root, dir, file: join(dir, `${ARTICLE_ID}.json`) }
}

const annotationIds = (opened: unknown) => (opened as { annotations: { id: string }[] }).annotations.map((a) => a.id)

const DAMAGES: [name: string, damage: (good: Buffer) => Buffer][] = [
  ['truncated mid-write', (good) => good.subarray(0, Math.floor(good.length / 2))],
  ['emptied (zero bytes)', () => Buffer.alloc(0)],
  ['random bytes', () => randomBytes(4096)],
  [
    'valid JSON of the wrong shape',
    () => Buffer.from(JSON.stringify({ version: 1, articleId: ARTICLE_ID, annotations: 'gone', extra: [1, 2] })),
  ],
  [
    'an annotation that breaks the schema',
    (good) => {
      const data = JSON.parse(good.toString('utf8'))
      data.annotations[0].start = -5
      return Buffer.from(JSON.stringify(data))
    },
  ],
]

const figures = { damagedFilesTried: 0, detected: 0, restored: 0, usersTold: 0, newerVersionsRefused: 0, overwritten: 0 }

describe('a damaged annotation file', () => {
  it.each(DAMAGES)('%s: set aside, last good version restored, user told, saving goes on', async (_name, damage) => {
    const { root, dir, file } = await workspaceWithSaves()
    const damaged = damage(readFileSync(file))
    writeFileSync(file, damaged)
    figures.damagedFilesTried++

    const app = await start(root)
    const opened = await app.openArticle(ARTICLE_ID)
    // The previous good version (A only) is back, and B with it: the change journal still holds it.
    expect(annotationIds(opened)).toEqual(['A', 'B'])
    figures.restored++
    const notice = app.events.find((e) => e.type === 'notice' && e.level === 'error')
    expect(notice && notice.type === 'notice' && notice.message).toMatch(
      /damaged data file was set aside .*last good version restored/,
    )
    figures.usersTold++
    // The damaged bytes are kept, untouched, beside it, for whoever wants to look at them.
    const aside = readdirSync(dir).filter((n) => n.startsWith(`${ARTICLE_ID}.json.corrupt-`))
    expect(aside).toHaveLength(1)
    expect(readFileSync(join(dir, aside[0]))).toEqual(damaged)
    figures.detected++
    // The restored file is valid and the journalist keeps working.
    AnnotationFileData.parse(JSON.parse(readFileSync(file, 'utf8')))
    await app.call('createAnnotation', ARTICLE_ID, { id: 'C', kind: 'claim', ...span('Fuentes') })
    expect((await readStoredAnnotations(join(root, DATA_DIR), ARTICLE_ID))?.annotations.map((a) => a.id)).toEqual(['A', 'B', 'C'])
  })

  it('with no earlier version: set aside, starts empty, user told it could not be restored', async () => {
    const root = tempDir('spanwise-corrupt-')
    writeFiles(root, { 'informe.txt': TEXT, [`${DATA_DIR}/annotations/${ARTICLE_ID}.json`]: '{"version":1,"annot' })
    figures.damagedFilesTried++
    const app = await start(root)
    expect(annotationIds(await app.openArticle(ARTICLE_ID))).toEqual([])
    expect(app.notices().join('\n')).toMatch(/set aside .*no earlier version existed/)
    figures.detected++
    figures.usersTold++
    expect(readdirSync(join(root, DATA_DIR, 'annotations')).some((n) => n.includes('.corrupt-'))).toBe(true)
  })
})

describe('a damaged workspace-wide file', () => {
  it('entities.json of random bytes: the registry comes back from its last good version', async () => {
    const root = tempDir('spanwise-corrupt-')
    writeFiles(root, { 'informe.txt': TEXT })
    const first = await start(root)
    await first.call('createEntity', { id: 'alcalde', name: 'El alcalde', type: 'person' })
    await first.call('createEntity', { id: 'oposicion', name: 'La oposición', type: 'organisation' })
    await first.close()
    const damaged = randomBytes(512)
    writeFileSync(join(root, DATA_DIR, 'entities.json'), damaged)
    figures.damagedFilesTried++

    const app = await start(root)
    expect((await app.call('listEntities')) as { id: string }[]).toEqual([expect.objectContaining({ id: 'alcalde' })])
    expect(app.notices().join('\n')).toMatch(/entities\.json\.corrupt-.*last good version restored/)
    const aside = readdirSync(join(root, DATA_DIR)).find((n) => n.startsWith('entities.json.corrupt-'))!
    expect(readFileSync(join(root, DATA_DIR, aside))).toEqual(damaged)
    figures.detected++
    figures.restored++
    figures.usersTold++
  })
})

describe('a file from a newer Spanwise', () => {
  it('an annotation file of format 3 is refused, never downgraded or overwritten', async () => {
    const { root, dir, file } = await workspaceWithSaves()
    const future = JSON.stringify({
      version: 3,
      articleId: ARTICLE_ID,
      annotations: [{ id: 'A', shape: 'from the future' }],
      layers: [],
    })
    writeFileSync(file, future)

    const app = await start(root)
    await expect(app.call('openArticle', ARTICLE_ID)).rejects.toThrow(
      /written by a newer Spanwise \(format 3; this version reads 2\): update Spanwise/,
    )
    await expect(app.call('createAnnotation', ARTICLE_ID, { id: 'C', kind: 'claim', ...span('Fuentes') })).rejects.toThrow(
      /newer Spanwise/,
    )
    await expect(app.call('updateAnnotation', ARTICLE_ID, 'A', { note: 'x' })).rejects.toThrow(/newer Spanwise/)
    await expect(app.call('deleteAnnotation', ARTICLE_ID, 'A')).rejects.toThrow(/newer Spanwise/)
    await app.close()
    expect(readFileSync(file, 'utf8')).toBe(future)
    expect(readdirSync(dir).filter((n) => n.includes('.corrupt-'))).toEqual([])
    figures.newerVersionsRefused++
  })

  it('a single-file workspace index of a newer format refuses the whole workspace and leaves it as it is', async () => {
    const { root } = await workspaceWithSaves()
    // The library's shards are a cache (a shard of another format is rebuilt); the single-file index
    // is read when there are none, and one of a newer format refuses the workspace.
    rmSync(join(root, DATA_DIR, 'library'), { recursive: true, force: true })
    const index = join(root, DATA_DIR, 'workspace.json')
    const future = JSON.stringify({ version: WORKSPACE_FILE_VERSION + 1, articles: [], shards: 4 })
    writeFileSync(index, future)
    await expect(startApp(root)).rejects.toThrow(/newer Spanwise/)
    expect(readFileSync(index, 'utf8')).toBe(future)
    figures.newerVersionsRefused++
  })

  it('records the figures', async () => {
    expect(figures.detected).toBe(figures.damagedFilesTried)
    await recordFigures(
      'corruption',
      figures,
      [
        '| damaged files tried | detected and set aside | last good version restored | user told | newer-format files refused untouched | files overwritten |',
        '|---:|---:|---:|---:|---:|---:|',
        `| ${figures.damagedFilesTried} | ${figures.detected} | ${figures.restored} | ${figures.usersTold} | ${figures.newerVersionsRefused} | **${figures.overwritten}** |`,
        '',
        'Damages: truncated mid-write, emptied, random bytes, valid JSON of the wrong shape, one annotation breaking the schema (annotation files); random bytes (entities.json); no earlier version to restore. Newer format: an annotation file and the workspace index.',
      ].join('\n'),
    )
  })
})
