/**
 * The reporter's desk, end to end in the browser harness: the claims board (filters, sorting, keyboard,
 * a status change of several claims as one undo step, opening the article at a claim), the report
 * (exported from the app, read in Chromium as an editor would, printed to PDF), and the frictions fixed
 * on the way (dialogs own their keys, toasts stay off the text and close with Escape, the claim legend,
 * a claim's note in its row).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { readStoredAnnotations } from '../../src/main/store/annotation-file'
import { articleIdFor } from '../../src/main/workspace/workspace'
import { launchChromium, openArticle, openWorkbench, type Workbench } from './harness'

const ES = [
  'El puerto creará empleo',
  'La alcaldesa, Inés Marroquín, afirmó: «El puerto creará 3.000 empleos directos». Según el informe, la obra costará 40 millones.',
  'La asociación Salvemos la Ensenada dice que el dragado destruirá la playa.',
].join('\n\n')
const EN = [
  'Port will create jobs',
  'The 2019 study estimated 1,200 jobs, not 3,000. The works will cost 40 million euros <script>alert(1)</script>.',
].join('\n\n')

const ES_ID = articleIdFor('es/puerto.txt')
const EN_ID = articleIdFor('en/port.txt')

let wb: Workbench | undefined
afterEach(async () => {
  await wb?.close()
  wb = undefined
})

const span = (text: string, phrase: string) => {
  const start = text.indexOf(phrase)
  if (start < 0) throw new Error(`no "${phrase}"`)
  return { start, end: start + phrase.length }
}

/** A workspace with three claims (one inside a quote), a speaker, a tag, a note and evidence. */
async function seeded(): Promise<Workbench> {
  const w = await openWorkbench({ files: { 'es/puerto.txt': ES, 'en/port.txt': EN }, viewport: { width: 1280, height: 720 } })
  const s = w.service
  await s.createEntity({ id: 'ines', name: 'Inés Marroquín', type: 'person' })
  await s.createAnnotation(ES_ID, {
    id: 'q1',
    kind: 'quote',
    ...span(ES, '«El puerto creará 3.000 empleos directos»'),
    attributes: { speakerId: 'ines' },
  })
  await s.createAnnotation(ES_ID, {
    id: 'c1',
    kind: 'claim',
    ...span(ES, 'El puerto creará 3.000 empleos directos'),
    note: 'The study says 1,200 <b>not</b> 3,000',
    tags: ['empleo'],
  })
  await s.createAnnotation(ES_ID, {
    id: 'c2',
    kind: 'claim',
    ...span(ES, 'la obra costará 40 millones'),
    attributes: { status: 'accurate' },
  })
  await s.createAnnotation(ES_ID, { id: 'c3', kind: 'claim', ...span(ES, 'el dragado destruirá la playa') })
  await s.createAnnotation(EN_ID, { id: 'e1', kind: 'claim', ...span(EN, 'The 2019 study estimated 1,200 jobs, not 3,000') })
  await s.createLink({
    id: 'L1',
    from: { articleId: ES_ID, annotationId: 'c1' },
    to: { articleId: EN_ID, annotationId: 'e1' },
    relation: 'contradicts',
  })
  await w.page.reload()
  await w.page.waitForSelector('.sw-library-row')
  wb = w
  return w
}

async function statusesOnDisk(w: Workbench, path: string): Promise<Record<string, string>> {
  const stored = await readStoredAnnotations(join(w.workspace, '.spanwise'), articleIdFor(path))
  const out: Record<string, string> = {}
  for (const a of stored?.annotations ?? []) if (a.kind === 'claim') out[a.id] = a.attributes.status
  return out
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 15_000
  for (;;) {
    const value = await read()
    if (ok(value)) return value
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

const boardRow = (id: string) => `.sw-board-list .sw-board-row[data-annotation-id="${id}"]`

describe('claims board', { timeout: 120_000 }, () => {
  it('lists every claim with who made it, evidence, note and tags; filters, sorts and moves with the keyboard', async () => {
    const { page } = await seeded()
    await page.keyboard.press('Control+Shift+B')
    await page.waitForSelector('.sw-board[aria-busy="false"]')
    await expect.poll(() => page.locator('.sw-board-list .sw-board-row').count()).toBe(4)
    await expect(page.locator('.sw-board-count').textContent()).resolves.toBe('4 claims')
    const c1 = page.locator(boardRow('c1'))
    await expect(c1.textContent()).resolves.toContain('Inés Marroquín')
    await expect(c1.locator('.sw-board-col-evidence').textContent()).resolves.toContain('1 linked')
    await expect(c1.locator('.sw-board-col-note').textContent()).resolves.toBe('The study says 1,200 <b>not</b> 3,000')
    await expect(c1.locator('.sw-board-col-tags').textContent()).resolves.toBe('empleo')
    // The article view and the panel are out of the way; the legend tells the verdicts apart.
    expect(await page.locator('.sw-panel').isVisible()).toBe(false)
    await expect(page.locator('.sw-board .sw-claim-legend').textContent()).resolves.toContain('accurate')

    await page.selectOption('.sw-board select[name="status"]', 'accurate')
    await expect.poll(() => page.locator('.sw-board-list .sw-board-row').count()).toBe(1)
    await page.selectOption('.sw-board select[name="status"]', '')
    await page.selectOption('.sw-board select[name="tag"]', 'empleo')
    await expect.poll(() => page.locator('.sw-board-list .sw-board-row').count()).toBe(1)
    await page.selectOption('.sw-board select[name="tag"]', '')
    await page.selectOption('.sw-board select[name="entity"]', 'ines')
    await expect.poll(() => page.locator('.sw-board-list .sw-board-row').count()).toBe(1)
    await page.selectOption('.sw-board select[name="entity"]', '')
    await page.selectOption('.sw-board select[name="article"]', EN_ID)
    await expect.poll(() => page.locator('.sw-board-list .sw-board-row').count()).toBe(1)
    await page.selectOption('.sw-board select[name="article"]', '')

    // Sorting by status puts "accurate" first.
    await page.click('.sw-board-head [data-column="status"]')
    await expect.poll(() => page.locator('.sw-board-list .sw-board-row').first().getAttribute('data-annotation-id')).toBe('c2')
    await page.click('.sw-board-head [data-column="status"]')
    await page.click('.sw-board-head [data-column="status"]') // back to the workspace's order

    // Keyboard: the list has focus; ↓ moves the current row.
    const current = () => page.locator('.sw-board-row.is-current').getAttribute('data-annotation-id')
    const first = await current()
    await page.keyboard.press('ArrowDown')
    await expect.poll(current).not.toBe(first)
    await page.keyboard.press('End')
    const last = await page.locator('.sw-board-list .sw-board-row').last().getAttribute('data-annotation-id')
    await expect.poll(current).toBe(last)
  })

  it('changes the status of several claims at once, as one undo step, on screen and on disk', async () => {
    const w = await seeded()
    const { page } = w
    await page.click('button[name="claims-board"]')
    await page.waitForSelector(`${boardRow('c3')}`)
    // Tick c1 and c3 with the keyboard.
    await page.click(`${boardRow('c1')} .sw-board-col-article`)
    await page.keyboard.press('Space')
    await page.click(`${boardRow('c3')} .sw-board-col-article`)
    await page.keyboard.press('Space')
    await expect(page.locator('.sw-board-ticked').textContent()).resolves.toBe('2 ticked')
    await page.keyboard.press('3') // the third status: false
    await expect.poll(() => page.locator(`${boardRow('c1')} .sw-board-col-status`).textContent()).toBe('false')
    await expect(page.locator(`${boardRow('c3')} .sw-board-col-status`).textContent()).resolves.toBe('false')
    await page.waitForSelector('.sw-save-status:has-text("All changes saved")')
    await until(
      () => statusesOnDisk(w, 'es/puerto.txt'),
      (s) => s.c1 === 'false' && s.c3 === 'false' && s.c2 === 'accurate',
      'statuses on disk after the change',
    )
    // One Ctrl+Z undoes both.
    await page.keyboard.press('Control+z')
    await expect.poll(() => page.locator(`${boardRow('c1')} .sw-board-col-status`).textContent()).toBe('unchecked')
    await expect(page.locator(`${boardRow('c3')} .sw-board-col-status`).textContent()).resolves.toBe('unchecked')
    await until(
      () => statusesOnDisk(w, 'es/puerto.txt'),
      (s) => s.c1 === 'unchecked' && s.c3 === 'unchecked' && s.c2 === 'accurate',
      'statuses on disk after undo',
    )
    // The bar's menu does the same for the ticked rows.
    await page.selectOption('.sw-board select[name="bulk-status"]', 'misleading')
    await page.click('.sw-board button[name="apply-status"]')
    await until(
      () => statusesOnDisk(w, 'es/puerto.txt'),
      (s) => s.c1 === 'misleading' && s.c3 === 'misleading',
      'statuses on disk after the menu',
    )
  })

  it('Enter opens the article at the claim; Escape goes back', async () => {
    const { page } = await seeded()
    await page.keyboard.press('Control+Shift+B')
    await page.waitForSelector(boardRow('e1'))
    await page.keyboard.press('Escape')
    await page.waitForSelector('.sw-board', { state: 'detached' })
    await page.keyboard.press('Control+Shift+B')
    await page.waitForSelector(boardRow('e1'))
    await page.click(`${boardRow('e1')} .sw-board-col-article`)
    await page.keyboard.press('Enter')
    await page.waitForSelector('.sw-main[aria-busy="false"] .sw-article-title:has-text("Port will create jobs")')
    await page.waitForSelector('.sw-annotation-row.is-selected[data-annotation-id="e1"]')
    expect(await page.locator('.sw-board').count()).toBe(0)
  })
})

describe('report', { timeout: 240_000 }, () => {
  it('File → Export → Report writes a memo an editor can read, with no request outside it, and prints to PDF', async () => {
    const w = await seeded()
    const { page } = w
    await page.evaluate(() =>
      (window as unknown as { __spanwiseEvent: (e: unknown) => void }).__spanwiseEvent({
        type: 'menu',
        command: 'export-report',
      }),
    )
    await page.waitForSelector('.sw-dialog[aria-label="Export a report"]')
    await expect(page.locator('.sw-dialog select[name="format"]').inputValue()).resolves.toBe('report')
    await page.keyboard.press('Enter') // the dialog's main action
    await page.waitForSelector('.sw-notice:has-text("Exported 2 articles")')
    const htmlPath = w.exports.at(-1)!
    expect(htmlPath).toMatch(/\.report\.html$/)
    const html = readFileSync(htmlPath, 'utf8')
    expect(html).not.toMatch(/<script|https?:\/\/|src=|url\(|@import/i)

    // Read it in Chromium as the editor would, and watch every request it makes.
    const browser = await launchChromium()
    try {
      const reader = await browser.newPage({ viewport: { width: 1280, height: 720 } })
      const requests: string[] = []
      reader.on('request', (r) => requests.push(r.url()))
      await reader.goto(pathToFileURL(htmlPath).href)
      expect(requests).toEqual([pathToFileURL(htmlPath).href])
      await expect(reader.locator('h1').textContent()).resolves.toContain('Fact-check memo')
      const falseOrUnchecked = reader.locator('#claims .verdict-unchecked')
      await expect(falseOrUnchecked.textContent()).resolves.toContain('El puerto creará 3.000 empleos directos')
      // The claim's own card (the English claim lists it as its evidence, too).
      const claim = reader.locator('#claims .claim', {
        has: reader.locator('.claim-text', { hasText: 'El puerto creará 3.000' }),
      })
      await expect(claim.locator('dd').first().textContent()).resolves.toBe('Inés Marroquín')
      await expect(claim.locator('.note').textContent()).resolves.toContain('The study says 1,200 <b>not</b> 3,000')
      await expect(claim.locator('.evidence').textContent()).resolves.toContain('contradicts it')
      await expect(claim.locator('.evidence blockquote').textContent()).resolves.toBe(
        'The 2019 study estimated 1,200 jobs, not 3,000',
      )
      await expect(reader.locator('#claims .verdict-accurate').textContent()).resolves.toContain('la obra costará 40 millones')
      await expect(reader.locator('#quotes .speaker h3').first().textContent()).resolves.toContain('Inés Marroquín')
      await expect(reader.locator('#entities').textContent()).resolves.toContain('Inés Marroquín')
      await expect(reader.locator('#sources h3').allTextContents()).resolves.toEqual(
        expect.arrayContaining(['Port will create jobs', 'El puerto creará empleo']),
      )
      // The article's own markup stays text.
      expect(await reader.locator('#claims b').count()).toBe(0)
    } finally {
      await browser.close()
    }

    // As PDF: the same dialog, the PDF format.
    await page.click('.sw-toolbar button:has-text("Export…")')
    await page.selectOption('.sw-dialog select[name="format"]', 'report-pdf')
    await page.click('.sw-dialog button.sw-primary')
    await page.waitForSelector('.sw-notice:has-text(".report.pdf")')
    const pdfPath = w.exports.at(-1)!
    const bytes = new Uint8Array(readFileSync(pdfPath))
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
    const doc = await pdfjs.getDocument({ data: bytes, isEvalSupported: false, useSystemFonts: false }).promise
    expect(doc.numPages).toBeGreaterThanOrEqual(1)
    const first = await (await doc.getPage(1)).getTextContent()
    const text = first.items.map((i) => ('str' in i ? i.str : '')).join(' ')
    expect(text).toContain('Fact-check memo')
    expect(text).toContain('Claims by verdict')
    console.log(`report PDF: ${doc.numPages} page(s), ${readFileSync(pdfPath).length} bytes`)
    await doc.destroy()
  }, 120_000)
})

describe('friction', { timeout: 120_000 }, () => {
  it('a dialog owns the keyboard: Enter performs its main action, no key reaches the annotation behind it', async () => {
    const w = await seeded()
    const { page } = w
    await openArticle(page, 'El puerto creará empleo')
    await page.click('.sw-annotation-row[data-annotation-id="c2"]')
    await page.waitForSelector('.sw-annotation-row.is-selected[data-annotation-id="c2"]')
    await page.click('.sw-toolbar button:has-text("Export…")')
    await page.waitForSelector('.sw-dialog')
    // Focus starts on the checked choice or the main action, never on Cancel.
    expect(await page.evaluate(() => document.activeElement?.textContent === 'Cancel')).toBe(false)
    for (const key of ['Delete', 'j', 'k', 'q', 'l', 'Control+z']) await page.keyboard.press(key)
    expect(await page.locator('.sw-banner').isVisible()).toBe(false)
    // Focus moved behind the dialog by a script is brought back before any key acts there.
    await page.evaluate(() => (document.querySelector('.sw-article') as HTMLElement | null)?.focus())
    await page.keyboard.press('Delete')
    await page.keyboard.press('Escape')
    await page.waitForSelector('.sw-dialog', { state: 'detached' })
    await expect(page.locator('.sw-annotation-row[data-annotation-id="c2"]').count()).resolves.toBe(1)
    expect((await statusesOnDisk(w, 'es/puerto.txt')).c2).toBe('accurate')

    // A confirm dialog: Enter confirms (merging two entities).
    await w.service.createEntity({ id: 'ines2', name: 'Marroquín', type: 'person' })
    await page.click('.sw-tab[data-tab="entities"]')
    await page.click('.sw-entity-row:has-text("Inés Marroquín")')
    await page.locator('input[placeholder="Merge another entity into this one…"]').fill('Marroq')
    await page.click('.sw-ac-row:has-text("Marroquín")')
    await page.waitForSelector('.sw-dialog[aria-label="Merge entities"]')
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Merge')
    await page.keyboard.press('Enter')
    await page.waitForSelector('.sw-dialog', { state: 'detached' })
    await until(
      async () => (await w.service.listEntities()).map((e) => e.name),
      (names) => !names.includes('Marroquín'),
      'entities after merging',
    )
  })

  it('toasts stay off the reading column and Escape closes them; tooltips, legend and notes read right', async () => {
    const { page } = await seeded()
    await openArticle(page, 'El puerto creará empleo')
    await page.click('.sw-toolbar button[data-tag="claim"]') // nothing selected: a notice
    await page.waitForSelector('.sw-notice')
    const notice = await page.locator('.sw-notice').boundingBox()
    const column = await page.locator('.sw-article').boundingBox()
    expect(notice!.x).toBeGreaterThanOrEqual(column!.x + column!.width)
    await page.keyboard.press('Escape')
    await page.waitForSelector('.sw-notice', { state: 'detached' })

    await expect(page.locator('button[data-tag="entity"]').getAttribute('title')).resolves.toBe(
      'Tag the selection as an entity (E)',
    )
    const row = page.locator('.sw-annotation-row[data-annotation-id="c1"]')
    await expect(row.locator('.sw-row-note').textContent()).resolves.toContain('The study says 1,200')
    await row.click()
    await expect(page.locator('.sw-editor .sw-claim-legend').textContent()).resolves.toMatch(/accurate.*false.*misleading/s)
  })
})
