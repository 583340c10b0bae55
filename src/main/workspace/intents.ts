/**
 * Intents: how an operation that changes several files (an annotation file and links.json, every
 * annotation file and entities.json) stays all-or-nothing through a crash.
 *
 * Before its first write, the operation records what it is about to do as a small durable file in
 * `.spanwise/intents/` (temp file, fsync, rename, fsync of the folder); once its last write is durable
 * the record is removed (and the removal synced) before the caller is answered. A process killed in
 * between leaves the record behind, and the next open of the workspace does the operation again from
 * the start: every operation recorded here is written so that doing it twice equals doing it once.
 * So after a crash at any moment no link points at a deleted annotation and no annotation at a deleted
 * entity, and the user is told what was completed.
 *
 * Records of a process that still runs (the app, while the command line reads the same workspace) are
 * left to it.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { AnnotationId, ArticleId, Id } from '../../shared/model'
import { isProcessRunning, moveAside, syncDirectory, writeFileDurably } from '../store/durable-json-file'
import { readPlainFileOrNull } from '../store/safe-fs'
import type { WriteAccess } from '../store/write-access'

export const Intent = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('delete-annotation'), articleId: ArticleId, annotationId: AnnotationId }),
  z.strictObject({ op: z.literal('delete-entity'), entityId: Id, name: z.string() }),
  z.strictObject({
    op: z.literal('merge-entities'),
    keepId: Id,
    removeId: Id,
    /** The kept entity's name (copied into quotes' speaker field) and the aliases it gains. */
    keptName: z.string(),
    aliases: z.array(z.string()),
  }),
])
export type Intent = z.infer<typeof Intent>

const IntentRecord = z.strictObject({ version: z.literal(1), pid: z.number().int(), startedAt: z.string(), intent: Intent })

/** A record found on open: the interrupted operation, or a damaged record (moved aside). */
export type PendingIntent = { path: string; intent: Intent } | { path: string; damaged: string }

let counter = 0

export class IntentLog {
  /** Records of operations of this process that failed half-done, by intent: a retry that succeeds removes them. */
  private readonly leftHalfDone = new Map<string, string[]>()

  /** `dir` is checked (never a link) and created when the workspace opens (store/data-dir.ts). */
  constructor(
    readonly dir: string,
    private readonly access?: WriteAccess,
  ) {}

  /**
   * Runs `work` with its intent recorded durably first and removed once `work` is done. When `work`
   * fails (disk full, read-only folder), the record stays only if `partial()` says the files are
   * half-changed in a way the next open must complete; otherwise the operation simply did not happen
   * (the user is told it failed and may retry), and a later open must not do it behind their back.
   */
  async run<T>(intent: Intent, work: () => Promise<T>, partial: () => boolean = () => false): Promise<T> {
    this.access?.check()
    const path = join(this.dir, `${Date.now()}-${process.pid}-${++counter}.json`)
    const record = { version: 1, pid: process.pid, startedAt: new Date().toISOString(), intent }
    await writeFileDurably(path, `${JSON.stringify(record)}\n`, this.access)
    const key = JSON.stringify(intent)
    let result: T
    try {
      result = await work()
    } catch (error) {
      if (!partial()) await this.done(path).catch(() => undefined)
      else this.leftHalfDone.set(key, [...(this.leftHalfDone.get(key) ?? []), path])
      throw error
    }
    // Done now, so done are the same operation's records left half-done by earlier failed tries.
    for (const earlier of this.leftHalfDone.get(key) ?? []) await this.done(earlier)
    this.leftHalfDone.delete(key)
    await this.done(path)
    return result
  }

  /** Removes a record durably: an operation completed must never be redone after a later undo. */
  async done(path: string): Promise<void> {
    await fs.rm(path, { force: true })
    await syncDirectory(this.dir)
  }

  /** The records left by processes that are gone, oldest first. */
  async pending(): Promise<PendingIntent[]> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[])
    const found: PendingIntent[] = []
    for (const name of names.filter((n) => /^\d+-\d+-\d+\.json$/.test(n)).sort(byTimeThenCounter)) {
      const path = join(this.dir, name)
      const pid = Number(name.split('-')[1])
      if (pid !== process.pid && isProcessRunning(pid)) continue
      const raw = await readPlainFileOrNull(path).catch(() => null)
      if (raw === null) continue
      let parsed: ReturnType<typeof IntentRecord.safeParse> | null = null
      try {
        parsed = IntentRecord.safeParse(JSON.parse(raw))
      } catch {
        parsed = null
      }
      if (parsed?.success) found.push({ path, intent: parsed.data.intent })
      else found.push({ path, damaged: await moveAside(path) })
    }
    return found
  }
}

function byTimeThenCounter(a: string, b: string): number {
  const [ta, , ca] = a.split(/[-.]/).map(Number)
  const [tb, , cb] = b.split(/[-.]/).map(Number)
  return ta - tb || ca - cb
}

/** One line for the user: what the interrupted operation was and that it was completed. */
export function describeCompleted(intent: Intent, links: number): string {
  switch (intent.op) {
    case 'delete-annotation':
      return `Spanwise stopped while deleting an annotation: the deletion was completed on reopening (${links} link${links === 1 ? '' : 's'} to it removed).`
    case 'delete-entity':
      return `Spanwise stopped while deleting the entity "${intent.name}": the deletion was completed on reopening (its mentions are kept, unlinked).`
    case 'merge-entities':
      return `Spanwise stopped while merging entities into "${intent.keptName}": the merge was completed on reopening.`
  }
}

/** One line for the user: an interrupted operation that could not be completed yet (kept for the next open). */
export function describeInterrupted(intent: Intent): string {
  const what = {
    'delete-annotation': 'deleting an annotation',
    'delete-entity': 'deleting an entity',
    'merge-entities': 'merging entities',
  }
  return `Spanwise stopped while ${what[intent.op]} and could not complete it now (it will try again when the workspace is next opened)`
}
