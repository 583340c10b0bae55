/**
 * The children the SIGKILL tests kill (crash.test.ts, crash-multifile.test.ts): a child script bundled
 * once with esbuild (the same source `node --import tsx <child>.ts` runs, minus the PDF/Word/HTML
 * readers it never calls) so a child starts in ~100 ms of CPU instead of ~400 ms, started ahead of
 * time, and read line by line. A child prints `loaded` when its code is loaded and `open` once it has
 * opened the workspace; every other line is kept for the test.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { join } from 'node:path'
import { build } from 'esbuild'
import { tempDir } from '../helpers/fs'

export interface Child {
  process: ChildProcessWithoutNullStreams
  lines: string[]
  loaded: Promise<void>
  /** Resolves when the child has opened the workspace (or died). */
  open: Promise<void>
  /** Resolves when the child has printed `line` or a line it accepts (at once if it already has), or has died. */
  printed(line: string | ((line: string) => boolean)): Promise<void>
  closed: Promise<void>
}

/** Bundles `entry` (a child .ts) into a temp folder; returns the script to run with node. */
export async function bundleChild(entry: string): Promise<string> {
  const outfile = join(tempDir('spanwise-crash-child-'), 'child.mjs')
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'warning',
    // The children save annotations of .txt articles: the PDF, Word and HTML readers (3 MB of pdf.js,
    // mammoth, linkedom) would only slow every start, and the OCR engine's native canvas cannot be
    // bundled. They are stubbed; the store code is untouched.
    plugins: [
      {
        name: 'stub-unused-importers',
        setup(b) {
          const importDir = join('src', 'main', 'import')
          b.onResolve({ filter: /^\.\/(pdf|docx|html|engine|pdf-render)$/ }, (args) =>
            args.importer.includes(importDir) ? { path: args.path, namespace: 'stub' } : undefined,
          )
          b.onLoad({ filter: /.*/, namespace: 'stub' }, (args) => ({
            contents:
              'const unused = () => { throw new Error("not in the crash child") }; ' +
              (args.path === './engine'
                ? 'export class OcrAbortedError extends Error {}; export class OcrEngine { read() { return unused() } async terminate() {} }'
                : args.path === './pdf-render'
                  ? 'export const OCR_DPI = 300, renderPage = unused'
                  : 'export const extractPdf = unused, extractDocx = unused, extractHtml = unused'),
            loader: 'js',
          }))
        },
      },
    ],
    // Bundled CommonJS dependencies call require(): give the ESM bundle one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  })
  return outfile
}

export function startChild(script: string, cwd: string): Child {
  const proc = spawn(process.execPath, [script], { cwd, stdio: ['pipe', 'pipe', 'pipe'] })
  const lines: string[] = []
  let buffered = ''
  let onLoaded: () => void = () => undefined
  const loaded = new Promise<void>((r) => (onLoaded = r))
  let onOpen: () => void = () => undefined
  const open = new Promise<void>((r) => (onOpen = r))
  const waiting: { matches: (line: string) => boolean; resolve: () => void }[] = []
  let dead = false
  const printed = (line: string | ((line: string) => boolean)) => {
    const matches = typeof line === 'string' ? (l: string) => l === line : line
    return dead || lines.some(matches) ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ matches, resolve }))
  }

  proc.stdout.setEncoding('utf8')
  proc.stdout.on('data', (chunk: string) => {
    buffered += chunk
    const parts = buffered.split('\n')
    buffered = parts.pop()!
    for (const line of parts) {
      if (line === 'loaded') onLoaded()
      else lines.push(line)
      if (line === 'open') onOpen()
      for (const w of waiting.filter((w) => w.matches(line))) {
        w.resolve()
        waiting.splice(waiting.indexOf(w), 1)
      }
    }
  })
  let stderr = ''
  proc.stderr.on('data', (d) => (stderr += d))
  // A partial last line was cut by the kill: it was never fully printed, so it does not count.
  const closed = new Promise<void>((r) => proc.on('close', () => r()))
  void closed.then(() => {
    if (stderr.trim() && !proc.killed) lines.push(`error ${stderr.trim()}`)
    dead = true
    onLoaded()
    onOpen()
    for (const w of waiting.splice(0)) w.resolve()
  })
  return { process: proc, lines, loaded, open, printed, closed }
}
