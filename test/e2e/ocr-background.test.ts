/**
 * Scans do not hold up opening a workspace: an image and a long scanned PDF are listed at once under
 * their file names, OCR reads them in the background with the row saying "reading (OCR) page 3 of 12"
 * and a bar, the row's Cancel stops a long one (the rest go on) and its Retry goes on from the pages
 * read, and a scan once read opens as an article with the OCR note and the "Read again in…" choice.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { stopOcr } from '../../src/main/import/ocr'
import { renderScan, scannedPdf } from '../unit/import/scan-fixtures'
import { openArticle, openWorkbench, type Workbench } from './harness'

/** OCR on a busy 2-core machine: generous. */
const SLOW = 240_000

let wb: Workbench | undefined
afterEach(async () => {
  await wb?.close()
  wb = undefined
  await stopOcr()
})

async function longScan(pages: number): Promise<Uint8Array> {
  const page = renderScan({ paragraphs: ['Página del anexo'] })
  return scannedPdf(pages, () => page)
}

describe('scans read by OCR in the background', () => {
  it(
    'lists scans at once, shows each page as it is read, cancels a long one, and opens one read',
    { timeout: SLOW },
    async () => {
      wb = await openWorkbench({
        files: {
          'a-anexo.pdf': await longScan(40),
          'b-nota.txt': 'Nota de prensa\n\nEl puerto abrirá en 2029.',
          'c-resolucion.png': renderScan(),
        },
      })
      const page = wb.page
      const row = (path: string) => page.locator(`.sw-library-row[title="${path}"]`)
      // The workspace is open and usable while the scans wait: listed under their file names.
      await page.waitForSelector('.sw-library-row:has-text("Nota de prensa")')
      expect(await row('c-resolucion.png').locator('.sw-library-title').textContent()).toBe('c-resolucion.png')
      // The long scan is read first (library order), page by page, with a bar.
      await row('a-anexo.pdf').locator('text=/reading \\(OCR\\) page ([3-9]|[1-3][0-9]) of 40/').waitFor({ timeout: SLOW })
      expect(await row('a-anexo.pdf').locator('.sw-progress-fill').getAttribute('style')).toMatch(/width: [1-9]/)
      await row('a-anexo.pdf').locator('button[name="cancel-ocr"]').click()
      await row('a-anexo.pdf').locator('text=Reading cancelled').waitFor({ timeout: SLOW })
      await row('a-anexo.pdf').locator('button[name="retry-ocr"]').waitFor()
      // The image is read next and becomes an article titled by its first line.
      await page.waitForSelector('.sw-library-row:has-text("Resolución del Ayuntamiento de Cádiz")', { timeout: SLOW })
      await openArticle(page, 'Resolución del Ayuntamiento de Cádiz')
      await page.waitForSelector('.sw-article p:has-text("María José Núñez")')
      await page.waitForSelector('.sw-ocr-note:has-text("Text read by OCR (Spanish + English")')
      // The header offers to read it again in each installed language, or both.
      const choices = page.locator('select[name="ocr-language"] option')
      await expect
        .poll(() => choices.allTextContents(), { timeout: SLOW })
        .toEqual(expect.arrayContaining(['Read again in…', 'English', 'Spanish', 'Spanish + English']))
      // The cancelled scan stays listed, not opened, not an error; the text article was usable all along.
      expect(await row('a-anexo.pdf').getAttribute('class')).not.toContain('has-error')
      await openArticle(page, 'Nota de prensa')
      await page.waitForSelector('.sw-article p:has-text("El puerto abrirá en 2029.")')
      // Retry goes on reading the cancelled scan, from the page after those already read.
      await row('a-anexo.pdf').locator('button[name="retry-ocr"]').click()
      await row('a-anexo.pdf').locator('text=/reading \\(OCR\\) page ([3-9]|[1-3][0-9]) of 40/').waitFor({ timeout: SLOW })
      await row('a-anexo.pdf').locator('button[name="cancel-ocr"]').click()
      await row('a-anexo.pdf').locator('text=Reading cancelled').waitFor({ timeout: SLOW })
      expect(wb.errors).toEqual([])
    },
  )
})
