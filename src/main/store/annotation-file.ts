/**
 * One lowdb file per article: `.spanwise/annotations/<articleId>.json`. Keeping articles apart makes each
 * save proportional to one article, not to the corpus.
 */
import { join } from 'node:path'
import { Low } from 'lowdb'
import { z } from 'zod'
import { Annotation, ArticleId } from '../../shared/model'
import { DurableJsonFile, type RecoveryReport } from './durable-json-file'
import { SerialQueue } from './serial-queue'

export const ANNOTATION_FILE_VERSION = 1

export const AnnotationFileData = z.strictObject({
  version: z.literal(ANNOTATION_FILE_VERSION),
  articleId: ArticleId,
  /** The article's path when last saved, so annotations of a deleted file can be matched when it returns. */
  path: z.string(),
  /** Hash of the text the offsets refer to; a different current hash means the file changed. */
  textHash: z.string(),
  annotations: z.array(Annotation),
})
export type AnnotationFileData = z.infer<typeof AnnotationFileData>

/** A loaded annotation file with its write queue. Mutations run one at a time and resolve once durable. */
export class AnnotationFile {
  private readonly queue = new SerialQueue()
  private pending = 0
  private constructor(private readonly db: Low<AnnotationFileData>) {}

  /** True while a change is being written (such a file must stay the one in use). */
  get busy(): boolean {
    return this.pending > 0
  }

  static async open(
    dataDir: string,
    articleId: string,
    fresh: () => AnnotationFileData,
    onRecover?: (report: RecoveryReport) => void,
  ): Promise<AnnotationFile> {
    const adapter = new DurableJsonFile(join(dataDir, 'annotations', `${articleId}.json`), AnnotationFileData, {
      version: ANNOTATION_FILE_VERSION,
      onRecover,
      // Every change is validated where it is made (the API contract, Workspace's attribute checks);
      // re-validating all 10,000 annotations on each save would triple its cost. Reads validate all.
      validateOnWrite: false,
    })
    // Not JSONFilePreset: it silently swaps in a memory adapter when NODE_ENV=test.
    const db = new Low<AnnotationFileData>(adapter, fresh())
    await db.read()
    return new AnnotationFile(db)
  }

  get data(): Readonly<AnnotationFileData> {
    return this.db.data
  }

  /**
   * Applies `change` to the data and writes it durably. If the write fails the change is rolled back
   * in memory, so what main holds always equals what is on disk. `change` gets a copy of the top level
   * and of the annotation array; it must replace annotation objects, never mutate them (cheap
   * copy-on-write instead of cloning 10,000 annotations per save).
   */
  update<T>(change: (data: AnnotationFileData) => T): Promise<T> {
    this.pending++
    return this.queue.run(async () => {
      const before = this.db.data
      try {
        const draft: AnnotationFileData = { ...before, annotations: before.annotations.slice() }
        const result = change(draft)
        this.db.data = draft
        try {
          await this.db.write()
        } catch (error) {
          this.db.data = before
          throw error
        }
        return result
      } finally {
        this.pending--
      }
    })
  }
}
