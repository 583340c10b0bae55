/**
 * JSON Lines for NLP tools: one line per article,
 *
 *   {"text": …, "spans": [{"start", "end", "label", "id", "kind", "text", …attributes, "note", "tags"}],
 *    "label": [[start, end, label], …], "meta": {…}}
 *
 * Offsets are Unicode code points, as Python's str indices count, so `text[start:end]` in Python,
 * spaCy's `Doc.char_span(start, end)`, Prodigy and doccano all select the span's text.
 * - `spans` is Prodigy's span format (extra keys are kept by Prodigy and ignored by spaCy recipes).
 * - `label` repeats the spans as doccano's sequence-labelling triples, doccano's default label column.
 * - Labels: "QUOTE", "CLAIM", and for entity spans the entity type uppercased ("PERSON",
 *   "ORGANISATION", "PLACE", "EVENT", "OTHER") — what an NER model learns is the type, not "ENTITY".
 * - Spans may overlap and nest (a PERSON inside a QUOTE). spaCy's `doc.spans` and Prodigy's span
 *   categorisation accept that; `doc.ents` and NER recipes need one label set without overlaps, so
 *   filter by label first (e.g. spacy.util.filter_spans).
 * - Orphaned annotations (text no longer found in the article) are left out of `spans` and `label`,
 *   whose offsets would select other words; their ids are listed in `meta.orphaned`.
 * An article without annotations still writes its line, with empty `spans`.
 */
import { locateAnnotations } from './article-spans'
import type { ArticleStreamFormat } from './types'
import type { ExportedAnnotation, ExportedArticle } from './spanwise-json'

/** One span, Prodigy-style, with Spanwise's fields flattened in. */
export interface JsonlSpan {
  start: number
  end: number
  label: string
  id: string
  kind: ExportedAnnotation['kind']
  /** The span's text: Python's text[start:end]. */
  text: string
  note: string
  tags: string[]
  /** Kind attributes, flattened: speaker, speakerId, mode (quote); status (claim); entityType, entityId (entity). */
  [attribute: string]: unknown
}

/** One line of the JSONL export. */
export interface JsonlRecord {
  text: string
  spans: JsonlSpan[]
  /** doccano's sequence-labelling triples: [start, end, label]. */
  label: [number, number, string][]
  meta: {
    id: string
    path: string
    title: string
    byline: string
    outlet: string
    date: string
    url: string
    language: string
    /** Where the text came from when it was not typed: `ocr` (with its languages and mean confidence). */
    source?: { kind: 'ocr'; languages: string[]; confidence: number }
    contentHash: string
    offsetUnit: 'codepoint'
    /** Ids of annotations left out of `spans` because their text is no longer in the article. */
    orphaned: string[]
  }
}

/** The NLP label of an annotation: QUOTE, CLAIM, or the entity type uppercased. */
export function jsonlLabel(a: ExportedAnnotation): string {
  if (a.kind === 'entity' && 'entityType' in a.attributes) return a.attributes.entityType.toUpperCase()
  return a.kind.toUpperCase()
}

/** The record of one article. */
export function jsonlRecord(article: ExportedArticle): JsonlRecord {
  const spans: JsonlSpan[] = []
  const orphaned: string[] = []
  for (const { annotation: a, utf16 } of locateAnnotations(article)) {
    if (!utf16) {
      orphaned.push(a.id)
      continue
    }
    spans.push({
      start: a.start,
      end: a.end,
      label: jsonlLabel(a),
      id: a.id,
      kind: a.kind,
      text: a.exact,
      ...a.attributes,
      note: a.note,
      tags: [...a.tags],
    })
  }
  const m = article.metadata
  return {
    text: article.text,
    spans,
    label: spans.map((s) => [s.start, s.end, s.label]),
    meta: {
      id: article.id,
      path: article.path,
      title: m.title ?? '',
      byline: m.byline ?? '',
      outlet: m.outlet ?? '',
      date: m.date ?? '',
      url: m.url ?? '',
      language: m.language ?? '',
      ...(m.source ? { source: { kind: m.source.kind, languages: m.source.languages, confidence: m.source.confidence } } : {}),
      contentHash: article.contentHash,
      offsetUnit: 'codepoint',
      orphaned,
    },
  }
}

/** The JSONL stream: no head or tail, one "\n"-terminated line per article. */
export const jsonlFormat: ArticleStreamFormat = {
  id: 'jsonl',
  extension: 'jsonl',
  mediaType: 'application/jsonl',
  separator: '',
  head: () => '',
  // JSON.stringify escapes "\n" inside strings, and U+2028/2029 are legal in JSON text, but some
  // line splitters (Python's str.splitlines) break on them, so they are escaped too.
  article: (a) => JSON.stringify(jsonlRecord(a)).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`) + '\n',
  tail: () => '',
}
