/**
 * The conflict's fields as the window lists them side by side, and the merge the user builds by picking
 * a version per field: what differs is marked, an annotation's span moves as one, the note is theirs to
 * edit, and what was not picked stays mine.
 */
import { describe, expect, it } from 'vitest'
import { conflictFields, mergeValue, same } from '../../../src/shared/sync-merge'

const base = {
  id: 'c1',
  kind: 'claim',
  start: 10,
  end: 30,
  exact: 'el puerto movió 5,4 millones',
  prefix: '',
  suffix: '',
  note: 'Ana: the figure is 5.4 million',
  tags: ['puerto'],
  createdAt: '2026-11-30T10:00:00.000Z',
  updatedAt: '2026-11-30T10:00:00.000Z',
  attributes: { status: 'unchecked' },
}
const mine = { ...base, updatedAt: '2026-11-30T11:00:00.000Z' }
const theirs = {
  ...base,
  note: 'Ben: the port says 5.1 million',
  attributes: { status: 'false' },
  start: 12,
  exact: 'puerto movió 5,4 millones',
  updatedAt: '2026-11-30T11:05:00.000Z',
}

describe('conflictFields', () => {
  it("lists an annotation's fields in the window's order and marks those that differ (change times are not fields)", () => {
    const fields = conflictFields('annotation', [mine, theirs])
    expect(fields.map((f) => f.key)).toEqual(['span', 'kind', 'status', 'note', 'tags'])
    expect(fields.filter((f) => f.differs).map((f) => f.key)).toEqual(['span', 'status', 'note'])
  })

  it('a quote shows its speaker (name and registry link as one field) and mode', () => {
    const quote = (speaker: string) => ({
      ...base,
      kind: 'quote',
      attributes: { speaker, speakerId: null, mode: 'direct' },
    })
    const fields = conflictFields('annotation', [quote('Mar Chao'), quote('la presidenta')])
    expect(fields.find((f) => f.key === 'speaker')).toMatchObject({
      paths: ['attributes.speaker', 'attributes.speakerId'],
      differs: true,
    })
    expect(fields.find((f) => f.key === 'mode')?.differs).toBe(false)
  })

  it('kinds that differ carry their attributes with them', () => {
    const fields = conflictFields('annotation', [mine, { ...base, kind: 'quote', attributes: { speaker: 'x', mode: 'direct' } }])
    expect(fields.find((f) => f.key === 'kind')).toMatchObject({ paths: ['kind', 'attributes'], differs: true })
    expect(fields.some((f) => f.key === 'status')).toBe(false)
  })

  it('any other item lists its own fields; a label is one value', () => {
    const a = { id: 'e1', name: 'Óscar Puente', type: 'person', aliases: [], note: '', createdAt: 'x', updatedAt: 'y' }
    const fields = conflictFields('entity', [a, { ...a, name: 'el ministro', aliases: ['Puente'], updatedAt: 'z' }])
    expect(fields.map((f) => [f.key, f.differs])).toEqual([
      ['name', true],
      ['type', false],
      ['aliases', true],
      ['note', false],
    ])
    expect(conflictFields('label', ['dudoso', 'exagerado'])).toEqual([{ key: 'value', paths: [''], differs: true }])
  })
})

describe('mergeValue', () => {
  it('keeps mine where nothing is picked, takes the picked fields from theirs, the note as edited, a new change time', () => {
    const merged = mergeValue(
      'annotation',
      [mine, theirs],
      { status: 1, span: 1 },
      'Ana / Ben: 5.1 or 5.4',
      '2026-12-01T00:00:00.000Z',
    )
    expect(merged).toEqual({
      ...mine,
      start: 12,
      exact: 'puerto movió 5,4 millones',
      attributes: { status: 'false' },
      note: 'Ana / Ben: 5.1 or 5.4',
      updatedAt: '2026-12-01T00:00:00.000Z',
    })
    // Neither side was changed by building it.
    expect(mine.attributes.status).toBe('unchecked')
  })

  it('with nothing picked it is mine (but for the change time); with several teammates each field comes from its pick', () => {
    const now = '2026-12-01T00:00:00.000Z'
    expect(same(mergeValue('annotation', [mine, theirs], {}, undefined, now), { ...mine, updatedAt: now })).toBe(true)
    const eva = { ...base, tags: ['puerto', 'cifras'] }
    const merged = mergeValue('annotation', [mine, theirs, eva], { tags: 2, note: 1 }, undefined, now) as typeof base
    expect(merged.tags).toEqual(['puerto', 'cifras'])
    expect(merged.note).toBe(theirs.note)
    expect(merged.attributes.status).toBe('unchecked')
  })

  it('a field one side lacks is removed when that side is picked', () => {
    const withSpeaker = { ...base, kind: 'quote', attributes: { speaker: 'Mar Chao', speakerId: 'e-chao', mode: 'direct' } }
    const without = { ...base, kind: 'quote', attributes: { speaker: 'Mar Chao', mode: 'direct' } }
    const merged = mergeValue('annotation', [withSpeaker, without], { speaker: 1 }) as { attributes: object }
    expect(merged.attributes).toEqual({ speaker: 'Mar Chao', mode: 'direct' })
  })
})
