import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { Workspace } from '../../src/main/workspace/workspace'
import { validateAgainstSchema } from '../helpers/schema'
import { tempDir, writeFiles } from '../helpers/fs'

const run = promisify(execFile)
const BIN = resolve(import.meta.dirname, '../../bin/spanwise.js')

describe('spanwise CLI (the real bin, in a child process)', () => {
  it('exports a workspace with -o and the output validates against the schema', async () => {
    const root = tempDir()
    const text = 'La alcaldesa dijo: «Es la mejor noticia».'
    writeFiles(root, { 'nota.txt': text })
    const ws = await Workspace.open(root)
    const [a] = ws.articles()
    await ws.createAnnotation(a.id, { id: 'q1', kind: 'quote', start: text.indexOf('«'), end: text.indexOf('»') + 1 })
    await ws.close()
    const out = join(tempDir(), 'out.json')
    const { stderr } = await run(process.execPath, [BIN, 'export', root, '-o', out])
    expect(stderr).toMatch(/wrote 1 articles, 1 annotations/)
    const data = JSON.parse(readFileSync(out, 'utf8'))
    expect(validateAgainstSchema(data)).toEqual([])
    expect(data.articles[0].annotations[0].exact).toBe('«Es la mejor noticia»')
  })

  it('fails with a clear message and exit code for a missing workspace or wrong usage', async () => {
    const missing = await run(process.execPath, [BIN, 'export', '/nonexistent/folder', '-o', '/tmp/x.json']).catch((e) => e)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/Not a folder/)
    const usage = await run(process.execPath, [BIN, 'export']).catch((e) => e)
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/Usage:/)
  })
})
