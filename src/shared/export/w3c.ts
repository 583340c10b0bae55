/**
 * W3C Web Annotation (JSON-LD), the model Hypothesis and Recogito use.
 *
 * The file is one AnnotationCollection with its single AnnotationPage embedded under `first`, whose
 * `items` are the annotations: a collection (not a bare array) so the file says who made it and when,
 * and so it is what a Web Annotation Protocol server returns for a container. Every annotation also
 * carries its own "@context", so one item cut out of the file is still a complete annotation.
 *
 * Mapping, one annotation per Spanwise annotation:
 * - motivation: quote → "tagging" (the journalist tags the span as a quotation); entity →
 *   "identifying" (the span names a person, organisation, place…); claim → "assessing" (the span is
 *   put up for a fact-check; the verdict is the "assessing" body, "unchecked" until one is given).
 * - body, an array of TextualBody (and SpecificResource) items, each told apart by its purpose:
 *   - purpose "tagging", value the kind ("quote" | "claim" | "entity"): always the first body;
 *   - purpose "describing", value the speaker's name (quotes with a speaker);
 *   - purpose "classifying", value the quote mode ("direct" | "reported") or the entity type
 *     ("person" | "organisation" | "place" | "event" | "other");
 *   - purpose "assessing", value the claim status ("unchecked", "false", or a workspace label);
 *   - purpose "identifying", a SpecificResource whose source is urn:spanwise:entity:<id> (entity
 *     mentions linked to the registry);
 *   - purpose "commenting", value the note, format text/plain (when there is one);
 *   - purpose "tagging", one per user tag, after the kind.
 *   A quote's speakerId is not written: a registry link on a quote's body would read as identifying
 *   the quoted words themselves. The canonical Spanwise JSON carries it.
 * - target: { source: urn:spanwise:article:<id>, selector: [TextQuoteSelector, TextPositionSelector] },
 *   positions in Unicode code points, as the W3C model counts characters. An orphaned annotation
 *   (its text no longer found in the article) keeps only its TextQuoteSelector: its old positions
 *   would select other words, and a quote selector is what anchoring tools re-attach by.
 */
import { annotationUrn, articleUrn, dropLoneSurrogates, entityUrn, locateAnnotations } from './article-spans'
import type { ArticleStreamFormat, ExportContext } from './types'
import type { ExportedAnnotation, ExportedArticle } from './spanwise-json'

/** The Web Annotation JSON-LD context. */
export const W3C_CONTEXT = 'http://www.w3.org/ns/anno.jsonld'

/** A W3C motivation, restricted to the ones Spanwise writes. */
export type W3CMotivation = 'tagging' | 'identifying' | 'assessing'

/** A body holding text, with the purpose that says what the text is. */
export interface W3CTextualBody {
  type: 'TextualBody'
  purpose: 'tagging' | 'describing' | 'classifying' | 'assessing' | 'commenting'
  value: string
  format?: 'text/plain'
}

/** A body pointing at a resource: here, an entity of the workspace registry. */
export interface W3CSpecificResourceBody {
  type: 'SpecificResource'
  purpose: 'identifying'
  source: string
}

/** One body of an annotation. */
export type W3CBody = W3CTextualBody | W3CSpecificResourceBody

/** The quote selector: the exact text and up to 32 characters of context either side. */
export interface W3CTextQuoteSelector {
  type: 'TextQuoteSelector'
  exact: string
  prefix: string
  suffix: string
}

/** The position selector: code point offsets into the article text, end exclusive. */
export interface W3CTextPositionSelector {
  type: 'TextPositionSelector'
  start: number
  end: number
}

/** One Web Annotation. */
export interface W3CAnnotation {
  '@context': typeof W3C_CONTEXT
  id: string
  type: 'Annotation'
  created: string
  modified: string
  motivation: W3CMotivation
  body: W3CBody[]
  target: {
    source: string
    selector: [W3CTextQuoteSelector] | [W3CTextQuoteSelector, W3CTextPositionSelector]
  }
}

/** The motivation of each kind (see the module comment for why). */
export const W3C_MOTIVATIONS: Readonly<Record<ExportedAnnotation['kind'], W3CMotivation>> = {
  quote: 'tagging',
  entity: 'identifying',
  claim: 'assessing',
}

/** The bodies of one annotation: kind, attributes, note, tags, in that order. */
export function w3cBodies(a: ExportedAnnotation): W3CBody[] {
  const bodies: W3CBody[] = [{ type: 'TextualBody', purpose: 'tagging', value: a.kind }]
  const attrs = a.attributes as Record<string, unknown>
  if (a.kind === 'quote') {
    if (typeof attrs.speaker === 'string' && attrs.speaker !== '') {
      bodies.push({ type: 'TextualBody', purpose: 'describing', value: attrs.speaker })
    }
    if (typeof attrs.mode === 'string') bodies.push({ type: 'TextualBody', purpose: 'classifying', value: attrs.mode })
  } else if (a.kind === 'claim') {
    if (typeof attrs.status === 'string') bodies.push({ type: 'TextualBody', purpose: 'assessing', value: attrs.status })
  } else {
    if (typeof attrs.entityType === 'string')
      bodies.push({ type: 'TextualBody', purpose: 'classifying', value: attrs.entityType })
    if (typeof attrs.entityId === 'string')
      bodies.push({ type: 'SpecificResource', purpose: 'identifying', source: entityUrn(attrs.entityId) })
  }
  if (a.note !== '') bodies.push({ type: 'TextualBody', purpose: 'commenting', value: a.note, format: 'text/plain' })
  for (const tag of a.tags) bodies.push({ type: 'TextualBody', purpose: 'tagging', value: tag })
  return bodies
}

/** The Web Annotations of one article, in the order of the export (by start, longer first). */
export function w3cAnnotations(article: ExportedArticle): W3CAnnotation[] {
  return locateAnnotations(article).map(({ annotation: a, utf16 }) => {
    const quote: W3CTextQuoteSelector = {
      type: 'TextQuoteSelector',
      exact: a.exact,
      prefix: dropLoneSurrogates(a.prefix),
      suffix: dropLoneSurrogates(a.suffix),
    }
    return {
      '@context': W3C_CONTEXT,
      id: annotationUrn(a.id),
      type: 'Annotation',
      created: a.createdAt,
      modified: a.updatedAt,
      motivation: W3C_MOTIVATIONS[a.kind],
      body: w3cBodies(a),
      target: {
        source: articleUrn(article.id),
        selector: utf16 ? [quote, { type: 'TextPositionSelector', start: a.start, end: a.end }] : [quote],
      },
    }
  })
}

/** The collection id: one per export, so two exports of the same workspace are told apart. */
function collectionId(ctx: ExportContext): string {
  return `urn:spanwise:export:${encodeURIComponent(ctx.exportedAt)}`
}

/**
 * The W3C stream: the collection's opening (everything up to `"items": [`), one annotation per line,
 * and the closing brackets. Valid JSON once streamed with `streamExport` (which writes the commas).
 */
export const w3cFormat: ArticleStreamFormat = {
  id: 'w3c',
  extension: 'jsonld',
  mediaType: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
  separator: ',\n',
  head(ctx) {
    const id = collectionId(ctx)
    const opening = {
      '@context': W3C_CONTEXT,
      id,
      type: 'AnnotationCollection',
      label: ctx.workspaceName,
      generator: { type: 'Software', name: ctx.generator },
      generated: ctx.exportedAt,
      first: { id: `${id}:page:1`, type: 'AnnotationPage', partOf: id, startIndex: 0, items: [] },
    }
    // Everything but the closing "]}}" of the empty page: the items are streamed in between.
    const json = JSON.stringify(opening)
    return json.slice(0, json.length - '}}'.length - 1) + '\n'
  },
  article(a) {
    return w3cAnnotations(a)
      .map((annotation) => JSON.stringify(annotation))
      .join(',\n')
  },
  tail() {
    return '\n]}}\n'
  },
}
