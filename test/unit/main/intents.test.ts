/**
 * Operations that change several files, interrupted between two writes (as a kill leaves them: the
 * intent record written, part of the files changed): the next open completes them and says so.
 * crash-multifile.test.ts kills real processes; this test builds each interrupted state by hand.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { RecoveryReport } from '../../../src/main/store/durable-json-file'
import type { Intent } from '../../../src/main/workspace/intents'
import { DATA_DIR, Workspace } from '../../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../../helpers/fs'

const ES = 'Vladímir Putin recibió a Kim. «Es un honor», dijo el mandatario ruso. Putin sonrió.'
const EN = 'Putin met Kim in Vladivostok. “It is an honour,” the Russian leader said.'
const at = (text: string, s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length })

/** The pid of a process that has ended: an interrupted operation's writer. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!
}

/** Leaves `intent` as a killed process would have: recorded, not removed. */
function planIntent(root: string, intent: Intent): void {
  const dir = join(root, DATA_DIR, 'intents')
  mkdirSync(dir, { recursive: true })
  const pid = deadPid()
  writeFileSync(
    join(dir, `${Date.now()}-${pid}-1.json`),
    JSON.stringify({ version: 1, pid, startedAt: new Date().toISOString(), intent }),
  )
}

async function workspace() {
  const root = tempDir()
  writeFiles(root, { 'es.txt': ES, 'en.txt': EN })
  const ws = await Workspace.open(root)
  const es = ws.articles().find((a) => a.path === 'es.txt')!.id
  const en = ws.articles().find((a) => a.path === 'en.txt')!.id
  await ws.createEntity({ id: 'putin', name: 'Vladímir Putin', type: 'person' })
  await ws.createEntity({ id: 'putin2', name: 'Putin', type: 'person', aliases: ['el mandatario ruso'] })
  await ws.createAnnotation(es, { id: 'm1', kind: 'entity', ...at(ES, 'Vladímir Putin'), attributes: { entityId: 'putin' } })
  await ws.createAnnotation(es, { id: 'm2', kind: 'entity', ...at(ES, 'Putin sonrió'), attributes: { entityId: 'putin2' } })
  await ws.createAnnotation(en, { id: 'm3', kind: 'entity', ...at(EN, 'Putin'), attributes: { entityId: 'putin2' } })
  await ws.createAnnotation(es, { id: 'q1', kind: 'quote', ...at(ES, '«Es un honor»'), attributes: { speakerId: 'putin2' } })
  await ws.createAnnotation(en, { id: 'q2', kind: 'quote', ...at(EN, '“It is an honour,”') })
  await ws.createLink({
    id: 'l1',
    from: { articleId: es, annotationId: 'q1' },
    to: { articleId: en, annotationId: 'q2' },
    relation: 'translation-of',
  })
  await ws.close()
  const annotationFile = (id: string) => join(root, DATA_DIR, 'annotations', `${id}.json`)
  /** Edits an article's stored annotations as the first half of an operation would have. */
  const edit = (id: string, change: (annotations: Record<string, unknown>[]) => Record<string, unknown>[]) => {
    const data = JSON.parse(readFileSync(annotationFile(id), 'utf8'))
    data.annotations = change(data.annotations)
    writeFileSync(annotationFile(id), JSON.stringify(data))
  }
  const reopen = async () => {
    const notices: RecoveryReport[] = []
    const reopened = await Workspace.open(root, { onRecover: (r) => notices.push(r) })
    return { ws: reopened, notices }
  }
  const intentsLeft = () => readdirSync(join(root, DATA_DIR, 'intents'))
  return { root, es, en, edit, reopen, intentsLeft }
}

describe('an operation across files interrupted by a crash', () => {
  it('delete of a linked annotation: the links go too on the next open, and the user is told', async () => {
    const w = await workspace()
    w.edit(w.es, (list) => list.filter((a) => a.id !== 'q1')) // the annotation went, links.json not yet
    planIntent(w.root, { op: 'delete-annotation', articleId: w.es, annotationId: 'q1' })
    const { ws, notices } = await w.reopen()
    expect(await ws.linksFor(w.en)).toEqual([])
    expect(JSON.parse(readFileSync(join(w.root, DATA_DIR, 'links.json'), 'utf8')).links).toEqual([])
    expect(notices.map((n) => n.reason)).toEqual([
      expect.stringMatching(/while deleting an annotation: the deletion was completed.*1 link/),
    ])
    expect(w.intentsLeft()).toEqual([])
    await ws.close()
  })

  it('an operation of a process that still runs is left to it', async () => {
    const w = await workspace()
    const dir = join(w.root, DATA_DIR, 'intents')
    mkdirSync(dir, { recursive: true })
    const intent = { op: 'delete-annotation', articleId: w.es, annotationId: 'q1' }
    const name = `${Date.now()}-${process.ppid}-1.json` // the test runner's parent: alive
    writeFileSync(join(dir, name), JSON.stringify({ version: 1, pid: process.ppid, startedAt: '', intent }))
    const { ws, notices } = await w.reopen()
    expect(notices).toEqual([])
    expect((await ws.linksFor(w.en)).length).toBe(1)
    expect(w.intentsLeft()).toEqual([name])
    await ws.close()
  })

  it('entity merge: every mention follows, the removed entity goes and its names become aliases', async () => {
    const w = await workspace()
    w.edit(w.es, (list) =>
      list.map((a) => (a.id === 'm2' ? { ...a, attributes: { entityId: 'putin', entityType: 'person' } } : a)),
    )
    planIntent(w.root, {
      op: 'merge-entities',
      keepId: 'putin',
      removeId: 'putin2',
      keptName: 'Vladímir Putin',
      aliases: ['Putin', 'el mandatario ruso'],
    })
    const { ws, notices } = await w.reopen()
    expect(ws.entities().map((e) => [e.id, e.aliases])).toEqual([['putin', ['Putin', 'el mandatario ruso']]])
    const refs = [...(await ws.openArticle(w.es)).annotations, ...(await ws.openArticle(w.en)).annotations].map((a) =>
      a.kind === 'entity' ? a.attributes.entityId : a.kind === 'quote' ? a.attributes.speakerId : undefined,
    )
    expect(refs.filter(Boolean).every((r) => r === 'putin')).toBe(true)
    expect((await ws.openArticle(w.es)).annotations.find((a) => a.id === 'q1')).toMatchObject({
      attributes: { speaker: 'Vladímir Putin' },
    })
    expect(notices.map((n) => n.reason)).toEqual([
      expect.stringMatching(/while merging entities into "Vladímir Putin": the merge was completed/),
    ])
    expect(w.intentsLeft()).toEqual([])
    await ws.close()
  })

  it('entity delete: the mentions stay, unlinked, and the entity goes', async () => {
    const w = await workspace()
    planIntent(w.root, { op: 'delete-entity', entityId: 'putin2', name: 'Putin' })
    const { ws, notices } = await w.reopen()
    expect(ws.entities().map((e) => e.id)).toEqual(['putin'])
    const m3 = (await ws.openArticle(w.en)).annotations.find((a) => a.id === 'm3')!
    expect(m3.kind === 'entity' && m3.attributes.entityId).toBeFalsy()
    expect(notices).toHaveLength(1)
    expect(w.intentsLeft()).toEqual([])
    await ws.close()
  })
})
