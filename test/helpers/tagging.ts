/**
 * Annotations on articles of a workspace by phrase, through the service as the window makes them: for
 * screenshots and fixtures that need an article tagged without a mouse.
 *
 *   const tag = await tagger(service, ['report.txt'])
 *   const id = await tag('report.txt', 'más de 3.000 empleos', 'claim', { attributes: { status: 'misleading' } })
 */
import type { WorkbenchService } from '../../src/main/workbench-service'
import { articleIdFor } from '../../src/main/workspace/article-ids'

export type Tag = (
  path: string,
  phrase: string,
  kind: 'quote' | 'claim' | 'entity',
  extra?: Record<string, unknown>,
) => Promise<string>

/** Reads the articles at `paths`; the answer tags the first occurrence of a phrase (ids `<prefix>1`, `<prefix>2`…). */
export async function tagger(service: WorkbenchService, paths: readonly string[], prefix = 'a'): Promise<Tag> {
  const texts: Record<string, string> = {}
  for (const path of paths) texts[path] = (await service.openArticle(articleIdFor(path))).text
  let n = 0
  return async (path, phrase, kind, extra = {}) => {
    const start = texts[path]?.indexOf(phrase) ?? -1
    if (start < 0) throw new Error(`no "${phrase}" in ${path}`)
    const id = `${prefix}${++n}`
    await service.createAnnotation(articleIdFor(path), { id, kind, start, end: start + phrase.length, ...extra })
    return id
  }
}
