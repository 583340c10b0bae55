/**
 * Bringing files into a workspace: copies of the user's files (the originals stay where they were),
 * pasted text saved as a new .txt, all validated first. One bad file is reported and skipped; the
 * others go on; a long import reports progress and can be cancelled between files.
 */
import { promises as fs } from 'node:fs'
import { basename, extname, join } from 'node:path'
import type { Said } from '../../shared/i18n'
import { extractArticle, ImportError, isSupportedFile, MAX_ARTICLE_BYTES, type OcrOptions } from '../import'

export interface ImportOutcome {
  imported: string[]
  failed: { name: string; reason: string; reasonSaid?: Said }[]
  cancelled: boolean
}

export interface IncomingFile {
  name: string
  /** Read lazily, so a cancelled import of large files reads no more than it must. */
  read(): Promise<Uint8Array>
}

/** A file name that is safe to create in the workspace root: no folders, no leading dot, no control characters. */
export function safeFileName(name: string): string {
  const base = basename(name.replace(/\\/g, '/'))
    // eslint-disable-next-line no-control-regex -- control characters are what we strip
    .replace(/[\u0000-\u001f<>:"|?*]/g, '_')
    .replace(/^\.+/, '')
    .trim()
  return base.slice(0, 180) || 'article.txt'
}

/** A path in `dir` for `name` that does not exist yet: "nota.txt", "nota (2).txt", … */
async function freePath(dir: string, name: string): Promise<string> {
  const ext = extname(name)
  const stem = name.slice(0, name.length - ext.length)
  for (let n = 1; ; n++) {
    const candidate = join(dir, n === 1 ? name : `${stem} (${n})${ext}`)
    const exists = await fs.stat(candidate).then(
      () => true,
      () => false,
    )
    if (!exists) return candidate
  }
}

export async function importFiles(
  root: string,
  files: readonly IncomingFile[],
  options: {
    onProgress?: (done: number, total: number, name: string) => void
    isCancelled?: () => boolean
    /** How a scan is read by OCR (the workspace's cache, so the later read finds it done). */
    ocr?: (name: string) => OcrOptions
  } = {},
): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { imported: [], failed: [], cancelled: false }
  for (const [i, file] of files.entries()) {
    if (options.isCancelled?.()) {
      outcome.cancelled = true
      break
    }
    const name = safeFileName(file.name)
    options.onProgress?.(i, files.length, name)
    try {
      if (!isSupportedFile(name))
        throw extname(name)
          ? new ImportError('detail.file.unknownFormat', { extension: extname(name).toLowerCase() })
          : new ImportError('detail.file.noExtension')
      const bytes = await file.read()
      if (bytes.length > MAX_ARTICLE_BYTES)
        throw new ImportError('detail.file.tooLarge', { megabytes: Math.round(MAX_ARTICLE_BYTES / 1024 / 1024) })
      // Validates (a file that cannot be read is not copied in); a scan's OCR is kept for the workspace's read.
      await extractArticle(bytes, name, options.ocr ? { ocr: options.ocr(name) } : {})
      const target = await freePath(root, name)
      await fs.writeFile(target, bytes, { flag: 'wx' })
      outcome.imported.push(basename(target))
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]
      outcome.failed.push(error instanceof ImportError ? { name, reason, reasonSaid: error.said } : { name, reason })
    }
  }
  options.onProgress?.(files.length, files.length, '')
  return outcome
}

/** Saves pasted text as a new .txt article named after its title. */
export async function createTextArticle(root: string, title: string, text: string): Promise<string> {
  const body = text.replace(/\r\n?/g, '\n').trim()
  if (!body) throw new Error('There is no text to save')
  const heading = title.trim() || body.split('\n')[0].slice(0, 80)
  const name = safeFileName(`${heading.replace(/[/\\]/g, '-').slice(0, 80)}.txt`)
  const target = await freePath(root, name)
  const content = title.trim() ? `${title.trim()}\n\n${body}\n` : `${body}\n`
  await fs.writeFile(target, content, { flag: 'wx' })
  return basename(target)
}
