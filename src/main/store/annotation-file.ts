/**
 * One file per article: `.spanwise/annotations/<articleId>.json` plus its change journal
 * (annotation-journal.ts). Keeping articles apart makes each save proportional to one article; the
 * journal makes it proportional to one change.
 *
 * A change is appended to the journal and fdatasync'd before it is acknowledged. The JSON file is
 * rewritten ("compaction", the durable write of DurableJsonFile) in the background: after
 * `compactAfterEntries` lines or `compactAfterBytes` bytes, after `idleMs` without changes, and on
 * flush(). Changes keep going to the journal while a compaction writes. A change too big for a line
 * (re-anchoring every annotation) and the first change of an article write the JSON file at once.
 *
 * Opening replays the journal on top of the JSON file. A journal left by a process that is gone (a
 * crash) is compacted at once; damaged lines are skipped, the journal moved aside and `onRecover` told.
 * Every reader therefore goes through AnnotationFile.open (or reads after flush()).
 */
import { basename, join } from 'node:path'
import { z } from 'zod'
import { Annotation, ArticleId } from '../../shared/model'
import { DurableJsonFile, moveAside, type RecoveryReport } from './durable-json-file'
import {
  JournalWriter,
  isLiveWriter,
  journalDelta,
  journalPaths,
  readJournals,
  replayJournal,
  type JournalEntry,
  type JournalFileContent,
  type JournalPaths,
} from './annotation-journal'
import { SerialQueue } from './serial-queue'
import { readPlainFile } from './safe-fs'
import type { WriteAccess } from './write-access'

/** 2: `journalSeq` added (a version 1 build refuses these files instead of misreading them). */
export const ANNOTATION_FILE_VERSION = 2

export const AnnotationFileData = z.strictObject({
  version: z.union([z.literal(1), z.literal(ANNOTATION_FILE_VERSION)]),
  articleId: ArticleId,
  /** The article's path when last saved, so annotations of a deleted file can be matched when it returns. */
  path: z.string(),
  /** Hash of the text the offsets refer to; a different current hash means the file changed. */
  textHash: z.string(),
  /** The last journal line this file contains: replay skips lines up to it. */
  journalSeq: z.number().int().nonnegative().default(0),
  annotations: z.array(Annotation),
})
export type AnnotationFileData = z.infer<typeof AnnotationFileData>

export interface JournalOptions {
  compactAfterEntries: number
  compactAfterBytes: number
  /** Compact this long after the last change. */
  idleMs: number
}

export const DEFAULT_JOURNAL_OPTIONS: JournalOptions = { compactAfterEntries: 500, compactAfterBytes: 1 << 20, idleMs: 2000 }

export function annotationFilePath(dataDir: string, articleId: string): string {
  return join(dataDir, 'annotations', `${articleId}.json`)
}

/**
 * The endings of the names that hold an article's stored annotations: its JSON file and its journals
 * (`.journal.next` while, or if, a compaction was cut short). Backups (`.bak`, `.journal.old`) are not.
 * A name ending in a journal suffix means lines a plain read of the JSON file would miss.
 */
export const ANNOTATION_FILE_SUFFIXES = ['.json', '.journal', '.journal.next'] as const

/**
 * What is stored for an article, read as it is: the JSON file with its journal replayed, nothing
 * recovered or written (what the app will show when it next opens the article). Null when nothing is
 * stored; throws when the JSON file or a journal line is damaged. For checks and tools; the app opens
 * files with AnnotationFile.open.
 */
export async function readStoredAnnotations(dataDir: string, articleId: string): Promise<AnnotationFileData | null> {
  const path = annotationFilePath(dataDir, articleId)
  const raw = await readPlainFile(path)
  const stored = raw === null ? null : AnnotationFileData.parse(JSON.parse(raw))
  const journals = await readJournals(journalPaths(path))
  const damaged = journals.find((j) => j.damagedLines > 0)
  if (damaged) throw new Error(`${basename(damaged.path)}: ${damaged.damagedLines} damaged line(s)`)
  if (!stored && journals.every((j) => j.entries.length === 0)) return null
  const base = stored ?? { version: ANNOTATION_FILE_VERSION, articleId, path: '', textHash: '', journalSeq: 0, annotations: [] }
  return replayJournal(
    base,
    journals.flatMap((j) => j.entries),
  ).data
}

/**
 * What a listing of the annotations folder found of an article's names (ArticleStore.withFolderListing),
 * so opening it need not look for what is not there: nothing at all (no file, no journal, no backup),
 * or no journal (of any of the three names).
 */
export interface ListedNames {
  any: boolean
  journals: boolean
}

/** A loaded annotation file with its write queue. Mutations run one at a time and resolve once durable. */
export class AnnotationFile {
  private readonly queue = new SerialQueue()
  /** JSON writes, in the order their snapshots were taken. */
  private jsonWrites: Promise<unknown> = Promise.resolve()
  private readonly journal: JournalWriter
  private pending = 0
  /** The seq of the JSON file on disk (null: there is no JSON file yet). */
  private compactedSeq: number | null
  /** The highest seq in `.journal.next`, which a JSON write must reach before it retires that file. */
  private rotatedUpTo = 0
  /** The seq of `.json.bak` (0 until this process writes the JSON file: then nothing is pruned). */
  private bakSeq = 0
  private linesSinceCompaction = 0
  private bytesSinceCompaction = 0
  private compaction: Promise<void> | null = null
  private idleTimer: NodeJS.Timeout | null = null
  /** The text hash the offsets were last checked against (orphanMisplaced). */
  private checkedTextHash: string | null = null
  /** The header of a journal another running process appends to: read it, never write or compact. */
  private foreignWriter: JournalFileContent['header'] = null

  private constructor(
    private data_: AnnotationFileData,
    private readonly adapter: DurableJsonFile<AnnotationFileData>,
    private readonly paths: JournalPaths,
    private readonly options: JournalOptions,
    compactedSeq: number | null,
    private readonly access?: WriteAccess,
  ) {
    this.journal = new JournalWriter(paths, access)
    this.compactedSeq = compactedSeq
  }

  /** True while a change is being written or its journal holds changes the JSON file does not (keep it loaded). */
  get busy(): boolean {
    const uncompacted = this.data_.journalSeq !== (this.compactedSeq ?? 0) && !this.foreignWriter // another process's to compact
    return this.pending > 0 || this.compaction !== null || uncompacted
  }

  static async open(
    dataDir: string,
    articleId: string,
    fresh: () => Omit<AnnotationFileData, 'journalSeq'>,
    onRecover?: (report: RecoveryReport) => void,
    options: JournalOptions = DEFAULT_JOURNAL_OPTIONS,
    access?: WriteAccess,
    listed?: ListedNames,
  ): Promise<AnnotationFile> {
    const path = annotationFilePath(dataDir, articleId)
    const adapter = new DurableJsonFile(path, AnnotationFileData, {
      version: ANNOTATION_FILE_VERSION,
      onRecover,
      access,
      // Every change is validated where it is made (the API contract, Workspace's attribute checks);
      // re-validating all 10,000 annotations on each compaction would triple its cost. Reads validate all.
      validateOnWrite: false,
    })
    // What the listing did not find is opened as absent, as the opens would have found it.
    const read = listed?.any === false ? null : await adapter.read()
    const paths = journalPaths(path)
    const journals = listed?.journals === false ? [] : await readJournals(paths)
    const live = isLiveWriter(journals.find((j) => j.path === paths.active)?.header ?? null)
    const stored = read && (await keepDuplicates(read, adapter, !live, onRecover))
    const base: AnnotationFileData = stored ?? { ...fresh(), journalSeq: 0 }
    const { data, missing } = replayJournal(
      base,
      journals.flatMap((j) => j.entries),
    )
    const file = new AnnotationFile(
      { ...data, version: ANNOTATION_FILE_VERSION },
      adapter,
      paths,
      options,
      stored ? stored.journalSeq : null,
      access,
    )
    const nextFile = journals.find((j) => j.path === paths.next)
    file.rotatedUpTo = Math.max(0, ...(nextFile?.entries.map((e) => e.seq) ?? []))
    // Another process still appending: read its changes, leave its files alone.
    if (live) {
      file.foreignWriter = journals.find((j) => j.path === paths.active)!.header
      return file
    }
    // Best effort: in a folder that refuses writes the changes are still read, and adopted next time.
    await file.adoptLeftovers(journals, missing, onRecover).catch(() => undefined)
    return file
  }

  /**
   * Journals of a writer that is gone (a crash): fold them into the JSON file now, so nothing is ever
   * appended after a cut-off line and the JSON file holds every change again. A journal with damaged
   * lines is moved aside once the changes that could be read are safe in the JSON file.
   */
  private async adoptLeftovers(
    journals: JournalFileContent[],
    missing: number,
    onRecover?: (report: RecoveryReport) => void,
  ): Promise<void> {
    const damaged = journals.filter((j) => j.damagedLines > 0)
    if (damaged.length === 0 && missing === 0 && journals.every((j) => j.path === this.paths.old)) return
    if (this.access && !this.access.writable) {
      // Read-only (the command line, a second Spanwise): the changes are replayed in memory, the files
      // stay as they are for the writer to adopt; the user still hears about damage and gaps.
      for (const journal of damaged) {
        onRecover?.({
          file: journal.path,
          movedTo: '',
          restored: true,
          reason: `${basename(journal.path)}: ${journal.damagedLines} damaged line(s) in the change journal were skipped (file left in place: opened read-only)`,
        })
      }
      if (missing > 0) onRecover?.(this.missingReport(missing))
      return
    }
    if (damaged.length > 0 && this.data_.journalSeq > (this.compactedSeq ?? -1)) {
      // The lines that could be read are safe in the JSON file before the journal goes aside.
      if (this.compactedSeq !== null) this.bakSeq = this.compactedSeq
      await this.adapter.write(this.data_)
      this.compactedSeq = this.data_.journalSeq
    }
    for (const journal of damaged) {
      const movedTo = await moveAside(journal.path)
      onRecover?.({
        file: journal.path,
        movedTo,
        restored: true,
        reason: `${journal.damagedLines} damaged line(s) in the change journal were skipped; every other change was recovered`,
      })
    }
    if (missing > 0) onRecover?.(this.missingReport(missing))
    await this.flush(true)
  }

  private missingReport(missing: number): RecoveryReport {
    return {
      file: this.adapter.path,
      movedTo: '',
      restored: true,
      reason: `${basename(this.adapter.path)} was missing or older than its change journal: rebuilt from the journal, but ${missing} change(s) could not be recovered`,
    }
  }

  get data(): Readonly<AnnotationFileData> {
    return this.data_
  }

  /**
   * Checks the annotations against the text their offsets refer to (call with the article's current
   * text once its hash is the file's `textHash`): one whose offsets lie outside the text, or do not
   * slice it to its exact text (a file edited or damaged by hand), becomes an orphan, kept with its
   * text for the user to re-attach, and is returned. Checked once per text.
   */
  async orphanMisplaced(text: string, textHash: string): Promise<Annotation[]> {
    if (this.checkedTextHash === textHash || this.data_.textHash !== textHash) return []
    const misplaced = (a: Annotation) =>
      a.anchor !== 'orphaned' && (a.end > text.length || a.start > a.end || text.slice(a.start, a.end) !== a.exact)
    if (!this.data_.annotations.some(misplaced)) {
      this.checkedTextHash = textHash
      return []
    }
    const orphaned = await this.update((data) => {
      const found: Annotation[] = []
      data.annotations = data.annotations.map((a) => {
        if (!misplaced(a)) return a
        const orphan = { ...a, anchor: 'orphaned' as const }
        found.push(orphan)
        return orphan
      })
      return found
    })
    this.checkedTextHash = textHash
    return orphaned
  }

  /**
   * Applies `change` to the data and makes it durable (a journal line, or the whole file). If that
   * fails the change is rolled back in memory, so what main holds always equals what is on disk.
   * `change` gets a copy of the top level and of the annotation array; it must replace annotation
   * objects, never mutate them (cheap copy-on-write instead of cloning 10,000 annotations per save,
   * and how the journal line is found).
   */
  update<T>(change: (data: AnnotationFileData) => T, options: { transient?: boolean } = {}): Promise<T> {
    this.pending++
    return this.queue.run(async () => {
      try {
        // A change the files can do without (re-anchoring: it is redone on every open) is kept in memory
        // only when this process may not write; any other change is refused.
        const inMemory = options.transient === true && this.access !== undefined && !this.access.writable
        if (!inMemory) this.access?.check()
        if (!inMemory) this.refuseWhileForeignWriterRuns()
        const before = this.data_
        const draft: AnnotationFileData = { ...before, annotations: before.annotations.slice() }
        const result = change(draft)
        if (inMemory) {
          this.data_ = { ...draft, journalSeq: before.journalSeq }
          return result
        }
        const delta = journalDelta(before, draft)
        if (delta === 'unchanged') return result
        draft.journalSeq = before.journalSeq + 1
        this.data_ = draft
        try {
          if (delta === 'rewrite' || this.compactedSeq === null) await this.writeJsonInOrder(draft)
          else await this.appendToJournal({ seq: draft.journalSeq, ...delta })
        } catch (error) {
          this.data_ = before
          throw error
        }
        return result
      } finally {
        this.pending--
      }
    })
  }

  /**
   * Two writers of one journal would lose each other's lines (their seqs collide, and a compaction
   * renames the file under the other), so changes wait until the other process has ended.
   */
  private refuseWhileForeignWriterRuns(): void {
    if (!this.foreignWriter) return
    if (isLiveWriter(this.foreignWriter)) {
      throw new Error(
        `${basename(this.adapter.path)} is being edited by another Spanwise (process ${this.foreignWriter.pid}): close it there, then try again`,
      )
    }
    this.foreignWriter = null // it has ended: its lines are in memory, compaction takes them over
  }

  /** Compacts now (if the journal holds anything) and waits for it; call before closing. */
  async flush(adopting = false): Promise<void> {
    this.clearIdleTimer()
    while (this.compaction) await this.compaction.catch(() => undefined)
    await this.compact(adopting)
    await this.queue.run(() => this.journal.close())
  }

  private async appendToJournal(entry: JournalEntry): Promise<void> {
    const bytes = await this.journal.append(entry)
    this.linesSinceCompaction++
    this.bytesSinceCompaction += bytes
    if (
      this.linesSinceCompaction >= this.options.compactAfterEntries ||
      this.bytesSinceCompaction >= this.options.compactAfterBytes
    ) {
      this.compactSoon()
    } else {
      this.clearIdleTimer()
      this.idleTimer = setTimeout(() => this.compactSoon(), this.options.idleMs)
      this.idleTimer.unref() // a pending compaction never keeps a process alive: the journal is durable
    }
  }

  /** Starts a compaction unless one runs; its failure (disk full) leaves the journal, still durable, for a later try. */
  compactSoon(): void {
    this.clearIdleTimer()
    if (this.compaction) return
    void this.compact().catch(() => undefined)
  }

  /**
   * Writes the current data as the JSON file while changes continue to a fresh journal. Only a file
   * with changes of its own (or adopting a crashed writer's journal) touches the files: a reader
   * never renames a journal another process may be appending to.
   */
  private compact(adopting = false): Promise<void> {
    const ownChanges = this.data_.journalSeq !== (this.compactedSeq ?? 0)
    if (this.foreignWriter || !(ownChanges || adopting)) return Promise.resolve()
    const run = (async () => {
      // Only the rotation holds up the change queue; the write is awaited outside it (wrapped, or the
      // queue's async job would wait for it).
      const { written } = await this.queue.run(async () => {
        if (await this.journal.rotate(adopting)) this.rotatedUpTo = this.data_.journalSeq
        this.linesSinceCompaction = 0
        this.bytesSinceCompaction = 0
        return { written: this.writeJsonInOrder(this.data_) }
      })
      await written
    })()
    const tracked = run.finally(() => {
      if (this.compaction === tracked) this.compaction = null
    })
    this.compaction = tracked
    return tracked
  }

  /**
   * Queues a durable write of `snapshot` behind earlier ones (called inside the change queue, so
   * snapshots are queued in seq order) and returns it. Once the JSON file holds everything
   * `.journal.next` does, that file becomes `.journal.old`.
   */
  private writeJsonInOrder(snapshot: AnnotationFileData): Promise<void> {
    const write = this.jsonWrites.then(
      () => this.writeJson(snapshot),
      () => this.writeJson(snapshot),
    )
    this.jsonWrites = write.catch(() => undefined)
    return write
  }

  private async writeJson(snapshot: AnnotationFileData): Promise<void> {
    // Nothing newer than the file on disk (or nothing at all to write): skip the write.
    if (snapshot.journalSeq > (this.compactedSeq ?? 0)) {
      const replaced = this.compactedSeq
      await this.adapter.writeSerialized(await serializeInPieces(snapshot))
      this.compactedSeq = snapshot.journalSeq
      if (replaced !== null) this.bakSeq = replaced // the file just replaced is now .bak
    }
    if ((this.compactedSeq ?? 0) >= this.rotatedUpTo) await this.journal.retire(this.bakSeq)
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
  }
}

/**
 * Two annotations of a file with one id (a file merged or edited by hand): both are kept, each later
 * copy under a new id (`<id>-copy-<n>`), the file rewritten so the new ids last (when `write` is
 * allowed: not while another process appends to its journal) and the user told. Replaying a journal
 * by id would otherwise drop all but one copy.
 */
async function keepDuplicates(
  data: AnnotationFileData,
  adapter: DurableJsonFile<AnnotationFileData>,
  write: boolean,
  onRecover?: (report: RecoveryReport) => void,
): Promise<AnnotationFileData> {
  const seen = new Set(data.annotations.map((a) => a.id))
  if (seen.size === data.annotations.length) return data
  const first = new Set<string>()
  const renamed: string[] = []
  const annotations = data.annotations.map((a) => {
    if (!first.has(a.id)) {
      first.add(a.id)
      return a
    }
    let n = 1
    while (seen.has(`${a.id.slice(0, 50)}-copy-${n}`)) n++
    const id = `${a.id.slice(0, 50)}-copy-${n}`
    seen.add(id)
    renamed.push(`${a.id} → ${id}`)
    return { ...a, id }
  })
  const repaired = { ...data, annotations }
  if (write) await adapter.write(repaired).catch(() => undefined) // read-only: renamed the same way next time
  onRecover?.({
    file: adapter.path,
    movedTo: '',
    restored: true,
    reason: `${data.path || basename(adapter.path)}: ${renamed.length} annotation(s) had the id of another; both kept, the copy under a new id (${renamed.slice(0, 3).join(', ')}${renamed.length > 3 ? ', …' : ''})`,
  })
  return repaired
}

/** Annotations per piece of a compaction: ~200 KB of JSON, a millisecond or two of stringify. */
const ANNOTATIONS_PER_PIECE = 500

/**
 * JSON.stringify(data) in pieces, yielding to the event loop between them, so a compaction of 10,000
 * annotations never holds up the saves arriving meanwhile. `data` is not mutated meanwhile: changes
 * replace the arrays and objects they touch.
 */
async function serializeInPieces(data: AnnotationFileData): Promise<string[]> {
  const marker = '\u0000annotations\u0000'
  const [head, tail] = JSON.stringify({ ...data, annotations: marker }).split(JSON.stringify(marker))
  const pieces = [`${head}[`]
  for (let i = 0; i < data.annotations.length; i += ANNOTATIONS_PER_PIECE) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve))
    const piece = JSON.stringify(data.annotations.slice(i, i + ANNOTATIONS_PER_PIECE))
    pieces.push(`${i > 0 ? ',' : ''}${piece.slice(1, -1)}`)
  }
  pieces.push(`]${tail}`)
  return pieces
}
