/**
 * brat standoff: per article a `.txt` (exactly the article text) and a `.ann`, plus one
 * `annotation.conf` for the export folder (`bratConf`).
 *
 * .ann lines (fields separated by tabs, as brat's parser splits them):
 *   T1\tQuote 10 25\texact text          text-bound: type, offsets, the text they select
 *   T2\tClaim 3 9;10 14\tfirst second    discontinuous: fragments joined by ";", texts by one space
 *   A1\tStatus T2 false                  claim status; A…\tMode T1 direct for quotes
 *   #1\tAnnotatorNotes T1\tSpeaker: … | Tags: … | note
 *   R1\tSupports Arg1:T3 Arg2:T2         links whose two ends are both in this article
 *
 * Offsets are character offsets into the .txt as brat (Python) counts them: Unicode code points.
 * brat reads the .ann line by line with Python's idea of a line break (its codecs reader splits
 * at \n, \r, \v, \f, \x1c-\x1e, \x85, U+2028, U+2029), so a span crossing any of these is written
 * as fragments split there, the break characters themselves left out — brat's own rule for spans
 * across newlines. Fragments never touch (brat rejects touching fragments as overlapping) because
 * at least one break character lies between them. Notes have those characters replaced by spaces.
 *
 * Labels: quotes "Quote", claims "Claim", entity mentions by their type: "Person", "Organisation",
 * "Place", "Event", "Other". Orphaned annotations (text no longer in the article) are left out:
 * brat refuses a text-bound annotation whose text does not match its offsets.
 */
import { ENTITY_TYPES, CLAIM_STATUSES, QUOTE_MODES, LINK_RELATIONS } from '../vocabulary'
import { locateAnnotations } from './article-spans'
import type { ExportFile, MultiFileFormat } from './types'
import type { ExportedAnnotation, ExportedArticle } from './spanwise-json'

/** brat type of each entity type. */
export const BRAT_ENTITY_LABELS: Readonly<Record<(typeof ENTITY_TYPES)[number], string>> = {
  person: 'Person',
  organisation: 'Organisation',
  place: 'Place',
  event: 'Event',
  other: 'Other',
}

/** brat relation type of each link relation. */
export const BRAT_RELATION_LABELS: Readonly<Record<(typeof LINK_RELATIONS)[number], string>> = {
  supports: 'Supports',
  contradicts: 'Contradicts',
  'same-statement': 'Same-statement',
  'translation-of': 'Translation-of',
}

/** Every text-bound type the export writes. */
export const BRAT_TEXT_TYPES = ['Quote', 'Claim', ...ENTITY_TYPES.map((t) => BRAT_ENTITY_LABELS[t])] as const

/** The brat type of an annotation. */
export function bratLabel(a: ExportedAnnotation): string {
  if (a.kind === 'entity' && 'entityType' in a.attributes) return BRAT_ENTITY_LABELS[a.attributes.entityType]
  return a.kind === 'quote' ? 'Quote' : 'Claim'
}

/** The characters Python's str.splitlines breaks at: none may appear inside a .ann line. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_BREAK = /[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/

/**
 * An attribute value brat can read back: no spaces or tabs (the line is space-separated) and no
 * line breaks; workspace statuses such as "needs context" become "needs_context".
 */
export function bratValue(value: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return value.replace(/[\s\x1c-\x1e\x85]+/gu, '_') || '_'
}

/** Free text for the tail of a .ann line: one line, no tabs. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+/g, ' ')
}

/** One fragment of a text-bound annotation: code point offsets and the text they select. */
export interface BratFragment {
  start: number
  end: number
  text: string
}

/**
 * Splits a span at line breaks. `utf16Start`/`utf16End` locate it in the string, `cpStart` is its
 * start in code points; returns fragments in code points, empty ones (between two breaks) dropped.
 */
export function bratFragments(text: string, utf16Start: number, utf16End: number, cpStart: number): BratFragment[] {
  const fragments: BratFragment[] = []
  let cp = cpStart
  let current: BratFragment | null = null
  for (const char of text.slice(utf16Start, utf16End)) {
    if (LINE_BREAK.test(char)) {
      if (current) fragments.push(current)
      current = null
    } else if (current) {
      current.end = cp + 1
      current.text += char
    } else {
      current = { start: cp, end: cp + 1, text: char }
    }
    cp++
  }
  if (current) fragments.push(current)
  return fragments
}

/**
 * A file base name from the article path: folders joined with "__", anything but letters, digits,
 * "-" and "_" replaced by "_", cut to 80 characters, and the article id appended so two paths that
 * sanitise alike ("a b.html", "a_b.html") still get two names. Never empty, never starts with a dot,
 * never contains "/" or "..".
 */
export function bratBaseName(article: Pick<ExportedArticle, 'id' | 'path'>): string {
  const withoutExtension = article.path.replace(/\.[^./\\]*$/, '')
  const stem = withoutExtension
    .split(/[/\\]+/)
    .map(
      (part) =>
        part
          .normalize('NFKD')
          .replace(/\p{M}+/gu, '') // "é" → "e" rather than "_"
          .replace(/[^A-Za-z0-9_-]+/g, '_')
          .replace(/^[_-]+|_+$/g, ''), // no leading "-": not an option to a shell tool
    )
    .filter((part) => part !== '')
    .join('__')
    .slice(0, 80)
  const id = article.id.replace(/[^A-Za-z0-9_-]+/g, '_')
  return stem ? `${stem}-${id}` : `article-${id}`
}

/** The .ann content of one article. */
export function bratAnn(article: ExportedArticle): string {
  const lines: string[] = []
  const textId = new Map<string, string>()
  let t = 0
  let attr = 0
  let note = 0
  for (const { annotation: a, utf16 } of locateAnnotations(article)) {
    if (!utf16) continue
    const fragments = bratFragments(article.text, utf16.start, utf16.end, a.start)
    if (fragments.length === 0) continue // only line breaks: nothing brat can show
    const id = `T${++t}`
    textId.set(a.id, id)
    const offsets = fragments.map((f) => `${f.start} ${f.end}`).join(';')
    lines.push(`${id}\t${bratLabel(a)} ${offsets}\t${fragments.map((f) => f.text).join(' ')}`)

    const notes: string[] = []
    if (a.kind === 'quote' && 'mode' in a.attributes) {
      lines.push(`A${++attr}\tMode ${id} ${bratValue(a.attributes.mode)}`)
      if (a.attributes.speaker) notes.push(`Speaker: ${a.attributes.speaker}`)
    } else if (a.kind === 'claim' && 'status' in a.attributes) {
      lines.push(`A${++attr}\tStatus ${id} ${bratValue(a.attributes.status)}`)
    }
    if (a.tags.length > 0) notes.push(`Tags: ${a.tags.join(', ')}`)
    if (a.note) notes.push(a.note)
    if (notes.length > 0) lines.push(`#${++note}\tAnnotatorNotes ${id}\t${oneLine(notes.join(' | '))}`)
  }
  let r = 0
  for (const link of article.links) {
    const from = link.from.articleId === article.id ? textId.get(link.from.annotationId) : undefined
    const to = link.to.articleId === article.id ? textId.get(link.to.annotationId) : undefined
    if (from && to && from !== to) lines.push(`R${++r}\t${BRAT_RELATION_LABELS[link.relation]} Arg1:${from} Arg2:${to}`)
  }
  return lines.map((l) => l + '\n').join('')
}

/** The two files of one article: `<base>.txt` and `<base>.ann`. */
export function bratFiles(article: ExportedArticle): ExportFile[] {
  const base = bratBaseName(article)
  return [
    { name: `${base}.txt`, content: article.text },
    { name: `${base}.ann`, content: bratAnn(article) },
  ]
}

/**
 * The annotation.conf for an export folder. `statuses` are the claim status values to declare:
 * the built-in ones by default; pass the workspace's own labels too so brat accepts them.
 */
export function bratConf(statuses: readonly string[] = CLAIM_STATUSES): string {
  const any = BRAT_TEXT_TYPES.join('|')
  const values = [...new Set(statuses.map(bratValue))].join('|')
  return [
    '# Spanwise export: quotes, claims and entity mentions.',
    '[entities]',
    ...BRAT_TEXT_TYPES,
    '',
    '[relations]',
    ...Object.values(BRAT_RELATION_LABELS).map((r) => `${r}\tArg1:${any}, Arg2:${any}`),
    '# Spans overlap and nest freely (a person inside a quote).',
    '<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>',
    '',
    '[events]',
    '',
    '[attributes]',
    `Mode\tArg:Quote, Value:${QUOTE_MODES.join('|')}`,
    `Status\tArg:Claim, Value:${values}`,
    '',
  ].join('\n')
}

/** brat as a multi-file format. */
export const bratFormat: MultiFileFormat = {
  id: 'brat',
  files: bratFiles,
  collectionFiles: () => [{ name: 'annotation.conf', content: bratConf() }],
}
