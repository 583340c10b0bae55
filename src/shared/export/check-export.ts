/**
 * What `spanwise validate` checks in a Spanwise JSON export beyond its schema: that each annotation's
 * offsets slice the text to its exact text (code points), and that every reference points at something
 * in the file: each link's annotations (its `to` end where that article is in the export: a partial
 * export may leave it out) and each mention's entity and quote's speaker in the registry.
 */
import type { SpanwiseExport } from './spanwise-json'

/** One line per problem found (empty: the export holds together); at most `limit`. */
export function exportProblems(data: SpanwiseExport, limit = 20): string[] {
  const problems: string[] = []
  const entities = new Set(data.entities.map((e) => e.id))
  const annotations = new Map(data.articles.map((a) => [a.id, new Set(a.annotations.map((x) => x.id))]))
  for (const article of data.articles) {
    const codePoints = [...article.text]
    const where = `article ${article.path}`
    for (const a of article.annotations) {
      if (a.anchor !== 'orphaned' && codePoints.slice(a.start, a.end).join('') !== a.exact)
        problems.push(`${where}: annotation ${a.id}: offsets ${a.start}-${a.end} do not slice the text to its exact text`)
      const attributes = a.attributes as Record<string, unknown>
      for (const field of ['entityId', 'speakerId'] as const) {
        const ref = attributes[field]
        if (typeof ref === 'string' && ref && !entities.has(ref))
          problems.push(`${where}: annotation ${a.id}: ${field} ${ref} is not in the entity registry`)
      }
    }
    for (const link of article.links) {
      const ends = [link.from, link.to].filter((end) => annotations.has(end.articleId) || end === link.from)
      for (const end of ends) {
        if (!annotations.get(end.articleId)?.has(end.annotationId))
          problems.push(`${where}: link ${link.id} points at annotation ${end.annotationId}, which is not in the export`)
      }
      if (link.from.articleId !== article.id)
        problems.push(`${where}: link ${link.id} is listed with an article its from end is not in`)
    }
  }
  return problems.slice(0, limit)
}
