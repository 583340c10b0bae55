/**
 * The reporter's desk on main's side: every claim of the workspace (the claims board), a bulk change of
 * their statuses (one call, so the board's undo is one step), and the digest the report is written
 * from. It needs only the workspace's public methods (`DeskWorkspace`), so it does not depend on how
 * the Workspace class is split up inside.
 */
import { claimRows, type ClaimRow, type ClaimStatusChange } from '../../shared/claims'
import type { ReportArticle, ReportInput } from '../../shared/export/report'
import { UserError } from '../../shared/errors'
import type { Annotation, AnnotationPatch, ArticleSummary, Entity, LinkView, OpenedArticle } from '../../shared/model'

/** What the desk reads from (and, for statuses, writes to) the open workspace. */
export interface DeskWorkspace {
  readonly name: string
  articles(): ArticleSummary[]
  openArticle(articleId: string): Promise<OpenedArticle>
  linksFor(articleId: string): Promise<LinkView[]>
  entities(): Entity[]
  claimStatuses(): string[]
  updateAnnotation(articleId: string, annotationId: string, patch: AnnotationPatch): Promise<Annotation>
}

const MESSAGES = {
  unknownStatus: (s: string) => `Unknown claim status "${s}": add it to the workspace's labels first; no status was changed`,
  notAClaim: 'One of the chosen claims no longer exists; no status was changed',
} as const

/**
 * The readable articles asked for (all when `ids` is absent, or those `keep` accepts), each with its
 * annotations and links.
 */
async function readArticles(
  workspace: DeskWorkspace,
  ids?: readonly string[],
  keep: (summary: ArticleSummary) => boolean = () => true,
): Promise<ReportArticle[]> {
  const wanted = ids ? new Set(ids) : null
  const out: ReportArticle[] = []
  for (const summary of workspace.articles()) {
    if (summary.error || (wanted && !wanted.has(summary.id)) || !keep(summary)) continue
    const opened = await workspace.openArticle(summary.id)
    out.push({
      id: opened.id,
      title: summary.title,
      path: opened.path,
      metadata: opened.metadata,
      annotations: opened.annotations,
      links: await workspace.linksFor(summary.id),
      text: opened.text,
    })
  }
  return out
}

const namer = (entities: Entity[]) => {
  const names = new Map(entities.map((e) => [e.id, e.name]))
  return (id: string) => names.get(id)
}

/** Every claim of the workspace, article by article in library order, each in text order. */
export async function listClaims(workspace: DeskWorkspace): Promise<ClaimRow[]> {
  const name = namer(workspace.entities())
  // An article known to hold no claim is not opened (a leak-sized workspace has thousands of them).
  const mayHoldClaims = (summary: ArticleSummary) => summary.counts === undefined || summary.counts.claim > 0
  return (await readArticles(workspace, undefined, mayHoldClaims)).flatMap((a) => claimRows(a, name))
}

/**
 * Sets the status of several claims. Everything is checked before anything is written, so a refused
 * request changes nothing. Returns the claims' previous statuses (what undo sends back).
 */
export async function setClaimStatuses(
  workspace: DeskWorkspace,
  changes: readonly ClaimStatusChange[],
): Promise<ClaimStatusChange[]> {
  const statuses = new Set(workspace.claimStatuses())
  for (const c of changes) if (!statuses.has(c.status)) throw new UserError(MESSAGES.unknownStatus(c.status))
  const previous: ClaimStatusChange[] = []
  const byArticle = new Map<string, Annotation[]>()
  for (const c of changes) {
    if (!byArticle.has(c.articleId)) {
      if (!workspace.articles().some((a) => a.id === c.articleId)) throw new UserError(MESSAGES.notAClaim, 'not-found')
      byArticle.set(c.articleId, (await workspace.openArticle(c.articleId)).annotations)
    }
    const claim = byArticle.get(c.articleId)!.find((a) => a.id === c.annotationId)
    if (claim?.kind !== 'claim') throw new UserError(MESSAGES.notAClaim, 'not-found')
    previous.push({ articleId: c.articleId, annotationId: c.annotationId, status: claim.attributes.status })
  }
  for (const c of changes) await workspace.updateAnnotation(c.articleId, c.annotationId, { attributes: { status: c.status } })
  return previous
}

/** What the report is written from: the chosen articles (all when `ids` is absent) and the registry. */
export async function reportInput(
  workspace: DeskWorkspace,
  ids: readonly string[] | undefined,
  generatedAt = new Date(),
): Promise<ReportInput> {
  const articles = await readArticles(workspace, ids)
  return {
    workspaceName: workspace.name,
    generatedAt: generatedAt.toISOString(),
    scope: ids ? 'articles' : 'workspace',
    statuses: workspace.claimStatuses(),
    articles,
    entities: workspace.entities(),
  }
}
