/**
 * Where a worker thread's script is, built or from source. Built (electron-vite): an entry of the main
 * build (`electron.vite.config.ts`), in `out/main/` beside (or above, from a shared chunk) the module
 * that starts it. From source (tests, benchmarks under tsx): the TypeScript entry, loaded through tsx
 * from a small bootstrap. Pass the result to `new Worker(script, { eval })`.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

interface TsxManifest {
  exports: { './esm/api': { import: { default: string } } }
}

/**
 * `here` is the starting module's `import.meta.url`; `built` the entry's file name in the build
 * (`ocr-worker.js`); `source` the entry's path relative to `here` (`./page-worker.ts`).
 */
export function workerScript(here: string, built: string, source: string): { script: string | URL; eval: boolean } {
  if (!here.endsWith('.ts')) {
    for (const candidate of [`./${built}`, `../${built}`]) {
      const url = new URL(candidate, here)
      if (existsSync(fileURLToPath(url))) return { script: url, eval: false }
    }
  }
  // tsx's ESM API (require.resolve would give its CommonJS build, which cannot register hooks here).
  const manifest = createRequire(here).resolve('tsx/package.json')
  const api = (JSON.parse(readFileSync(manifest, 'utf8')) as TsxManifest).exports['./esm/api'].import.default
  const tsx = pathToFileURL(join(dirname(manifest), api)).href
  const entry = new URL(source, here).href
  return {
    script: `import(${JSON.stringify(tsx)}).then((m) => m.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(here)}))`,
    eval: true,
  }
}
