/**
 * Runs async jobs one after another, in call order. Every write to a given file goes through one queue
 * so two requests (two windows, a fast double click) can never interleave their read-modify-write.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job, job)
    // The queue continues whether this job succeeds or fails; the caller sees its own outcome.
    this.tail = result.catch(() => undefined)
    return result
  }

  /** Resolves when every job queued so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined)
  }
}
