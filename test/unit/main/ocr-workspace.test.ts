/**
 * Scans in a workspace, as the app and the command line read them: reading one again in another
 * language (the choice remembered in `.spanwise/`, the annotations re-anchored onto the new text, the
 * CLI's export following the choice), Retry after Cancel going on from the pages already read, and the
 * workspace's thread answering while a multi-page scan is read (rendering and OCR run in a thread of
 * their own). Scans are made in the test (scan-fixtures.ts); each page read costs seconds.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../../../src/main/cli'
import type { OcrProgress } from '../../../src/main/import'
import { stopOcr } from '../../../src/main/import/ocr'
import { Workspace } from '../../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../../helpers/fs'
import { renderScan, scannedPdf } from '../import/scan-fixtures'

/** OCR on a busy 2-core machine: generous. */
const SLOW = 300_000
const TEXT = [
  'Resolución del Ayuntamiento de Cádiz',
  'La concejala María José Núñez firmó el contrato el 14 de marzo. «No habrá más retrasos», aseguró.',
]

let ws: Workspace | undefined
afterEach(async () => {
  await ws?.close()
  ws = undefined
  await stopOcr()
})

/** Waits until `check` holds, polling; fails after `timeout` ms. */
async function until(check: () => boolean, timeout = SLOW): Promise<void> {
  await expect.poll(check, { timeout, interval: 100 }).toBe(true)
}

describe('scans in a workspace', () => {
  it(
    'reads a scan again in English: the choice is kept, annotations follow the new text, the CLI exports it so',
    { timeout: SLOW },
    async () => {
      const root = tempDir()
      writeFiles(root, { 'resolucion.png': renderScan({ paragraphs: TEXT }) })
      ws = await Workspace.open(root)
      const id = ws.articles()[0].id
      await until(() => ws!.summary(id)?.ocr === undefined)
      const first = await ws.openArticle(id)
      expect(first.metadata.source?.languages).toEqual(['es', 'en'])
      const at = (s: string) => ({ start: first.text.indexOf(s), end: first.text.indexOf(s) + s.length })
      await ws.createAnnotation(id, { id: 'who', kind: 'entity', ...at('María José Núñez') })
      await ws.createAnnotation(id, { id: 'when', kind: 'claim', ...at('el 14 de marzo') })

      const progress: OcrProgress[] = []
      ws.events.onDidChangeArticles(() => {
        const row = ws?.summary(id)?.ocr
        if (row?.page && row.pages) progress.push({ page: row.page, pages: row.pages })
      })
      await ws.rereadOcr(id, ['eng'])
      expect(ws.summary(id)?.ocr).toBeDefined() // waiting or reading, with its row's Cancel
      await until(() => ws!.summary(id)?.ocr === undefined)
      expect(progress).toContainEqual({ page: 1, pages: 1 })
      const again = await ws.openArticle(id)
      expect(again.metadata.source?.languages).toEqual(['en'])
      expect(again.text).not.toBe(first.text) // the English model reads Spanish accents otherwise
      const byId = Object.fromEntries(again.annotations.map((a) => [a.id, a]))
      expect(again.text.slice(byId.when.start, byId.when.end)).toBe('el 14 de marzo')
      expect(byId.who.anchor).not.toBe('orphaned')
      expect(again.text.slice(byId.who.start, byId.who.end)).toMatch(/^Mar.a Jos. N/)
      // Remembered in the workspace; both readings kept in the cache by content hash + languages.
      const metadata = JSON.parse(readFileSync(join(root, '.spanwise', 'metadata.json'), 'utf8'))
      expect(metadata.ocrModels[id]).toEqual(['eng'])
      expect(readdirSync(join(root, '.spanwise', 'ocr')).sort()).toEqual([
        expect.stringMatching(/^[0-9a-f]{64}-eng\.json$/),
        expect.stringMatching(/^[0-9a-f]{64}-spa\+eng\.json$/),
      ])
      await expect(ws.rereadOcr(id, ['xyz'])).rejects.toThrow(/No OCR language data is installed for xyz/)
      await ws.close()
      ws = undefined

      // The command line reads the scan as the app chose: `spanwise export` carries English OCR.
      const out = join(tempDir(), 'corpus.json')
      expect(await main(['export', root, '--out', out])).toBe(0)
      const exported = JSON.parse(readFileSync(out, 'utf8'))
      expect(exported.articles[0].text).toBe(again.text)
      expect(exported.articles[0].metadata.source).toMatchObject({ kind: 'ocr', languages: ['en'] })
    },
  )

  it('a cancelled re-read goes back to the reading the scan had, with its annotations', { timeout: SLOW }, async () => {
    const root = tempDir()
    writeFiles(root, { 'resolucion.png': renderScan({ paragraphs: TEXT }) })
    ws = await Workspace.open(root)
    const id = ws.articles()[0].id
    await until(() => ws!.summary(id)?.ocr === undefined)
    const first = await ws.openArticle(id)
    const start = first.text.indexOf('el 14 de marzo')
    await ws.createAnnotation(id, { id: 'when', kind: 'claim', start, end: start + 'el 14 de marzo'.length })

    await ws.rereadOcr(id, ['eng'])
    ws.cancelOcr(id)
    await until(() => ws!.summary(id)?.ocr === undefined)
    const after = await ws.openArticle(id)
    expect(after.text).toBe(first.text)
    expect(after.metadata.source?.languages).toEqual(['es', 'en'])
    const when = after.annotations.find((a) => a.id === 'when')!
    expect(after.text.slice(when.start, when.end)).toBe('el 14 de marzo')
    const metadata = JSON.parse(readFileSync(join(root, '.spanwise', 'metadata.json'), 'utf8'))
    expect(metadata.ocrModels?.[id]).toBeUndefined()
  })

  it('lists bad scans with one line each and the rest of the workspace works', async () => {
    const huge = Uint8Array.from(renderScan({ paragraphs: ['x'] }))
    new DataView(huge.buffer).setUint32(16, 50_000)
    new DataView(huge.buffer).setUint32(20, 50_000)
    const root = tempDir()
    writeFiles(root, {
      'a-foto.jpg': '<html>a web page saved as .jpg</html>',
      'b-enorme.png': huge,
      'c-nota.txt': 'Nota de prensa\n\nEl puerto abrirá en 2029.',
    })
    ws = await Workspace.open(root)
    const rows = Object.fromEntries(ws.articles().map((a) => [a.path, a]))
    expect(rows['a-foto.jpg'].error).toMatch(/^Not an image Spanwise can read/)
    expect(rows['b-enorme.png'].error).toMatch(/too large to read \(50,000 × 50,000 pixels/)
    for (const path of ['a-foto.jpg', 'b-enorme.png']) expect(rows[path].error).not.toContain('\n')
    expect((await ws.openArticle(rows['c-nota.txt'].id)).text).toContain('El puerto abrirá en 2029.')
  })

  it(
    'Retry after Cancel goes on from the pages already read, and the thread keeps answering meanwhile',
    { timeout: SLOW },
    async () => {
      const root = tempDir()
      writeFiles(root, {
        'anexo.pdf': await scannedPdf(3, (n) => renderScan({ paragraphs: [`Anexo ${n}: el contrato de Cádiz.`] })),
      })
      const delay = monitorEventLoopDelay({ resolution: 20 })
      const pages: number[] = []
      ws = await Workspace.open(root, { onOcrProgress: (_path, { page }) => pages.push(page) })
      const id = ws.articles()[0].id
      await until(() => pages.length >= 1)
      delay.enable() // from the first page on (opening the workspace loads modules: not what is measured)
      await until(() => pages.length >= 2) // page 1 read, page 2 under way
      ws.cancelOcr(id)
      await until(() => ws!.summary(id)?.ocr?.state === 'stopped')
      expect(ws.summary(id)?.ocr).toEqual({ state: 'stopped' }) // "Reading cancelled", with Retry
      const before = pages.length
      ws.retryOcr(id)
      await until(() => ws!.summary(id)?.ocr === undefined)
      delay.disable()
      // Page 1 came from the cache: the retry started at the page the cancel stopped.
      expect(pages[before]).toBeGreaterThanOrEqual(2)
      const article = await ws.openArticle(id)
      for (const n of [1, 2, 3]) expect(article.text).toContain(`Anexo ${n}`)
      // Rendering and OCR ran in their own thread: this one never stopped answering for a page.
      const maxMs = delay.max / 1e6
      console.log(`longest event-loop delay while a 3-page scan was read: ${maxMs.toFixed(0)} ms`)
      expect(maxMs).toBeLessThan(1_000)
    },
  )
})
