/** `.spanwise/workspace.json`: the article index, a cache that makes a warm open cheap. */
import { z } from 'zod'
import { AnnotationCounts, ArticleId, ID_PATTERN, Said } from '../../shared/model'

/**
 * The index's format. 2: titles pass over datelines in seven languages (import/blocks.ts). An index of
 * an older version is read, and its entries are read again from their files once (library.ts), since
 * what they cached (titles) may differ.
 */
export const WORKSPACE_FILE_VERSION = 2
const IndexVersion = z.number().int().min(1).max(WORKSPACE_FILE_VERSION)

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
  /** A scan (image, PDF without text layer) not read by OCR yet: title from its name, read in the background. */
  ocrPending: z.literal(true).optional(),
  error: z.string().optional(),
  /** The same by catalog key, for the window to say in its language (shared/i18n `Said`). */
  errorSaid: Said.optional(),
  /** What reading the file had to assume (not valid UTF-8), shown in its library row. */
  warning: z.string().optional(),
  warningSaid: Said.optional(),
  /**
   * Annotation counts and the mtime of the annotation file they were counted from; absent until the
   * annotation file is counted (in the background after opening).
   */
  counts: AnnotationCounts.optional(),
  countsMtimeMs: z.number().default(0),
})
export type IndexEntry = z.infer<typeof IndexEntry>

export const WorkspaceFileData = z.strictObject({
  version: IndexVersion,
  articles: z.array(IndexEntry),
})
export type WorkspaceFileData = z.infer<typeof WorkspaceFileData>

/**
 * WorkspaceFileData as the index file is read and written: zod spends ~50 ms on 10,000 entries, a
 * sixth of a warm open, and as much on every write. Well-formed data is recognised by a hand-written
 * check of the same rules (it accepts nothing the schema rejects); anything it does not accept (a
 * damaged or hostile file, an older one without `countsMtimeMs`) goes through the schema, which
 * applies defaults or reports exactly what is wrong.
 */
export const StoredWorkspaceFile: z.ZodType<WorkspaceFileData> = z.unknown().transform((value, ctx) => {
  if (isWellFormedIndex(value)) return value
  const parsed = WorkspaceFileData.safeParse(value)
  if (parsed.success) return parsed.data
  for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: issue.message, path: issue.path })
  return z.NEVER
})

const FILE_FIELDS = new Set(['version', 'articles'])
const COUNT_FIELDS = new Set(['quote', 'claim', 'entity'])
const ENTRY_FIELDS = new Set([
  'id',
  'path',
  'size',
  'mtimeMs',
  'contentHash',
  'title',
  'language',
  'languagePending',
  'ocrPending',
  'error',
  'errorSaid',
  'warning',
  'warningSaid',
  'counts',
  'countsMtimeMs',
])

/** Exactly the rules of WorkspaceFileData, with `countsMtimeMs` required (the schema supplies its default). */
export function isWellFormedIndex(value: unknown): value is WorkspaceFileData {
  if (!isPlainObject(value) || !IndexVersion.safeParse(value.version).success || !Array.isArray(value.articles)) return false
  if (!hasOnlyKeys(value, FILE_FIELDS)) return false
  return value.articles.every(isWellFormedEntry)
}

function isWellFormedEntry(e: unknown): boolean {
  if (!isPlainObject(e)) return false
  if (!hasOnlyKeys(e, ENTRY_FIELDS)) return false
  return (
    typeof e.id === 'string' &&
    ID_PATTERN.test(e.id) &&
    typeof e.path === 'string' &&
    isFiniteNumber(e.size) &&
    isFiniteNumber(e.mtimeMs) &&
    typeof e.contentHash === 'string' &&
    typeof e.title === 'string' &&
    optional(e, 'language', (v) => typeof v === 'string') &&
    optional(e, 'languagePending', (v) => v === true) &&
    optional(e, 'ocrPending', (v) => v === true) &&
    optional(e, 'error', (v) => typeof v === 'string') &&
    optional(e, 'warning', (v) => typeof v === 'string') &&
    // Rare (a file that could not be read): the schema itself checks them.
    optional(e, 'errorSaid', (v) => Said.safeParse(v).success) &&
    optional(e, 'warningSaid', (v) => Said.safeParse(v).success) &&
    optional(e, 'counts', isCounts) &&
    isFiniteNumber(e.countsMtimeMs)
  )
}

function isCounts(value: unknown): boolean {
  if (!isPlainObject(value) || !hasOnlyKeys(value, COUNT_FIELDS)) return false
  return isCount(value.quote) && isCount(value.claim) && isCount(value.entity)
}

function isCount(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) >= 0
}

function isFiniteNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value)
}

/** An optional field: absent, or present (even as undefined, as zod's `.optional()` allows) and valid. */
function optional(object: Record<string, unknown>, key: string, valid: (value: unknown) => boolean): boolean {
  const value = object[key]
  return value === undefined || valid(value)
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function hasOnlyKeys(object: Record<string, unknown>, keys: ReadonlySet<string>): boolean {
  for (const key in object) if (!Object.hasOwn(object, key) || !keys.has(key)) return false
  return true
}
