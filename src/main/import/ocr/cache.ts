/**
 * OCR results kept by content: `<cacheDir>/<sha256 of the file's bytes>-<models>.json` holds the pages
 * as read, so a file is read once, whatever it is called and wherever it moves. The folder is inside
 * the workspace's `.spanwise/`, which is untrusted: nothing is read or written through a link (files are
 * opened with O_NOFOLLOW, temp files created exclusively, a linked folder is treated as no cache), a
 * damaged or foreign entry is ignored and read again, and nothing is written when writes are refused
 * (a read-only workspace, the command line). The last few files read are kept in memory too, so a
 * process that cannot write the cache still reads a file once.
 */
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { writeFileDurably } from '../../store/durable-json-file'
import { readPlainFileOrNull } from '../../store/safe-fs'
import type { OcrPage } from './engine'

const VERSION = 1
/** Files whose pages are also kept in memory, most recent last (a read-only workspace, the CLI, reads a scan twice). */
const IN_MEMORY = 8
const memory = new Map<string, Map<number, OcrPage>>()

function remember(key: string, pages: Map<number, OcrPage>): void {
  memory.delete(key)
  memory.set(key, new Map(pages))
  if (memory.size > IN_MEMORY) memory.delete(memory.keys().next().value!)
}

interface CacheEntry {
  version: number
  pages: Record<string, OcrPage>
}

export class OcrCache {
  /** `writable`: asked before each write (a workspace can turn read-only while open). */
  constructor(
    private readonly dir: string | undefined,
    private readonly writable: () => boolean = () => true,
  ) {}

  /** The key of a file read with these models. */
  static key(bytes: Uint8Array, langs: readonly string[]): string {
    return `${createHash('sha256').update(bytes).digest('hex')}-${langs.join('+')}`
  }

  /** The pages read before (page number → page), empty when none. */
  async read(key: string): Promise<Map<number, OcrPage>> {
    const kept = memory.get(`${this.dir}\0${key}`)
    if (kept) return new Map(kept)
    if (!this.dir) return new Map()
    try {
      if (!(await isPlainFolder(this.dir))) return new Map()
      const text = await readPlainFileOrNull(join(this.dir, `${key}.json`))
      if (text === null) return new Map()
      const entry = JSON.parse(text) as CacheEntry
      if (entry.version !== VERSION || typeof entry.pages !== 'object' || entry.pages === null) return new Map()
      return new Map(Object.entries(entry.pages).map(([page, read]) => [Number(page), read]))
    } catch {
      return new Map()
    }
  }

  /** Keeps the pages read so far (a cancelled long scan resumes where it stopped). */
  async write(key: string, pages: Map<number, OcrPage>): Promise<void> {
    remember(`${this.dir}\0${key}`, pages)
    if (!this.dir || !this.writable()) return
    await fs.mkdir(this.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error
    })
    if (!(await isPlainFolder(this.dir))) return // a link planted in its place: never written through
    const entry: CacheEntry = { version: VERSION, pages: Object.fromEntries(pages) }
    await writeFileDurably(join(this.dir, `${key}.json`), JSON.stringify(entry))
  }
}

async function isPlainFolder(dir: string): Promise<boolean> {
  const stat = await fs.lstat(dir).catch(() => null)
  return stat !== null && stat.isDirectory()
}
