/**
 * The desk's main side (main/desk/desk.ts) on a real workspace: every claim listed with who made it and
 * its evidence; a bulk status change is all or nothing and returns what undo needs.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { listClaims, setClaimStatuses } from '../../../src/main/desk/desk'
import { Workspace } from '../../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../../helpers/fs'

const A = 'Titular\n\nLa ministra dijo: «El paro bajó un 20 %». El Banco de España lo duda.'
const B = 'Headline\n\nUnemployment fell by 3 %, the statistics office said.'
let ws: Workspace | undefined
afterEach(async () => {
  await ws?.close()
  ws = undefined
})

async function open() {
  const root = tempDir()
  writeFiles(root, { 'a.txt': A, 'b.txt': B })
  ws = await Workspace.open(root)
  const [a, b] = ['a.txt', 'b.txt'].map((p) => ws!.articles().find((x) => x.path === p)!.id)
  const at = (text: string, s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length })
  await ws.createEntity({ id: 'min', name: 'Ministra de Trabajo', type: 'person' })
  await ws.createEntity({ id: 'bde', name: 'Banco de España', type: 'organisation' })
  await ws.createAnnotation(a, { id: 'q', kind: 'quote', ...at(A, '«El paro bajó un 20 %»'), attributes: { speakerId: 'min' } })
  await ws.createAnnotation(a, { id: 'c1', kind: 'claim', ...at(A, 'El paro bajó un 20 %'), note: 'no', tags: ['paro'] })
  await ws.createAnnotation(a, { id: 'e', kind: 'entity', ...at(A, 'Banco de España'), attributes: { entityId: 'bde' } })
  await ws.createAnnotation(a, { id: 'c2', kind: 'claim', ...at(A, 'El Banco de España lo duda') })
  await ws.createAnnotation(b, { id: 'c3', kind: 'claim', ...at(B, 'Unemployment fell by 3 %') })
  await ws.createLink({
    id: 'L',
    from: { articleId: a, annotationId: 'c1' },
    to: { articleId: b, annotationId: 'c3' },
    relation: 'contradicts',
  })
  return { a, b }
}

describe('claims of the workspace', () => {
  it('lists every claim with its maker (speaker, else an entity named in it), evidence, note and tags', async () => {
    const { a, b } = await open()
    const rows = await listClaims(ws!)
    expect(rows.map((r) => r.annotationId)).toEqual(['c1', 'c2', 'c3'])
    const [c1, c2, c3] = rows
    expect(c1).toMatchObject({ articleId: a, status: 'unchecked', note: 'no', tags: ['paro'] })
    expect(c1.madeBy).toEqual({ name: 'Ministra de Trabajo', entityId: 'min', via: 'speaker' })
    expect(c1.evidence).toEqual([
      expect.objectContaining({ articleId: b, annotationId: 'c3', relation: 'contradicts', exact: 'Unemployment fell by 3 %' }),
    ])
    expect(c2.madeBy).toEqual({ name: 'Banco de España', entityId: 'bde', via: 'entity' })
    expect(c2.entityIds).toEqual(['bde'])
    expect(c3.madeBy).toBeNull()
    expect(c3.evidence[0]).toMatchObject({ annotationId: 'c1', outgoing: false })
  })

  it('changes several statuses in one call and returns the previous ones; a refused change writes nothing', async () => {
    const { a, b } = await open()
    const previous = await setClaimStatuses(ws!, [
      { articleId: a, annotationId: 'c1', status: 'false' },
      { articleId: b, annotationId: 'c3', status: 'accurate' },
    ])
    expect(previous).toEqual([
      { articleId: a, annotationId: 'c1', status: 'unchecked' },
      { articleId: b, annotationId: 'c3', status: 'unchecked' },
    ])
    const statuses = async () => Object.fromEntries((await listClaims(ws!)).map((r) => [r.annotationId, r.status]))
    expect(await statuses()).toEqual({ c1: 'false', c2: 'unchecked', c3: 'accurate' })
    // Unknown status, or a quote instead of a claim: refused before anything is written.
    await expect(
      setClaimStatuses(ws!, [
        { articleId: a, annotationId: 'c2', status: 'accurate' },
        { articleId: a, annotationId: 'c1', status: 'sort of' },
      ]),
    ).rejects.toMatchObject({ code: 'invalid-input' })
    await expect(
      setClaimStatuses(ws!, [
        { articleId: a, annotationId: 'c2', status: 'accurate' },
        { articleId: a, annotationId: 'q', status: 'accurate' },
      ]),
    ).rejects.toMatchObject({ code: 'not-found' })
    expect(await statuses()).toEqual({ c1: 'false', c2: 'unchecked', c3: 'accurate' })
  })
})
