/**
 * OCR results kept by content: `<cacheDir>/<sha256 of the file's bytes>-<models>.json` holds the pages
 * as read, so a file is read once, whatever it is called and wherever it moves. A damaged or foreign
 * entry is ignored and read again; writes are atomic (temp file, rename).
 */
import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { OcrPage } from './engine'

const VERSION = 1

interface CacheEntry {
  version: number
  pages: Record<string, OcrPage>
}

export class OcrCache {
  constructor(private readonly dir: string | undefined) {}

  /** The key of a file read with these models. */
  static key(bytes: Uint8Array, langs: readonly string[]): string {
    return `${createHash('sha256').update(bytes).digest('hex')}-${langs.join('+')}`
  }

  /** The pages read before (page number → page), empty when none. */
  async read(key: string): Promise<Map<number, OcrPage>> {
    if (!this.dir) return new Map()
    try {
      const entry = JSON.parse(await readFile(join(this.dir, `${key}.json`), 'utf8')) as CacheEntry
      if (entry.version !== VERSION || typeof entry.pages !== 'object') return new Map()
      return new Map(Object.entries(entry.pages).map(([page, read]) => [Number(page), read]))
    } catch {
      return new Map()
    }
  }

  /** Keeps the pages read so far (a cancelled long scan resumes where it stopped). */
  async write(key: string, pages: Map<number, OcrPage>): Promise<void> {
    if (!this.dir) return
    await mkdir(this.dir, { recursive: true })
    const file = join(this.dir, `${key}.json`)
    const temp = `${file}.${process.pid}.tmp`
    const entry: CacheEntry = { version: VERSION, pages: Object.fromEntries(pages) }
    await writeFile(temp, JSON.stringify(entry))
    await rename(temp, file)
  }
}
