/**
 * A small lowdb JSON document (settings, the entity registry, links, metadata, vocabulary, alignments): durable
 * writes through DurableJsonFile, one change at a time through a SerialQueue, rolled back in memory
 * when a write fails so memory always equals disk.
 */
import { Low } from 'lowdb'
import type { z } from 'zod'
import { DurableJsonFile, type RecoveryReport } from './durable-json-file'
import { SerialQueue } from './serial-queue'
import type { WriteAccess } from './write-access'

export class CollectionFile<T extends { version: number }> {
  private readonly queue = new SerialQueue()
  private constructor(private readonly db: Low<T>) {}

  static async open<T extends { version: number }>(
    path: string,
    schema: z.ZodType<T>,
    empty: T,
    onRecover?: (report: RecoveryReport) => void,
    options: { access?: WriteAccess; indent?: number } = {},
  ): Promise<CollectionFile<T>> {
    const { access, indent = 1 } = options
    const db = new Low<T>(new DurableJsonFile(path, schema, { version: empty.version, onRecover, indent, access }), empty)
    await db.read()
    return new CollectionFile(db)
  }

  get data(): Readonly<T> {
    return this.db.data
  }

  /** `change` returns the next data (never mutating the current one) and a result. */
  update<R>(change: (data: Readonly<T>) => { next: T; result: R }): Promise<R> {
    return this.queue.run(async () => {
      const before = this.db.data
      const { next, result } = change(before)
      this.db.data = next
      try {
        await this.db.write()
      } catch (error) {
        this.db.data = before
        throw error
      }
      return result
    })
  }
}
