/**
 * Research across articles on a workspace, for the CLI (and, after the workspace split, the app):
 * compare v2 of two articles with the registry's names, and proposals of entities and quotes not
 * tagged yet. Reads articles through the Workspace (annotations replayed from journals), writes nothing.
 */
import type { ComparisonV2 } from '../../shared/compare/compare-v2'
import { discoverEntities, type EntityProposal } from '../../shared/discover/entities'
import { findQuotes, withoutTagged } from '../../shared/suggest/quotes'
import type { Workspace } from '../workspace/workspace'

export interface ArticleRef {
  id: string
  path: string
  title: string
}

/** Finds an article by its path relative to the workspace (or its id). */
export function findArticle(workspace: Workspace, wanted: string): ArticleRef {
  const path = wanted.replace(/\\/g, '/').replace(/^\.\//, '')
  const article = workspace.articles().find((a) => a.path === path || a.id === wanted)
  if (!article) throw new Error(`No article "${wanted}" in ${workspace.root}`)
  return { id: article.id, path: article.path, title: article.title || article.path }
}

export interface ResearchComparison extends ComparisonV2 {
  left: ArticleRef
  right: ArticleRef
}

export async function compareInWorkspace(workspace: Workspace, left: ArticleRef, right: ArticleRef): Promise<ResearchComparison> {
  return { ...(await workspace.comparisons.compareV2(left.id, right.id)), left, right }
}

export interface QuoteProposal {
  articleId: string
  path: string
  start: number
  end: number
  text: string
}

export interface Suggestions {
  entities?: EntityProposal[]
  quotes?: QuoteProposal[]
}

export async function suggestInWorkspace(
  workspace: Workspace,
  what: { entities: boolean; quotes: boolean },
): Promise<Suggestions> {
  const opened = []
  for (const summary of workspace.articles()) {
    if (summary.error) continue
    opened.push({ summary, article: await workspace.openArticle(summary.id, { context: false }) })
  }
  const out: Suggestions = {}
  if (what.entities) {
    const tagged = new Map(opened.map(({ article }) => [article.id, article.annotations.filter((a) => a.kind === 'entity')]))
    out.entities = discoverEntities(
      opened.map(({ article }) => ({ id: article.id, text: article.text })),
      { registry: workspace.entities(), tagged },
    )
  }
  if (what.quotes) {
    out.quotes = opened.flatMap(({ summary, article }) =>
      withoutTagged(
        findQuotes(article.text),
        article.annotations.filter((a) => a.kind === 'quote'),
      ).map((q) => ({ articleId: article.id, path: summary.path, start: q.start, end: q.end, text: q.exact })),
    )
  }
  return out
}
