import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { APP_INDEX_URL, contentTypeOf, resolveAppRequest, serveAppRequest } from '../../../src/main/app-protocol'
import { tempDir, writeFiles } from '../../helpers/fs'

const ROOT = '/opt/spanwise/out/renderer'

describe("app:// (the window's own scheme)", () => {
  it('serves the index page and the bundle below the renderer folder', () => {
    expect(resolveAppRequest(APP_INDEX_URL, ROOT)).toBe(join(ROOT, 'index.html'))
    expect(resolveAppRequest('app://spanwise/', ROOT)).toBe(join(ROOT, 'index.html'))
    expect(resolveAppRequest('app://spanwise/assets/index-abc.js?v=1#x', ROOT)).toBe(join(ROOT, 'assets/index-abc.js'))
    expect(resolveAppRequest('app://spanwise/assets/caf%C3%A9.css', ROOT)).toBe(join(ROOT, 'assets/café.css'))
  })

  it('never leaves the renderer folder, however the way out is spelled', () => {
    for (const url of [
      'app://spanwise/../main/index.js',
      'app://spanwise/assets/../../main/index.js',
      'app://spanwise/%2e%2e/main/index.js',
      'app://spanwise/assets/%2E%2E%2F%2E%2E%2Fmain%2Findex.js',
      'app://spanwise/..%5c..%5cmain%5cindex.js',
      'app://spanwise/assets\\..\\..\\secret',
      'app://spanwise/%00index.html',
      'app://spanwise/%E0%A4%A',
      'app://spanwise//etc/passwd',
    ]) {
      const file = resolveAppRequest(url, ROOT)
      if (file !== null) expect(file.startsWith(`${ROOT}/`), url).toBe(true)
    }
    // The URL parser itself removes dot segments, so "/../main" names <root>/main: still inside.
    expect(resolveAppRequest('app://spanwise/../main/index.js', ROOT)).toBe(join(ROOT, 'main/index.js'))
  })

  it('answers only its own scheme and host', () => {
    expect(resolveAppRequest('app://evil/index.html', ROOT)).toBeNull()
    expect(resolveAppRequest('file:///opt/spanwise/out/renderer/index.html', ROOT)).toBeNull()
    expect(resolveAppRequest('https://spanwise/index.html', ROOT)).toBeNull()
    expect(resolveAppRequest('not a url', ROOT)).toBeNull()
  })

  it('serves files with their type, and 404 for what is missing, outside or of an unknown type', async () => {
    const root = tempDir('spanwise-renderer-')
    writeFiles(root, {
      'index.html': '<!doctype html><title>Spanwise</title>',
      'assets/app.js': 'export {}',
      'assets/notes.txt': 'x',
    })
    const page = await serveAppRequest(APP_INDEX_URL, root)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await page.text()).toContain('<title>Spanwise</title>')
    expect((await serveAppRequest('app://spanwise/assets/app.js', root)).headers.get('content-type')).toMatch(/^text\/javascript/)
    expect((await serveAppRequest('app://spanwise/assets/missing.js', root)).status).toBe(404)
    expect((await serveAppRequest('app://spanwise/assets/notes.txt', root)).status).toBe(404)
    expect((await serveAppRequest('app://spanwise/../index.html', join(root, 'assets'))).status).toBe(404)
  })

  it('knows the type of every file the renderer build holds', () => {
    const built = join(__dirname, '../../../out/renderer')
    const files: string[] = []
    const walk = (dir: string) =>
      readdirSync(dir).forEach((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : files.push(n)))
    walk(built)
    expect(files.length).toBeGreaterThan(1)
    for (const f of files) expect(contentTypeOf(f), f).not.toBeNull()
  })
})
