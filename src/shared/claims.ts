/**
 * The fact-checker's working list: every claim of the workspace as one row (its text, article, status,
 * who made it, evidence, note, tags, last change), built by a pure function from an article's
 * annotations and links, so main (the claims board's API method) and the report build the same rows.
 *
 * "Who made it": the speaker of the innermost quote that holds the claim; else the first registry
 * entity mentioned inside the claim; else the article's outlet or byline (the source itself).
 */
import { z } from 'zod'
import { AnnotationId, ArticleId, ClaimStatusLabel, type Annotation, type ArticleMetadata, type LinkView } from './model'
import { ANNOTATION_KINDS, LINK_RELATIONS } from './vocabulary'

export const ClaimEvidence = z.strictObject({
  relation: z.enum(LINK_RELATIONS),
  /** True when the claim is the link's `from` end (the evidence was linked to it). */
  outgoing: z.boolean(),
  articleId: ArticleId,
  articleTitle: z.string(),
  annotationId: AnnotationId,
  kind: z.enum(ANNOTATION_KINDS),
  /** The evidence's text (its exact span). */
  exact: z.string(),
})
export type ClaimEvidence = z.infer<typeof ClaimEvidence>

export const ClaimMaker = z.strictObject({
  name: z.string(),
  /** The registry entity, when the maker is one. */
  entityId: z.string().optional(),
  /** How the maker was found: a quote's speaker, an entity named in the claim, or the article's source. */
  via: z.enum(['speaker', 'entity', 'source']),
})
export type ClaimMaker = z.infer<typeof ClaimMaker>

export const ClaimRow = z.strictObject({
  articleId: ArticleId,
  articleTitle: z.string(),
  articlePath: z.string(),
  annotationId: AnnotationId,
  start: z.number().int().nonnegative(),
  text: z.string(),
  status: z.string(),
  madeBy: ClaimMaker.nullable(),
  /** Registry entities the claim is about or made by (for the board's entity filter). */
  entityIds: z.array(z.string()),
  evidence: z.array(ClaimEvidence),
  note: z.string(),
  tags: z.array(z.string()),
  updatedAt: z.string(),
  orphaned: z.boolean(),
})
export type ClaimRow = z.infer<typeof ClaimRow>

/** One claim's new status (the board's bulk change sends many in one call). */
export const ClaimStatusChange = z.strictObject({
  articleId: ArticleId,
  annotationId: AnnotationId,
  status: ClaimStatusLabel,
})
export type ClaimStatusChange = z.infer<typeof ClaimStatusChange>

/** What `claimRows` needs of an article. */
export interface ClaimSource {
  id: string
  title: string
  path: string
  metadata: ArticleMetadata
  annotations: readonly Annotation[]
  /** The links with an end in this article (Workspace.linksFor). */
  links: readonly LinkView[]
}

/** The claims of one article as board rows, in text order. */
export function claimRows(article: ClaimSource, entityName: (id: string) => string | undefined): ClaimRow[] {
  const quotes = article.annotations.filter((a) => a.kind === 'quote')
  const mentions = article.annotations.filter((a) => a.kind === 'entity' && a.attributes.entityId)
  const source = article.metadata.outlet || article.metadata.byline
  const rows: ClaimRow[] = []
  for (const a of article.annotations) {
    if (a.kind !== 'claim') continue
    const inside = (b: Annotation) => b.start >= a.start && b.end <= a.end
    const holder = quotes
      .filter(
        (q) => q.start <= a.start && q.end >= a.end && q.kind === 'quote' && (q.attributes.speaker || q.attributes.speakerId),
      )
      .sort((x, y) => x.end - x.start - (y.end - y.start))[0]
    const named = mentions.filter(inside).map((m) => (m.kind === 'entity' ? m.attributes.entityId! : ''))
    let madeBy: ClaimMaker | null = null
    if (holder?.kind === 'quote') {
      const id = holder.attributes.speakerId
      madeBy = { name: (id && entityName(id)) || holder.attributes.speaker, entityId: id, via: 'speaker' }
    } else if (named.length > 0) {
      madeBy = { name: entityName(named[0]) ?? named[0], entityId: named[0], via: 'entity' }
    } else if (source) {
      madeBy = { name: source, via: 'source' }
    }
    if (madeBy && madeBy.entityId === undefined) delete madeBy.entityId
    const entityIds = [...new Set([madeBy?.entityId, ...named].filter((x): x is string => !!x))]
    const evidence = article.links
      .filter((l) => {
        const own = l.outgoing ? l.link.from : l.link.to
        return own.articleId === article.id && own.annotationId === a.id
      })
      .map((l) => ({
        relation: l.link.relation,
        outgoing: l.outgoing,
        articleId: l.other.articleId,
        articleTitle: l.other.title,
        annotationId: l.other.annotationId,
        kind: l.other.kind,
        exact: l.other.exact,
      }))
    rows.push({
      articleId: article.id,
      articleTitle: article.title,
      articlePath: article.path,
      annotationId: a.id,
      start: a.start,
      text: a.exact,
      status: a.attributes.status,
      madeBy,
      entityIds,
      evidence,
      note: a.note,
      tags: [...a.tags],
      updatedAt: a.updatedAt,
      orphaned: a.anchor === 'orphaned',
    })
  }
  return rows.sort((x, y) => x.start - y.start)
}
