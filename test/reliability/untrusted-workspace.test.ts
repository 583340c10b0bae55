/**
 * A workspace is untrusted input (it arrives zipped or through a synced folder): whatever `.spanwise/`
 * holds, no byte is read or written outside the workspace. Each test plants links the way an attacker
 * would and checks the files they point at afterwards.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LINK_RELATIONS } from '../../src/shared/model'
import { articleIdFor, DATA_DIR, Workspace } from '../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../helpers/fs'

const TEXT = 'Pleno municipal\n\nLa concejala afirmó: «El presupuesto está equilibrado». El interventor discrepa.'
const ID = articleIdFor('pleno.txt')
const RELATION = LINK_RELATIONS[0]
const span = (phrase: string) => ({ start: TEXT.indexOf(phrase), end: TEXT.indexOf(phrase) + phrase.length })

/** A workspace with one article and an outside folder holding a file an attacker wants overwritten. */
function setup() {
  const root = tempDir('spanwise-untrusted-')
  const outside = tempDir('spanwise-outside-')
  writeFiles(root, { 'pleno.txt': TEXT })
  writeFileSync(join(outside, 'victim.txt'), 'precious')
  return { root, outside }
}

/** Every file below `dir` with its content: what "nothing written there" is checked against. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name)
    if (lstatSync(path).isFile()) out[name] = readFileSync(path, 'utf8')
  }
  return out
}

describe('links planted in .spanwise are never followed', () => {
  it('a dangling link planted as an article journal: the next edit writes inside the workspace, nothing outside', async () => {
    const { root, outside } = setup()
    const first = await Workspace.open(root)
    await first.createAnnotation(ID, { id: 'q', kind: 'quote', ...span('«El presupuesto está equilibrado»') })
    await first.close()
    const target = join(outside, 'stolen.journal')
    symlinkSync(target, join(root, DATA_DIR, 'annotations', `${ID}.journal`))

    const ws = await Workspace.open(root)
    await ws.openArticle(ID)
    await ws.updateAnnotation(ID, 'q', { note: 'a secret note' })
    await ws.createAnnotation(ID, { id: 'c', kind: 'claim', ...span('El interventor discrepa') })
    await ws.close()

    expect(existsSync(target)).toBe(false)
    expect(snapshot(outside)).toEqual({ 'victim.txt': 'precious' })
    const again = await Workspace.open(root)
    const article = await again.openArticle(ID)
    expect(article.annotations.map((a) => [a.id, a.note])).toEqual([
      ['q', 'a secret note'],
      ['c', ''],
    ])
    await again.close()
  })

  it('a link planted as a data file or its backup is set aside and never read through or written through', async () => {
    const { root, outside } = setup()
    mkdirSync(join(root, DATA_DIR, 'annotations'), { recursive: true })
    writeFileSync(join(outside, 'entities.json'), JSON.stringify({ version: 1, entities: [] }))
    symlinkSync(join(outside, 'entities.json'), join(root, DATA_DIR, 'entities.json'))
    symlinkSync(join(outside, 'victim.txt'), join(root, DATA_DIR, 'links.json.bak'))
    const before = snapshot(outside)
    const reports: string[] = []
    const ws = await Workspace.open(root, { onRecover: (r) => reports.push(r.file) })
    await ws.createEntity({ id: 'concejala', name: 'La concejala', type: 'person' })
    await ws.createAnnotation(ID, { id: 'c', kind: 'claim', ...span('El interventor discrepa') })
    await ws.createAnnotation(ID, { id: 'q', kind: 'quote', ...span('«El presupuesto está equilibrado»') })
    await ws.createLink({
      id: 'l1',
      from: { articleId: ID, annotationId: 'q' },
      to: { articleId: ID, annotationId: 'c' },
      relation: RELATION,
    })
    await ws.createLink({
      id: 'l2',
      from: { articleId: ID, annotationId: 'c' },
      to: { articleId: ID, annotationId: 'q' },
      relation: RELATION,
    })
    await ws.close()
    expect(snapshot(outside)).toEqual(before)
    expect(reports).toContain(join(root, DATA_DIR, 'entities.json'))
    expect(lstatSync(join(root, DATA_DIR, 'entities.json')).isFile()).toBe(true)
  })

  it('a linked .spanwise, annotations/, snapshots/ or intents/ folder: refused with a one-line message naming it, nothing written', async () => {
    for (const linked of [DATA_DIR, `${DATA_DIR}/annotations`, `${DATA_DIR}/snapshots`, `${DATA_DIR}/intents`]) {
      const { root, outside } = setup()
      if (linked !== DATA_DIR) mkdirSync(join(root, DATA_DIR), { recursive: true })
      symlinkSync(outside, join(root, linked))
      const opening = Workspace.open(root)
      await expect(opening).rejects.toMatchObject({ code: 'unreadable' })
      const message = ((await opening.catch((e: Error) => e)) as Error).message
      expect(message).toContain(join(root, linked))
      expect(message).toMatch(/link/)
      expect(message).not.toContain('\n')
      expect(snapshot(outside)).toEqual({ 'victim.txt': 'precious' })
    }
  })

  it('links pre-planted under the temp names of the next process ids: no byte written outside', async () => {
    const { root, outside } = setup()
    const data = join(root, DATA_DIR)
    mkdirSync(join(data, 'annotations'), { recursive: true })
    // The old names were `.<file>.<pid>.<counter>.tmp`: plant the next process ids' first counters, and
    // this process's next 500 (its counter is shared by every write it made before).
    const plant = (file: string, pid: number, n: number) =>
      symlinkSync(join(outside, 'victim.txt'), join(data, `.${file}.${pid}.${n}.tmp`))
    for (const file of ['workspace.json', 'entities.json']) {
      for (let pid = process.pid + 1; pid <= process.pid + 100; pid++) for (let n = 1; n <= 3; n++) plant(file, pid, n)
      for (let n = 1; n <= 500; n++) plant(file, process.pid, n)
    }
    const ws = await Workspace.open(root)
    await ws.createEntity({ id: 'concejala', name: 'La concejala', type: 'person' })
    await ws.createAnnotation(ID, { id: 'q', kind: 'quote', ...span('«El presupuesto está equilibrado»') })
    await ws.close()
    expect(snapshot(outside)).toEqual({ 'victim.txt': 'precious' })
    expect((await Workspace.open(root)).entities().map((e) => e.id)).toEqual(['concejala'])
  })
})
