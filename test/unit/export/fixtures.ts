/**
 * Articles for the export format tests, built the way main builds them: stored annotations (UTF-16
 * offsets) through exportArticle(). The texts mix accents, emoji and other characters outside the
 * Basic Multilingual Plane, spans that overlap and nest, spans across line breaks, formula-looking
 * cells, an orphaned annotation and an empty article.
 */
import { execFileSync } from 'node:child_process'
import type { Annotation, Link } from '../../../src/shared/model'
import { exportArticle, type ExportedArticle } from '../../../src/shared/export/spanwise-json'
import { quoteSelector } from '../../../src/shared/text-offsets'
import type { ExportContext } from '../../../src/shared/export/formats'

export const CTX: ExportContext = {
  workspaceName: 'Desk «Vérif» 🔎',
  generator: 'Spanwise test',
  exportedAt: '2024-06-01T12:00:00.000Z',
}

const CREATED = '2024-05-01T10:00:00.000Z'
const UPDATED = '2024-05-02T11:30:00.000Z'

type Kind = Annotation['kind']
type Extra = Partial<Pick<Annotation, 'note' | 'tags' | 'anchor'>>

/** An annotation over the `occurrence`-th occurrence of `needle` in `text`. */
function span(
  text: string,
  id: string,
  kind: Kind,
  needle: string,
  attributes: Record<string, unknown>,
  extra: Extra = {},
  occurrence = 0,
): Annotation {
  let start = -1
  for (let i = 0; i <= occurrence; i++) start = text.indexOf(needle, start + 1)
  if (start < 0) throw new Error(`fixture: "${needle}" not in text`)
  const end = start + needle.length
  return {
    id,
    kind,
    start,
    end,
    ...quoteSelector(text, start, end),
    note: '',
    tags: [],
    createdAt: CREATED,
    updatedAt: UPDATED,
    ...extra,
    attributes,
  } as Annotation
}

/** French report: nested quote and claim, emoji and astral letters, a claim across a newline. */
export const TEXT_1 =
  'Élodie Müller 😀 a dit : « Les prix ont baissé de 12 % », selon Reuters.\n' +
  'Le ministre 𝔘𝔫𝔦 a nié, « catégoriquement ».\n' +
  '=SUM(A1) est une formule; "citation", virgule.\n' +
  '𠜎 fin 👩‍👩‍👧'

const ANNOTATIONS_1: Annotation[] = [
  span(
    TEXT_1,
    'q1',
    'quote',
    '« Les prix ont baissé de 12 % »',
    { speaker: 'Élodie Müller', speakerId: 'elodie', mode: 'direct' },
    {
      note: 'Vérifié, "mot pour mot",\nselon l\'enregistrement',
      tags: ['économie', '=cmd'],
    },
  ),
  span(TEXT_1, 'e1', 'entity', 'Élodie Müller', { entityType: 'person', entityId: 'elodie' }),
  span(TEXT_1, 'e2', 'entity', 'Reuters', { entityType: 'organisation', entityId: 'reuters' }),
  span(TEXT_1, 'c1', 'claim', 'Les prix ont baissé de 12 %', { status: 'false' }, { note: 'Les prix ont monté de 3 %.' }),
  span(TEXT_1, 'c2', 'claim', 'selon Reuters.\nLe ministre 𝔘𝔫𝔦', { status: 'misleading' }),
  span(TEXT_1, 'c3', 'claim', '=SUM(A1) est une formule', { status: 'unchecked' }, { tags: ['+danger', '@mention'] }),
  span(TEXT_1, 'c4', 'claim', 'Le ministre', { status: 'needs context' }),
  span(TEXT_1, 'e3', 'entity', '𠜎', { entityType: 'place' }),
  span(TEXT_1, 'q2', 'quote', '👩‍👩‍👧', { speaker: '-1+1', mode: 'reported' }),
  span(TEXT_1, 'e4', 'entity', '😀 a dit', { entityType: 'event' }),
  // Orphaned: the file changed and the text is gone; offsets and exact are those of the old version.
  {
    ...span(TEXT_1, 'o1', 'claim', 'Le ministre 𝔘𝔫𝔦 a', { status: 'false' }, { anchor: 'orphaned' }),
    exact: 'texte disparu',
  } as Annotation,
]

const LINKS_1: Link[] = [
  {
    id: 'l1',
    from: { articleId: 'art-1', annotationId: 'c2' },
    to: { articleId: 'art-1', annotationId: 'c1' },
    relation: 'contradicts',
    createdAt: CREATED,
  },
  {
    id: 'l2',
    from: { articleId: 'art-1', annotationId: 'c1' },
    to: { articleId: 'art-3', annotationId: 'c9' },
    relation: 'supports',
    createdAt: CREATED,
  },
]

/** A text with Unicode line separators and an empty line inside one span. */
export const TEXT_3 = 'Ligne un\u2028ligne deux\n\nfin 🎉\u2029dernière'
const ANNOTATIONS_3: Annotation[] = [
  span(TEXT_3, 'c9', 'claim', 'un\u2028ligne deux\n\nfin 🎉\u2029der', { status: 'accurate' }, { note: 'ok' }),
  span(TEXT_3, 'e9', 'entity', 'fin 🎉', { entityType: 'other' }),
]

export const ARTICLE_1: ExportedArticle = exportArticle({
  id: 'art-1',
  path: 'reports/2024/prix énergie.html',
  metadata: {
    title: 'Les prix, selon «Reuters»',
    byline: 'Anne Dupont',
    outlet: 'Le Quotidien',
    date: '2024-04-30',
    url: 'https://example.org/prix',
    language: 'fr',
  },
  contentHash: 'sha256:1111',
  text: TEXT_1,
  annotations: ANNOTATIONS_1,
  links: LINKS_1,
})

export const ARTICLE_EMPTY: ExportedArticle = exportArticle({
  id: 'art-2',
  path: 'empty.txt',
  metadata: {},
  contentHash: 'sha256:2222',
  text: '',
  annotations: [],
  links: [],
})

export const ARTICLE_3: ExportedArticle = exportArticle({
  id: 'art-3',
  path: '../../etc/passwd',
  metadata: { title: '=HYPERLINK("http://evil")' },
  contentHash: 'sha256:3333',
  text: TEXT_3,
  annotations: ANNOTATIONS_3,
  links: [],
})

/** The empty article first, so a format that writes a separator before the first item is caught. */
export const ARTICLES: ExportedArticle[] = [ARTICLE_EMPTY, ARTICLE_1, ARTICLE_3]

/** Every source annotation by id, with its exact text taken from the UTF-16 string (independent of the exports). */
export const SOURCE: ReadonlyMap<string, Annotation> = new Map([...ANNOTATIONS_1, ...ANNOTATIONS_3].map((a) => [a.id, a]))

/** Slices a string by code point offsets, the way Python does. */
export function cpSlice(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join('')
}

/** True when a string has a surrogate half without its partner. */
export function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)
}

/** Python checks the offsets where it is installed (CI installs it); without it those tests are skipped. */
export function hasPython(): boolean {
  try {
    execFileSync('python3', ['-c', 'pass'])
    return true
  } catch {
    return false
  }
}
