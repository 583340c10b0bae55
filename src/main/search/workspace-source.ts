/**
 * The open workspace as search sees it (SearchSource): its readable articles, their texts and
 * annotations, the entity registry, and the stamps that tell whether the index kept on disk still
 * holds an article as it is now (content hash and the latest mtime of its annotation files).
 */
import { join } from 'node:path'
import { ANNOTATION_FILE_SUFFIXES } from '../store/annotation-file'
import { statFile } from '../workspace/file-reads'
import type { Workspace } from '../workspace/workspace'
import { SearchIndexFiles } from './index-files'
import type { SearchSource } from './workspace-search'

export function workspaceSearchSource(workspace: Workspace): SearchSource {
  const indexable = (id: string) => {
    const entry = workspace.library.get(id)
    return entry && !entry.error && !entry.ocrPending ? entry : undefined
  }
  const stampOf = (id: string, annotationsMtime: number) => {
    const entry = indexable(id)
    return entry && `${entry.contentHash}:${annotationsMtime}`
  }
  return {
    // From the library's entries (not its rows: building 100,000 of them to take their ids was a
    // twentieth of a warm start).
    articleIds: () => {
      const ids: string[] = []
      for (const entry of workspace.library.values()) if (!entry.error) ids.push(entry.id)
      return ids
    },
    article: (id) => workspace.openArticle(id),
    title: (id) => {
      const summary = workspace.summary(id)
      return summary && !summary.error ? summary : undefined
    },
    entities: () => workspace.entities(),
    async stamps() {
      const { mtimes } = await workspace.store.annotationFileMtimes()
      return {
        of: (id) => stampOf(id, mtimes.get(id) ?? 0),
        is: (id, stamp) => {
          const entry = indexable(id)
          if (!entry) return false
          const hash = entry.contentHash
          const mtime = String(mtimes.get(id) ?? 0)
          // `${hash}:${mtime}`, compared in place.
          return (
            stamp.length === hash.length + 1 + mtime.length &&
            stamp.startsWith(hash) &&
            stamp.charCodeAt(hash.length) === 0x3a &&
            stamp.endsWith(mtime)
          )
        },
      }
    },
    async stamp(id) {
      const dir = join(workspace.dataDir, 'annotations')
      const stats = await Promise.all(ANNOTATION_FILE_SUFFIXES.map((s) => statFile(join(dir, `${id}${s}`)).catch(() => null)))
      return stampOf(id, Math.max(0, ...stats.map((s) => s?.mtimeMs ?? 0)))
    },
    // Nine articles in ten have no annotations: each would be looked for, file by file (ArticleStore).
    readingMany: (pass) => workspace.store.withFolderListing(pass),
  }
}

/** Where the workspace's search index is kept: `.spanwise/search/`, written only while we hold the lock. */
export function workspaceSearchFiles(workspace: Workspace): SearchIndexFiles {
  return new SearchIndexFiles(join(workspace.dataDir, 'search'), () => workspace.readOnly === null)
}
