import { describe, expect, it } from 'vitest'
import { isWellFormedIndex, StoredWorkspaceFile, WorkspaceFileData } from '../../../src/main/workspace/workspace-index'

const entry = {
  id: 'a1b2c3d4e5f60718',
  path: 'desk/story.txt',
  size: 120,
  mtimeMs: 1732780800000.25,
  contentHash: 'sha256:00',
  title: 'Story',
  language: 'es',
  counts: { quote: 1, claim: 0, entity: 2 },
  countsMtimeMs: 1732780800001,
}

/** Index files as a damaged disk, an older Spanwise or a hostile hand could leave them. */
const variants: [string, unknown][] = [
  ['a valid index', { version: 1, articles: [entry] }],
  ['an empty index', { version: 1, articles: [] }],
  [
    'an entry still being filled in',
    { version: 1, articles: [{ ...entry, language: undefined, counts: undefined, languagePending: true }] },
  ],
  ['an entry that could not be read', { version: 1, articles: [{ ...entry, error: 'The file is empty' }] }],
  ['an older entry without countsMtimeMs', { version: 1, articles: [{ ...entry, countsMtimeMs: undefined }] }],
  ['an unknown field', { version: 1, articles: [{ ...entry, extra: 1 }] }],
  [
    'a __proto__ field',
    JSON.parse(`{"version":1,"articles":[${JSON.stringify(entry).replace('{', '{"__proto__":{"polluted":true},')}]}`),
  ],
  ['an id that is a path', { version: 1, articles: [{ ...entry, id: '../../etc/passwd' }] }],
  ['an id too long', { version: 1, articles: [{ ...entry, id: 'a'.repeat(65) }] }],
  ['an empty id', { version: 1, articles: [{ ...entry, id: '' }] }],
  ['a size that is text', { version: 1, articles: [{ ...entry, size: '120' }] }],
  ['an infinite mtime', { version: 1, articles: [{ ...entry, mtimeMs: Infinity }] }],
  ['a NaN countsMtimeMs', { version: 1, articles: [{ ...entry, countsMtimeMs: NaN }] }],
  ['a null title', { version: 1, articles: [{ ...entry, title: null }] }],
  ['a numeric language', { version: 1, articles: [{ ...entry, language: 7 }] }],
  ['languagePending false', { version: 1, articles: [{ ...entry, languagePending: false }] }],
  ['a negative count', { version: 1, articles: [{ ...entry, counts: { quote: -1, claim: 0, entity: 0 } }] }],
  ['a fractional count', { version: 1, articles: [{ ...entry, counts: { quote: 1.5, claim: 0, entity: 0 } }] }],
  ['a count missing', { version: 1, articles: [{ ...entry, counts: { quote: 1, claim: 0 } }] }],
  ['an extra count', { version: 1, articles: [{ ...entry, counts: { quote: 1, claim: 0, entity: 0, other: 1 } }] }],
  ['counts as an array', { version: 1, articles: [{ ...entry, counts: [1, 0, 0] }] }],
  ['an entry that is an array', { version: 1, articles: [[entry]] }],
  ['an entry that is null', { version: 1, articles: [null] }],
  ['this version', { version: 2, articles: [entry] }],
  ['a newer version', { version: 3, articles: [entry] }],
  ['a fractional version', { version: 1.5, articles: [entry] }],
  ['articles not a list', { version: 1, articles: { 0: entry } }],
  ['an extra top-level field', { version: 1, articles: [entry], more: true }],
  ['no articles', { version: 1 }],
  ['not an object', 'workspace'],
]

describe('the workspace index check', () => {
  it.each(variants)('accepts and rejects %s exactly as the schema does', (_name, value) => {
    const schema = WorkspaceFileData.safeParse(value)
    const stored = StoredWorkspaceFile.safeParse(value)
    expect(stored.success).toBe(schema.success)
    if (schema.success) expect(stored.data).toEqual(schema.data)
    // The quick check never accepts what the schema refuses.
    if (isWellFormedIndex(value)) expect(schema.success).toBe(true)
  })

  it('recognises a well-formed index without the schema, and says what is wrong with a bad one', () => {
    expect(isWellFormedIndex({ version: 1, articles: Array.from({ length: 100 }, (_, i) => ({ ...entry, id: `a${i}` })) })).toBe(
      true,
    )
    const bad = StoredWorkspaceFile.safeParse({ version: 1, articles: [{ ...entry, size: 'big' }] })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues[0].path).toEqual(['articles', 0, 'size'])
  })
})
