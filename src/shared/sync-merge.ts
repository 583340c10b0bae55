/**
 * A sync conflict's versions field by field, for the window's side-by-side view and its merge form:
 * which fields an item has (an annotation's text span, kind, status, speaker, mode, entity, note and
 * tags; any other item's own fields), which of them differ, and the merged value built from the user's
 * pick per field (mine unless they pick a teammate's) with the note as they edited it. Pure: the window
 * uses it and the unit tests check it; main validates the merged value like any other.
 */
import type { SyncItemKind } from './sync'

export interface ConflictField {
  /** 'span', 'kind', 'status', 'speaker', 'mode', 'entity', 'note', 'tags', else the item's own key. */
  key: string
  /** Where in the value the field lives ('attributes.status'); '' is the whole value. */
  paths: string[]
  differs: boolean
}

/** What a field covers in an annotation: its span moves as one, an entity's id with its type. */
const ANNOTATION_FIELDS: [string, string[]][] = [
  ['span', ['start', 'end', 'exact', 'prefix', 'suffix']],
  ['kind', ['kind']],
  ['status', ['attributes.status']],
  ['speaker', ['attributes.speaker', 'attributes.speakerId']],
  ['mode', ['attributes.mode']],
  ['entity', ['attributes.entityId', 'attributes.entityType']],
  ['note', ['note']],
  ['tags', ['tags']],
]

/** Kept by the item itself, never a user's choice (the merge gets a new change time). */
const BOOKKEEPING = new Set(['id', 'createdAt', 'updatedAt', 'anchor'])

/**
 * The fields of an item in conflict, in the order the window lists them (those no version has left
 * out); `versions[0]` is mine, the others teammates' (removed ones left out by the caller).
 */
export function conflictFields(kind: SyncItemKind, versions: readonly unknown[]): ConflictField[] {
  const differs = (paths: string[]) => versions.some((v) => paths.some((p) => !same(valueAt(v, p), valueAt(versions[0], p))))
  if (!versions.every(isRecord)) return [{ key: 'value', paths: [''], differs: differs(['']) }]
  const records = versions as Record<string, unknown>[]
  const groups: [string, string[]][] = []
  if (kind === 'annotation') {
    const kindsDiffer = records.some((v) => v.kind !== records[0].kind)
    for (const [key, paths] of ANNOTATION_FIELDS) {
      if (kindsDiffer && paths.some((p) => p.startsWith('attributes.'))) continue
      groups.push([key, key === 'kind' && kindsDiffer ? ['kind', 'attributes'] : paths])
    }
    if (!kindsDiffer) {
      const covered = new Set(groups.flatMap(([, paths]) => paths))
      for (const a of new Set(records.flatMap((v) => Object.keys(recordAt(v.attributes)))))
        if (!covered.has(`attributes.${a}`)) groups.push([a, [`attributes.${a}`]])
    }
  }
  const covered = new Set(groups.flatMap(([, paths]) => paths.map((p) => p.split('.')[0])))
  for (const key of new Set(records.flatMap((v) => Object.keys(v))))
    if (!covered.has(key) && !BOOKKEEPING.has(key)) groups.push([key, [key]])
  return groups
    .filter(([, paths]) => records.some((v) => paths.some((p) => valueAt(v, p) !== undefined)))
    .map(([key, paths]) => ({ key, paths, differs: differs(paths) }))
}

/**
 * The merged value: mine (`versions[0]`), each field taken from the version picked for it (an index
 * into `versions`; mine when not picked), the note as the user wrote it (when given), a new change time.
 */
export function mergeValue(
  kind: SyncItemKind,
  versions: readonly unknown[],
  picks: Readonly<Record<string, number>>,
  note?: string,
  now = new Date().toISOString(),
): unknown {
  const mine = versions[0]
  if (!isRecord(mine)) return versions[picks.value ?? 0] ?? mine
  let merged = clone(mine) as Record<string, unknown>
  for (const field of conflictFields(kind, versions)) {
    const from = versions[picks[field.key] ?? 0]
    if (from === undefined || from === mine) continue
    for (const path of field.paths) merged = setAt(merged, path, clone(valueAt(from, path)))
  }
  if (note !== undefined && typeof merged.note === 'string') merged.note = note
  if (typeof merged.updatedAt === 'string') merged.updatedAt = now
  return merged
}

/** The value at a dotted path ('' is the value itself). */
export function valueAt(value: unknown, path: string): unknown {
  if (path === '') return value
  let at: unknown = value
  for (const part of path.split('.')) at = isRecord(at) ? at[part] : undefined
  return at
}

function setAt(target: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.')
  if (rest.length === 0) {
    if (value === undefined) delete target[head]
    else target[head] = value
    return target
  }
  target[head] = setAt(isRecord(target[head]) ? target[head] : {}, rest.join('.'), value)
  return target
}

/** Equal as data (object keys in any order). */
export function same(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b)
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`
  if (isRecord(value))
    return `{${Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable(value[k])}`)
      .join(',')}}`
  return JSON.stringify(value) ?? 'undefined'
}

/** A deep copy of plain data (values from JSON documents). */
function clone(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value))
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function recordAt(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {}
}
