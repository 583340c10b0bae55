import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { renderExport } from '../../../src/shared/export/formats'
import { jsonlFormat, type JsonlRecord } from '../../../src/shared/export/jsonl'
import { ARTICLES, CTX, SOURCE, cpSlice, hasPython } from './fixtures'

const OUTPUT = renderExport(jsonlFormat, ARTICLES, CTX)

describe('JSONL export', () => {
  it('writes one newline-terminated JSON line per article, the empty one included', () => {
    expect(OUTPUT.endsWith('\n')).toBe(true)
    const lines = OUTPUT.slice(0, -1).split('\n')
    expect(lines).toHaveLength(ARTICLES.length)
    const records = lines.map((l) => JSON.parse(l) as JsonlRecord)
    expect(records.map((r) => r.text)).toEqual(ARTICLES.map((a) => a.text))
    expect(records[0].spans).toEqual([])
    expect(records[0].label).toEqual([])
    expect(records[0].meta).toMatchObject({ id: 'art-2', path: 'empty.txt', offsetUnit: 'codepoint' })
  })

  it('labels spans QUOTE, CLAIM, or the entity type uppercased, with attributes flattened', () => {
    const record = JSON.parse(OUTPUT.split('\n')[1]) as JsonlRecord
    const byId = new Map(record.spans.map((s) => [s.id, s]))
    expect(byId.get('q1')).toMatchObject({
      label: 'QUOTE',
      kind: 'quote',
      speaker: 'Élodie Müller',
      speakerId: 'elodie',
      mode: 'direct',
      tags: ['économie', '=cmd'],
    })
    expect(byId.get('c1')).toMatchObject({ label: 'CLAIM', status: 'false', note: 'Les prix ont monté de 3 %.' })
    expect(byId.get('e1')).toMatchObject({ label: 'PERSON', entityType: 'person', entityId: 'elodie' })
    expect(byId.get('e2')!.label).toBe('ORGANISATION')
    expect(byId.get('e3')!.label).toBe('PLACE')
    expect(byId.get('e4')!.label).toBe('EVENT')
    expect(record.label).toEqual(record.spans.map((s) => [s.start, s.end, s.label]))
  })

  it('keeps orphaned annotations out of the spans and names them in meta', () => {
    const record = JSON.parse(OUTPUT.split('\n')[1]) as JsonlRecord
    expect(record.spans.map((s) => s.id)).not.toContain('o1')
    expect(record.meta.orphaned).toEqual(['o1'])
  })

  it('escapes U+2028 and U+2029 so no line splitter breaks a record', () => {
    expect(OUTPUT).not.toMatch(/[\u2028\u2029]/)
    const record = JSON.parse(OUTPUT.split('\n')[2]) as JsonlRecord
    expect(record.text).toContain('\u2028')
  })

  it('gives code point offsets that slice to the exact text (JavaScript, by code points)', () => {
    for (const line of OUTPUT.trimEnd().split('\n')) {
      const record = JSON.parse(line) as JsonlRecord
      for (const s of record.spans) expect(cpSlice(record.text, s.start, s.end)).toBe(SOURCE.get(s.id)!.exact)
    }
  })

  it.skipIf(!hasPython())('gives offsets that Python string slicing agrees with', () => {
    const script = [
      'import json, sys',
      'out = {}',
      'for line in sys.stdin.read().split("\\n"):',
      '    if not line: continue',
      '    record = json.loads(line)',
      '    for span in record["spans"]:',
      '        out[span["id"]] = record["text"][span["start"]:span["end"]]',
      'sys.stdout.write(json.dumps(out))',
    ].join('\n')
    const sliced = JSON.parse(execFileSync('python3', ['-c', script], { input: OUTPUT, encoding: 'utf8' })) as Record<
      string,
      string
    >
    const expected = Object.fromEntries([...SOURCE.values()].filter((a) => a.anchor !== 'orphaned').map((a) => [a.id, a.exact]))
    expect(sliced).toEqual(expected)
    // Sanity: the fixture does exercise characters outside the BMP.
    expect(Object.values(expected).some((t) => /[\u{10000}-\u{10FFFF}]/u.test(t))).toBe(true)
  })
})
