/**
 * The OCR cache lives in the workspace's `.spanwise/`, which is untrusted and may be read-only: it never
 * reads or writes through a link, and writes nothing when writes are refused.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { OcrCache } from '../../../src/main/import/ocr/cache'
import type { OcrPage } from '../../../src/main/import/ocr/engine'

const page = { paragraphs: [[[{ text: 'Hola', confidence: 90 }]]], confidence: 90, rotation: 0 } as unknown as OcrPage
const roots: string[] = []
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spanwise-ocr-cache-'))
  roots.push(dir)
  return dir
}
afterEach(() => roots.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

describe('OCR cache', () => {
  it('keeps pages read and finds them again', async () => {
    const dir = join(folder(), 'ocr')
    const cache = new OcrCache(dir)
    await cache.write('k', new Map([[1, page]]))
    expect((await new OcrCache(dir).read('k')).get(1)).toEqual(page)
    expect(readdirSync(dir)).toEqual(['k.json']) // no temp file left behind
  })

  it('writes nothing when the workspace is read-only', async () => {
    const root = folder()
    const cache = new OcrCache(join(root, 'ocr'), () => false)
    await cache.write('k', new Map([[1, page]]))
    expect(readdirSync(root)).toEqual([])
  })

  it('never reads or writes through a link in place of the folder or an entry', async () => {
    const root = folder()
    const outside = folder()
    writeFileSync(join(outside, 'k.json'), JSON.stringify({ version: 1, pages: { 1: page } }))
    symlinkSync(outside, join(root, 'ocr'))
    const linkedFolder = new OcrCache(join(root, 'ocr'))
    expect((await linkedFolder.read('k')).size).toBe(0)
    await linkedFolder.write('other', new Map([[1, page]]))
    expect(readdirSync(outside)).toEqual(['k.json'])

    const dir = join(root, 'real')
    mkdirSync(dir)
    symlinkSync(join(outside, 'k.json'), join(dir, 'k.json'))
    const linkedEntry = new OcrCache(dir)
    expect((await linkedEntry.read('k')).size).toBe(0)
    await linkedEntry.write('k', new Map([[2, page]]))
    // The link was replaced by a file of the cache's own; the file outside is untouched.
    expect(JSON.parse(readFileSync(join(outside, 'k.json'), 'utf8')).pages['2']).toBeUndefined()
  })
})
