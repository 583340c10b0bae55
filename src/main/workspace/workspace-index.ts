/** `.spanwise/workspace.json`: the article index, a cache that makes a warm open cheap. */
import { z } from 'zod'
import { AnnotationCounts, ArticleId } from '../../shared/model'

export const WORKSPACE_FILE_VERSION = 1

export const IndexEntry = z.strictObject({
  id: ArticleId,
  path: z.string(),
  /** size and mtime of the file when it was last read: unchanged means the cached fields hold. */
  size: z.number(),
  mtimeMs: z.number(),
  contentHash: z.string(),
  title: z.string(),
  language: z.string().optional(),
  /** The file states no language and it is not detected yet (it is, in the background after opening). */
  languagePending: z.literal(true).optional(),
  error: z.string().optional(),
  /**
   * Annotation counts and the mtime of the annotation file they were counted from; absent until the
   * annotation file is counted (in the background after opening).
   */
  counts: AnnotationCounts.optional(),
  countsMtimeMs: z.number().default(0),
})
export type IndexEntry = z.infer<typeof IndexEntry>

export const WorkspaceFileData = z.strictObject({
  version: z.literal(WORKSPACE_FILE_VERSION),
  articles: z.array(IndexEntry),
})
export type WorkspaceFileData = z.infer<typeof WorkspaceFileData>
