/**
 * An opened article as it crosses from main to the window: the annotations as parallel columns instead
 * of one object each, and without what the window can rebuild from the text.
 *
 * Why: a 1 MB article with 10,000 annotations is 4.1 MB as an array of objects (every key repeated,
 * the exact text of each span repeated after the article's own text). Packed it is about a third of
 * that, and moving the payload is most of an article's open time (BENCHMARKS.md, open end to end).
 *
 * Lossless by construction: `unpackArticle(packArticle(a))` deep-equals `a` for every annotation (a test
 * checks it over generated and hostile material). A field is left out only when it can be rebuilt
 * exactly: `exact` when it is the text between the offsets, timestamps as milliseconds only when
 * `toISOString` gives the same string back. The schema is `PackedArticle` in model.ts; this module
 * stays free of zod because the window imports it.
 */
import { ANNOTATION_KINDS, type AnnotationKind } from './vocabulary'
import type { Annotation, OpenedArticle, PackedAnnotations, PackedArticle } from './model'

export type { PackedArticle } from './model'

/** One letter per annotation in `kinds`. */
const KIND_LETTER: Record<AnnotationKind, string> = { quote: 'q', claim: 'c', entity: 'e' }
const LETTER_KIND: Record<string, AnnotationKind> = Object.fromEntries(ANNOTATION_KINDS.map((k) => [KIND_LETTER[k], k]))

const DAY_MS = 86_400_000
const CANONICAL_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z$/
const pad = (n: number, width: number) => String(n).padStart(width, '0')

/**
 * Timestamps as numbers, in both directions, without a Date per value: 20,000 of them (created and
 * updated per annotation) cost 12 ms through `Date` and a millisecond this way. The calendar part goes
 * through `Date` once per distinct day (cached), which also rejects dates that do not exist.
 */
class TimeCodec {
  private readonly dayStart = new Map<string, number | null>()
  private readonly dayName = new Map<number, string>()

  /** Milliseconds when `toISOString` would write exactly `value` back, else `value` itself. */
  pack(value: string): number | string {
    const match = CANONICAL_TIME.exec(value)
    if (!match) return value
    const [, day, hours, minutes, seconds, millis] = match
    let start = this.dayStart.get(day)
    if (start === undefined) {
      const ms = Date.parse(`${day}T00:00:00.000Z`)
      start = Number.isFinite(ms) && new Date(ms).toISOString().startsWith(day) ? ms : null
      this.dayStart.set(day, start)
    }
    if (start === null || +hours > 23 || +minutes > 59 || +seconds > 59) return value
    return start + ((+hours * 60 + +minutes) * 60 + +seconds) * 1000 + +millis
  }

  unpack(value: number | string): string {
    if (typeof value === 'string') return value
    const day = Math.floor(value / DAY_MS)
    let name = this.dayName.get(day)
    if (name === undefined) {
      name = new Date(day * DAY_MS).toISOString().slice(0, 10)
      this.dayName.set(day, name)
    }
    const inDay = value - day * DAY_MS
    const time = `${pad(Math.floor(inDay / 3_600_000), 2)}:${pad(Math.floor(inDay / 60_000) % 60, 2)}:${pad(Math.floor(inDay / 1000) % 60, 2)}.${pad(inDay % 1000, 3)}`
    return `${name}T${time}Z`
  }
}

export function packArticle(article: OpenedArticle): PackedArticle {
  const { text } = article
  const packed: PackedAnnotations = {
    ids: [],
    kinds: '',
    starts: [],
    ends: [],
    attributes: [],
    attributeRefs: [],
    createdAt: [],
    updatedAt: [],
    exact: [],
    prefix: [],
    suffix: [],
    note: [],
    tags: [],
    anchor: [],
  }
  // Most annotations share a handful of attribute objects ("claim, unchecked"): send each once.
  const attributeIndex = new Map<string, number>()
  const times = new TimeCodec()
  const kinds: string[] = []
  article.annotations.forEach((a, i) => {
    packed.ids.push(a.id)
    kinds.push(KIND_LETTER[a.kind])
    packed.starts.push(a.start)
    packed.ends.push(a.end)
    const key = JSON.stringify(a.attributes)
    let ref = attributeIndex.get(key)
    if (ref === undefined) {
      ref = packed.attributes.length
      attributeIndex.set(key, ref)
      packed.attributes.push(a.attributes)
    }
    packed.attributeRefs.push(ref)
    const created = times.pack(a.createdAt)
    const updated = times.pack(a.updatedAt)
    packed.createdAt.push(created)
    packed.updatedAt.push(typeof created === 'number' && typeof updated === 'number' ? updated - created : a.updatedAt)
    if (text.slice(a.start, a.end) !== a.exact) packed.exact.push([i, a.exact])
    if (a.prefix) packed.prefix.push([i, a.prefix])
    if (a.suffix) packed.suffix.push([i, a.suffix])
    if (a.note) packed.note.push([i, a.note])
    if (a.tags.length > 0) packed.tags.push([i, a.tags])
    if (a.anchor) packed.anchor.push([i, a.anchor])
  })
  packed.kinds = kinds.join('')
  return { ...article, annotations: packed }
}

export function unpackArticle(packed: PackedArticle): OpenedArticle {
  const { text } = packed
  const columns = packed.annotations
  const sparse = <T>(pairs: [number, T][]) => new Map(pairs)
  const exact = sparse(columns.exact)
  const prefix = sparse(columns.prefix)
  const suffix = sparse(columns.suffix)
  const note = sparse(columns.note)
  const tags = sparse(columns.tags)
  const anchor = sparse(columns.anchor)
  const times = new TimeCodec()
  const annotations = columns.ids.map((id, i) => {
    const start = columns.starts[i]
    const end = columns.ends[i]
    const created = columns.createdAt[i]
    const updated = columns.updatedAt[i]
    const annotation = {
      id,
      kind: LETTER_KIND[columns.kinds[i]],
      start,
      end,
      exact: exact.get(i) ?? text.slice(start, end),
      prefix: prefix.get(i) ?? '',
      suffix: suffix.get(i) ?? '',
      note: note.get(i) ?? '',
      tags: [...(tags.get(i) ?? [])],
      createdAt: times.unpack(created),
      updatedAt: times.unpack(typeof created === 'number' && typeof updated === 'number' ? created + updated : updated),
      // A copy per annotation: the window edits attributes in place on some paths.
      attributes: { ...columns.attributes[columns.attributeRefs[i]] },
    } as Annotation
    const outcome = anchor.get(i)
    if (outcome) annotation.anchor = outcome
    return annotation
  })
  return { ...packed, annotations }
}
