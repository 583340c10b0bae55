/**
 * Where each annotation of an exported article lies in the article's JavaScript string, so the
 * formatters can slice the text without converting offsets one annotation at a time, and can tell
 * which annotations no longer lie where their offsets say (orphaned ones).
 */
import { fromCodePointOffsets } from '../text-offsets'
import type { ExportedAnnotation, ExportedArticle } from './spanwise-json'

/** One annotation and its place in the article string. */
export interface LocatedAnnotation {
  annotation: ExportedAnnotation
  /**
   * The span as UTF-16 indices into `article.text`, or null when the offsets do not select the
   * annotation's exact text: an orphaned annotation (its offsets are those of an earlier version of
   * the file) or, defensively, a record whose offsets and text disagree. Formats that point into the
   * text (positions, brat offsets, NLP spans) must not use offsets that would select other words.
   */
  utf16: { start: number; end: number } | null
}

/**
 * Locates every annotation of an article in one pass over its text.
 * Cost: O(text length + n log n) for n annotations, plus one comparison of each exact text.
 */
export function locateAnnotations(article: ExportedArticle): LocatedAnnotation[] {
  const units = fromCodePointOffsets(
    article.text,
    article.annotations.flatMap((a) => [a.start, a.end]),
  )
  return article.annotations.map((annotation, i) => {
    const start = units[2 * i]
    const end = units[2 * i + 1]
    const fits =
      annotation.anchor !== 'orphaned' && annotation.end > annotation.start && article.text.slice(start, end) === annotation.exact
    return { annotation, utf16: fits ? { start, end } : null }
  })
}

/** Matches a surrogate half that is not part of a pair. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * Removes lone surrogate halves. Stored quote contexts are cut at 32 UTF-16 units, which can split
 * an emoji in two; half a character is not text any consumer can match, so it is dropped.
 */
export function dropLoneSurrogates(text: string): string {
  return text.replace(LONE_SURROGATE, '')
}

/** Replaces lone surrogate halves with U+FFFD, as a UTF-8 encoder would, keeping the length in code points. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD')
}

/** The entity id URN used by every format that refers to the workspace registry. */
export function entityUrn(id: string): string {
  return `urn:spanwise:entity:${id}`
}

/** The article id URN: a stable identifier that does not leak the user's folder layout. */
export function articleUrn(id: string): string {
  return `urn:spanwise:article:${id}`
}

/** The annotation id URN. Ids are unique within a workspace. */
export function annotationUrn(id: string): string {
  return `urn:spanwise:annotation:${id}`
}
