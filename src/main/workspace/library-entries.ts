/**
 * The library's entries as a scan or a read makes them (library.ts): what the scan says of a file, the
 * entry of a file read (hash, title, warning, language), one listed unread, and why a file could not
 * be read. Pure functions: the library decides when, these say what.
 */
import { basename, join } from 'node:path'
import { sayText, type Said } from '../../shared/i18n'
import type { AnnotationCounts, ArticleText } from '../../shared/model'
import { ImportError } from '../import'
import { isDateline } from '../import/blocks'
import { articleIdFor } from './article-ids'
import type { LoadedText } from './article-store'
import type { FoundFile } from './scan'
import type { IndexEntry } from './workspace-index'

export const NO_ANNOTATIONS: AnnotationCounts = { quote: 0, claim: 0, entity: 0 }

/** The entry of a file whose text was read: its hash, title, warning and language. */
export function entryOf(
  base: Omit<IndexEntry, 'contentHash' | 'title'>,
  article: LoadedText & { warning?: Said },
  relPath: string,
  detected = true,
): IndexEntry {
  const { unread: _read, languagePending: _pending, language: _unknown, ...rest } = base
  const language = article.metadata.language
  return {
    ...rest,
    contentHash: article.contentHash,
    title: titleOf(article, relPath),
    ...(article.warning ? { warning: sayText(article.warning, 'en'), warningSaid: article.warning } : {}),
    ...(language ? { language } : detected ? {} : { languagePending: true as const }),
  }
}

/** What the scan says of a file, with the counts cached for it. */
export function baseEntry(file: FoundFile, cached: IndexEntry | undefined) {
  return {
    id: articleIdFor(file.relPath),
    path: file.relPath,
    size: file.size,
    mtimeMs: file.mtimeMs,
    ...(cached?.counts ? { counts: cached.counts } : {}),
    countsMtimeMs: cached?.countsMtimeMs ?? 0,
  }
}

/** A file listed from the scan alone: its name for a title, read in the background (or when opened). */
export function unreadEntry(file: FoundFile, cached: IndexEntry | undefined): IndexEntry {
  return {
    ...baseEntry(file, cached),
    contentHash: '',
    title: basename(file.relPath),
    languagePending: true,
    unread: true,
  }
}

/** The file an entry was listed from, as the scan found it. */
export function fileOf(root: string, entry: IndexEntry): FoundFile {
  return { relPath: entry.path, absPath: join(root, entry.path), size: entry.size, mtimeMs: entry.mtimeMs }
}

/** The entry with its language detected (none when unsure). */
export function withLanguage(entry: IndexEntry, language: string | undefined): IndexEntry {
  const { languagePending: _detected, language: _unknown, ...rest } = entry
  return language ? { ...rest, language } : rest
}

export function sameCounts(a: AnnotationCounts | undefined, b: AnnotationCounts): boolean {
  return a !== undefined && a.quote === b.quote && a.claim === b.claim && a.entity === b.entity
}

export function titleOf(article: ArticleText, relPath: string): string {
  if (article.metadata.title) return article.metadata.title
  const first =
    article.blocks.find((b) => b.type === 'heading') ??
    article.blocks.find((b) => !isDateline(article.text.slice(b.start, b.end))) ??
    article.blocks[0]
  const line = first ? article.text.slice(first.start, first.end).split('\n')[0].trim() : ''
  if (!line) return basename(relPath)
  return line.length > 120 ? `${line.slice(0, 119)}…` : line
}

/** Why a file could not be read: the English line, and by key when the import said it so (ImportError). */
export function failure(error: unknown): Pick<IndexEntry, 'error' | 'errorSaid'> {
  return error instanceof ImportError ? { error: oneLine(error), errorSaid: error.said } : { error: oneLine(error) }
}

export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0].slice(0, 300)
}
