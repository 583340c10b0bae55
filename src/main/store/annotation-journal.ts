/**
 * The change journal of one annotation file: `<articleId>.journal` beside `<articleId>.json`, one JSON line
 * per acknowledged change (the annotations it created or replaced, the ids it deleted), appended and
 * fdatasync'd before the change is acknowledged. A save costs one short line instead of rewriting the
 * whole file; AnnotationFile folds the journal back into the JSON file ("compaction") in the background.
 *
 * Lines carry a sequence number; the JSON file records the last one it contains (`journalSeq`), so replay
 * skips what was compacted already, whatever the moment a crash came.
 *
 * Three names, so a compaction never blocks appends for more than a rename:
 *   `.journal`       the active journal, appended to (its first line names the writing process)
 *   `.journal.next`  the journal being compacted: renamed from `.journal` when a compaction starts
 *   `.journal.old`   once the JSON file holding `.journal.next` is durable, the lines newer than
 *                    `.json.bak` move here: if the JSON file is ever damaged, `.bak` plus the journals
 *                    still give back every change
 * Replay reads all three; a line may be in two after a crash (then it counts once).
 *
 * A final line without its newline is an append cut short by a crash: it was never acknowledged and is
 * ignored. Any other line that does not parse or validate is damage.
 *
 * Journals are opened and read without following links (safe-fs.ts): a link planted under a journal's
 * name is read as no journal, and set aside (renamed, never followed) before the first append.
 */
import { randomUUID } from 'node:crypto'
import { promises as fs, constants } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'
import { Annotation } from '../../shared/model'
import { isProcessRunning, moveAside, syncDirectory, writeFileDurably } from './durable-json-file'
import { NotAPlainFileError, openPlainFile, readPlainFileOrNull } from './safe-fs'
import type { WriteAccess } from './write-access'

export const JournalEntry = z.strictObject({
  seq: z.number().int().positive(),
  /** Annotations created or replaced, whole (a replay puts each by id: in place, or at the end). */
  puts: z.array(Annotation).default([]),
  /** Ids of annotations deleted. */
  deletes: z.array(z.string()).default([]),
  textHash: z.string().optional(),
  path: z.string().optional(),
})
export type JournalEntry = z.infer<typeof JournalEntry>

/** The first line of an active journal: who appends to it. */
const JournalHeader = z.strictObject({ journal: z.literal(1), pid: z.number().int(), writer: z.string() })
type JournalHeader = z.infer<typeof JournalHeader>

/** The annotation data a journal applies to (AnnotationFileData without importing it: no cycle). */
export interface JournaledData {
  textHash: string
  path: string
  journalSeq: number
  annotations: Annotation[]
}

export interface JournalPaths {
  active: string
  next: string
  old: string
}

export function journalPaths(jsonPath: string): JournalPaths {
  const base = jsonPath.replace(/\.json$/, '')
  return { active: `${base}.journal`, next: `${base}.journal.next`, old: `${base}.journal.old` }
}

/** What one journal file held. */
export interface JournalFileContent {
  path: string
  entries: JournalEntry[]
  header: JournalHeader | null
  /** Lines in the middle that did not parse or validate. */
  damagedLines: number
  /** The last line was cut short (no newline): an append interrupted by a crash. */
  torn: boolean
}

export async function readJournalFile(path: string): Promise<JournalFileContent | null> {
  const raw = await readPlainFileOrNull(path)
  if (raw === null) return null
  const lines = raw.split('\n')
  const tail = lines.pop()! // after the last newline: '' when the file ends cleanly
  const content: JournalFileContent = { path, entries: [], header: null, damagedLines: 0, torn: tail !== '' }
  for (const [i, line] of lines.entries()) {
    if (line === '') continue
    let json: unknown
    try {
      json = JSON.parse(line)
    } catch {
      content.damagedLines++
      continue
    }
    if (typeof json === 'object' && json !== null && 'journal' in json) {
      // A header: the first line of each journal (a merged `.journal.next` has several).
      const header = JournalHeader.safeParse(json)
      if (!header.success) content.damagedLines++
      else if (i === 0) content.header = header.data
      continue
    }
    const entry = JournalEntry.safeParse(json)
    if (entry.success) content.entries.push(entry.data)
    else content.damagedLines++
  }
  return content
}

/** The journals of an annotation file that exist, oldest first. */
export async function readJournals(paths: JournalPaths): Promise<JournalFileContent[]> {
  const contents = await Promise.all([paths.old, paths.next, paths.active].map(readJournalFile))
  return contents.filter((j): j is JournalFileContent => j !== null)
}

/**
 * Applies the entries newer than `data.journalSeq`, in sequence order, to a copy of `data`.
 * `missing` counts sequence numbers skipped over (changes that should be there and are not).
 */
export function replayJournal<T extends JournaledData>(
  data: T,
  entries: readonly JournalEntry[],
): { data: T; applied: number; missing: number } {
  const newer = entries.filter((e) => e.seq > data.journalSeq).sort((a, b) => a.seq - b.seq)
  if (newer.length === 0) return { data, applied: 0, missing: 0 }
  // A Map keeps insertion order: a put of a known id replaces it in place, a new id goes last.
  const byId = new Map(data.annotations.map((a) => [a.id, a]))
  let { textHash, path, journalSeq } = data
  let applied = 0
  let missing = 0
  for (const entry of newer) {
    if (entry.seq === journalSeq) continue // the same line twice (a copy): once is enough
    missing += entry.seq - journalSeq - 1
    for (const id of entry.deletes) byId.delete(id)
    for (const a of entry.puts) byId.set(a.id, a)
    textHash = entry.textHash ?? textHash
    path = entry.path ?? path
    journalSeq = entry.seq
    applied++
  }
  return { data: { ...data, textHash, path, journalSeq, annotations: [...byId.values()] }, applied, missing }
}

/** Above this many replaced annotations a change is written as a whole file, not as a journal line. */
const MAX_PUTS_PER_LINE = 64

/**
 * The journal line for a change from `before` to `after` (without its seq), 'unchanged', or 'rewrite'
 * when it is not a small set of puts and deletes that replays to the same order (re-anchoring every
 * annotation, an insertion in the middle). Annotation objects are compared by identity: AnnotationFile
 * changes replace annotations, never mutate them, so this is O(changed) after a prefix/suffix scan.
 */
export function journalDelta(before: JournaledData, after: JournaledData): Omit<JournalEntry, 'seq'> | 'unchanged' | 'rewrite' {
  const a = before.annotations
  const b = after.annotations
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  const puts: Annotation[] = []
  const deletes: string[] = []
  if (endA - start === endB - start) {
    for (let i = start; i < endA; i++) {
      if (a[i] === b[i]) continue
      if (a[i].id !== b[i].id) return 'rewrite'
      puts.push(b[i])
    }
  } else if (endA === start && endB === b.length) {
    // Added at the end; a replayed put of an id that exists would replace it in place instead.
    for (let i = start; i < endB; i++) {
      if (a.some((x) => x.id === b[i].id)) return 'rewrite'
      puts.push(b[i])
    }
  } else if (endB === start) {
    for (let i = start; i < endA; i++) deletes.push(a[i].id)
  } else return 'rewrite'
  if (puts.length > MAX_PUTS_PER_LINE) return 'rewrite'
  const textHash = after.textHash !== before.textHash ? after.textHash : undefined
  const path = after.path !== before.path ? after.path : undefined
  if (puts.length === 0 && deletes.length === 0 && textHash === undefined && path === undefined) return 'unchanged'
  return { puts, deletes, ...(textHash !== undefined ? { textHash } : {}), ...(path !== undefined ? { path } : {}) }
}

/** Writers of this process whose journal is open, so a second AnnotationFile in-process sees them as live. */
const liveWriters = new Set<string>()

/** Whether a journal's writer may still append to it (then nobody else may compact or move it). */
export function isLiveWriter(header: JournalHeader | null): boolean {
  if (!header) return false
  if (header.pid === process.pid) return liveWriters.has(header.writer)
  return isProcessRunning(header.pid)
}

/**
 * Appends lines to the active journal, one at a time (the caller serialises), each fdatasync'd before
 * append() resolves. A failed append (disk full) is cut off again, so the next line never follows a
 * half-written one.
 */
export class JournalWriter {
  private readonly writer = randomUUID()
  private handle: fs.FileHandle | null = null
  /** Bytes of the active journal that are whole lines. */
  private size = 0
  private tornAt: number | null = null
  private appendedSinceRotation = false

  constructor(
    private readonly paths: JournalPaths,
    private readonly access?: WriteAccess,
  ) {}

  async append(entry: JournalEntry): Promise<number> {
    this.access?.check()
    const handle = await this.openActive()
    if (this.tornAt !== null) {
      await handle.truncate(this.tornAt)
      this.tornAt = null
    }
    const line = Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8')
    try {
      await handle.write(line, 0, line.length)
      await handle.datasync()
    } catch (error) {
      // Cut the partial line; if even that fails, the next append does it first (and fails until it can).
      this.tornAt = this.size
      await handle.truncate(this.size).then(
        () => (this.tornAt = null),
        () => undefined,
      )
      throw error
    }
    this.size += line.length
    return line.length
  }

  /**
   * Starts a compaction: the active journal's lines move to `.journal.next`, and the next append starts
   * a fresh journal. Normally a rename; if an earlier compaction did not finish (disk full, a crash),
   * its `.journal.next` is still there and the active journal's whole lines are added to it.
   * Returns whether there was anything to move.
   */
  async rotate(adopting: boolean): Promise<boolean> {
    await this.close()
    // Only a journal this writer appended to (or a crashed writer's, being adopted) is moved: another
    // process may have started one since.
    if (!this.appendedSinceRotation && !adopting) return false
    this.access?.check()
    const moved = await this.moveActiveToNext()
    this.appendedSinceRotation = false // only once moved: a failed rotation is retried by the next one
    return moved
  }

  private async moveActiveToNext(): Promise<boolean> {
    if (!(await exists(this.paths.next))) {
      try {
        await fs.rename(this.paths.active, this.paths.next)
        return true
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
        throw error
      }
    }
    const active = await readPlainFileOrNull(this.paths.active)
    if (active === null) return true
    const next = (await readPlainFileOrNull(this.paths.next)) ?? ''
    await writeFileDurably(this.paths.next, wholeLines(next) + wholeLines(active), this.access)
    // A crash before this unlink leaves the lines in both files: replay counts each seq once.
    await fs.rm(this.paths.active, { force: true })
    return true
  }

  /**
   * Ends a compaction whose JSON file is durable and holds every line of `.journal.next`: those lines
   * and `.journal.old`'s that are newer than `.json.bak` (`bakSeq`) become the new `.journal.old`.
   */
  async retire(bakSeq: number): Promise<void> {
    this.access?.check()
    const next = await readPlainFileOrNull(this.paths.next)
    if (next === null) return
    const old = (await readPlainFileOrNull(this.paths.old)) ?? ''
    const newer = (text: string) =>
      wholeLines(text)
        .split('\n')
        .filter((l) => Number(LINE_SEQ.exec(l)?.[1] ?? 0) > bakSeq)
    const keptOld = newer(old)
    const keptNext = newer(next)
    const nextLines = wholeLines(next)
      .split('\n')
      .filter((l) => LINE_SEQ.test(l)).length
    if (keptOld.length === 0 && keptNext.length === nextLines && next.endsWith('\n')) {
      // The usual case: the previous generation is all in .bak now, this one is needed whole.
      await fs.rename(this.paths.next, this.paths.old)
      return
    }
    const kept = [...keptOld, ...keptNext]
    if (kept.length > 0) await writeFileDurably(this.paths.old, `${kept.join('\n')}\n`, this.access)
    else await fs.rm(this.paths.old, { force: true })
    // A crash before this leaves lines in both files: replay counts each seq once.
    await fs.rm(this.paths.next, { force: true })
  }

  async close(): Promise<void> {
    const handle = this.handle
    if (!handle) return
    this.handle = null
    liveWriters.delete(this.writer)
    await handle.close()
  }

  /** Opens the active journal, creating it with its header (and making its name durable) if needed. */
  private async openActive(): Promise<fs.FileHandle> {
    if (this.handle) return this.handle
    const handle = await this.openActiveFile()
    let created = false
    try {
      this.size = (await handle.stat()).size
      if (this.size === 0) {
        created = true
        const header: JournalHeader = { journal: 1, pid: process.pid, writer: this.writer }
        const line = Buffer.from(`${JSON.stringify(header)}\n`, 'utf8')
        await handle.write(line, 0, line.length)
        await handle.datasync()
        await syncDirectory(dirname(this.paths.active))
        this.size = line.length
      } else {
        // Someone else's journal (a live writer's; or a dead one's whose pid was reused): never put a
        // line right after a cut-off one, where both would be lost as one damaged line.
        const last = Buffer.alloc(1)
        await handle.read(last, 0, 1, this.size - 1)
        if (last[0] !== 0x0a) {
          await handle.write('\n')
          this.size++
        }
      }
    } catch (error) {
      await handle.close().catch(() => undefined)
      // A journal that never got its header holds nothing: leave the folder as it was (disk full).
      if (created) await fs.rm(this.paths.active, { force: true }).catch(() => undefined)
      throw error
    }
    this.handle = handle
    this.appendedSinceRotation = true
    liveWriters.add(this.writer)
    return handle
  }

  /**
   * The active journal opened for appending (created if missing), never through a link: one planted
   * under its name is set aside once (renamed: the link itself moves, its target is never touched).
   */
  private async openActiveFile(): Promise<fs.FileHandle> {
    const flags = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT
    try {
      return await openPlainFile(this.paths.active, flags)
    } catch (error) {
      if (!(error instanceof NotAPlainFileError)) throw error
      await moveAside(this.paths.active)
      return openPlainFile(this.paths.active, flags)
    }
  }
}

/** A journal line's seq: JSON.stringify writes it first. */
const LINE_SEQ = /^\{"seq":(\d+),/

/** The text up to and including its last newline: a cut-off last line is dropped. */
function wholeLines(text: string): string {
  return text.slice(0, text.lastIndexOf('\n') + 1)
}

async function exists(path: string): Promise<boolean> {
  return fs.lstat(path).then(
    () => true,
    () => false,
  )
}
