/**
 * The entity discovery worker thread (discovery-worker.ts) as entity-discovery.ts sees it: started on
 * first use and kept while the workspace is open (it holds the names found per article), replies routed
 * to the run that asked, and a thread that stops (a crash, out of memory) fails the runs under way; the
 * next run starts another, which finds every name again. It keeps the process alive only while a run
 * is under way.
 */
import { Worker } from 'node:worker_threads'
import { workerScript } from '../worker-script'
import type { DiscoveryReply, DiscoveryRequest } from './discovery-worker'

export class DiscoveryThread {
  private worker: Worker | null = null
  private readonly runs = new Map<number, (reply: DiscoveryReply) => void>()
  private lastRun = 0
  /** Stopped for good (its workspace closed): no thread is started again. */
  private stopped = false

  /** A new run: its replies go to `onReply` until `close(run)`. */
  open(onReply: (reply: DiscoveryReply) => void): number {
    const run = ++this.lastRun
    this.runs.set(run, onReply)
    if (this.stopped) queueMicrotask(() => this.runs.get(run)?.({ type: 'cancelled', run }))
    else this.workerNow().ref()
    return run
  }

  post(request: DiscoveryRequest): void {
    if (!this.stopped) this.workerNow().postMessage(request)
  }

  close(run: number): void {
    this.runs.delete(run)
    if (this.runs.size === 0) this.worker?.unref() // an idle thread never keeps the process alive
  }

  /** Ends the thread and what it holds, for good (the workspace closes); runs under way end as cancelled. */
  async stop(): Promise<void> {
    this.stopped = true
    const worker = this.worker
    this.worker = null
    for (const [run, onReply] of this.runs) onReply({ type: 'cancelled', run })
    if (worker) await worker.terminate().catch(() => undefined)
  }

  private workerNow(): Worker {
    if (this.worker) return this.worker
    const { script, eval: isCode } = workerScript(import.meta.url, 'discovery-worker.js', './discovery-worker.ts')
    const worker = new Worker(script, { eval: isCode })
    worker.on('message', (reply: DiscoveryReply) => this.runs.get(reply.run)?.(reply))
    const gone = (error: Error) => {
      if (this.worker !== worker) return
      this.worker = null
      for (const [run, onReply] of this.runs) onReply({ type: 'failed', run, message: error.message })
    }
    worker.on('error', gone)
    worker.on('exit', (code) => gone(new Error(`the discovery worker stopped (exit code ${code})`)))
    worker.unref()
    this.worker = worker
    return worker
  }
}
