/**
 * Reading a Spanwise JSON export back into an empty workspace: each article's text becomes a file at
 * its path (as .txt when it came from another format, since the export holds the extracted text), and
 * its annotations, links and the entity registry are restored as they were (ids and timestamps kept,
 * code point offsets converted back). Exporting the result gives the same data again.
 */
import { promises as fs } from 'node:fs'
import { dirname, extname, isAbsolute, join, normalize } from 'node:path'
import type { Annotation } from '../../shared/model'
import { SpanwiseExport } from '../../shared/export/spanwise-json'
import { fromCodePointOffsets } from '../../shared/text-offsets'
import { articleIdFor } from '../workspace/article-ids'
import { Workspace } from '../workspace/workspace'

export interface ImportSummary {
  articles: number
  annotations: number
  entities: number
  links: number
}

/** A relative path that stays inside the workspace, or an error. */
function safeRelativePath(path: string): string {
  const clean = normalize(path.replace(/\\/g, '/'))
  if (
    !clean ||
    isAbsolute(clean) ||
    clean.startsWith('..') ||
    clean.split(/[/\\]/).some((part) => part === '..' || part.startsWith('.'))
  ) {
    throw new Error(`Refusing the article path "${path}": it would leave the workspace or hide the file`)
  }
  return clean
}

export async function importSpanwiseExport(data: unknown, root: string): Promise<ImportSummary> {
  const parsed = SpanwiseExport.safeParse(data)
  if (!parsed.success)
    throw new Error(`Not a valid Spanwise export: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`)
  const corpus = parsed.data
  await fs.mkdir(root, { recursive: true })
  const existing = (await fs.readdir(root)).filter((n) => !n.startsWith('.'))
  if (existing.length > 0) throw new Error(`${root} is not empty: import into an empty folder`)

  // Files first, so the workspace finds them when it opens.
  const idMap = new Map<string, string>()
  for (const article of corpus.articles) {
    const path = safeRelativePath(article.path)
    const target = ['.txt', '.md', '.markdown'].includes(extname(path).toLowerCase()) ? path : `${path}.txt`
    await fs.mkdir(dirname(join(root, target)), { recursive: true })
    await fs.writeFile(join(root, target), article.text, { flag: 'wx' })
    idMap.set(article.id, articleIdFor(target.split('\\').join('/')))
  }
  const workspace = await Workspace.open(root)
  try {
    for (const entity of corpus.entities) await workspace.restoreEntity(entity)
    let annotations = 0
    for (const article of corpus.articles) {
      const id = idMap.get(article.id)!
      if (article.metadata && Object.keys(article.metadata).length)
        await workspace.updateMetadata(id, article.metadata as Record<string, string>)
      const offsets = fromCodePointOffsets(
        article.text,
        article.annotations.flatMap((a) => [a.start, a.end]),
      )
      for (const [i, a] of article.annotations.entries()) {
        const { anchor, ...rest } = a
        const annotation = {
          ...rest,
          start: offsets[2 * i],
          end: offsets[2 * i + 1],
          ...(anchor ? { anchor } : {}),
        } as Annotation
        await workspace.restoreAnnotation(id, annotation, [])
        annotations++
      }
    }
    let links = 0
    for (const article of corpus.articles) {
      for (const link of article.links) {
        await workspace.createLink(
          {
            id: link.id,
            relation: link.relation,
            from: { ...link.from, articleId: idMap.get(link.from.articleId) ?? link.from.articleId },
            to: { ...link.to, articleId: idMap.get(link.to.articleId) ?? link.to.articleId },
          },
          link.createdAt,
        )
        links++
      }
    }
    return { articles: corpus.articles.length, annotations, entities: corpus.entities.length, links }
  } finally {
    await workspace.close()
  }
}
