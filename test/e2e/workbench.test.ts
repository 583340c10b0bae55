/**
 * The workbench end to end, as a journalist uses it: open a workspace, read an article, tag spans with
 * the keyboard and the mouse, edit and delete them, restart, export. Asserts on what is on screen and
 * on what is on disk.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readStoredAnnotations } from '../../src/main/store/annotation-file'
import { validateAgainstSchema } from '../helpers/schema'
import { openArticle, openWorkbench, selectWithKeyboard, selectWithMouse, type Workbench } from './harness'

const SPANISH = [
  'La alcaldesa defiende el puerto',
  'La alcaldesa, Inés Marroquín, afirmó: «Valdemar no puede quedarse atrás». Los vecinos no están de acuerdo.',
  'El informe técnico estimaba 1.200 empleos, no 3.000.',
].join('\n\n')
const ENGLISH = '# Mayor defends the port\n\nMayor Inés Marroquín said: “Valdemar cannot stay behind.” Residents disagree.\n'

let wb: Workbench | undefined
afterEach(async () => {
  await wb?.close()
  wb = undefined
})

async function openSpanish(): Promise<Workbench> {
  wb = await openWorkbench({ files: { 'es/puerto.txt': SPANISH, 'en/port.md': ENGLISH } })
  await openArticle(wb.page, 'La alcaldesa defiende el puerto')
  return wb
}

/** The one annotated article's annotations as stored: its JSON file with its change journal replayed. */
async function annotationFile(w: Workbench) {
  const dir = join(w.workspace, '.spanwise', 'annotations')
  const [name] = readdirSync(dir).filter((n) => n.endsWith('.json'))
  const stored = await readStoredAnnotations(join(w.workspace, '.spanwise'), name.slice(0, -'.json'.length))
  return stored as unknown as {
    annotations: { id: string; kind: string; exact: string; attributes: Record<string, string>; note: string }[]
  }
}

async function waitSaved(w: Workbench) {
  await w.page.waitForSelector('.sw-save-status:has-text("All changes saved")')
}

describe('the workbench in Chromium with the real main services', () => {
  it('lists the articles with titles and opens one with its paragraphs and typographic quotes intact', async () => {
    const w = await openSpanish()
    const rows = await w.page.locator('.sw-library-title').allTextContents()
    expect(rows).toEqual(['Mayor defends the port', 'La alcaldesa defiende el puerto'])
    const paragraphs = await w.page.locator('.sw-article .sw-block').allTextContents()
    expect(paragraphs).toEqual(SPANISH.split('\n\n'))
    await openArticle(w.page, 'Mayor defends the port')
    await w.page.waitForSelector('.sw-article h1.sw-headline:has-text("Mayor defends the port")')
    expect(await w.page.locator('.sw-article p').first().textContent()).toContain('“Valdemar cannot stay behind.”')
    expect(w.errors).toEqual([])
  })

  it('tags a quote selected with the keyboard and a claim selected with the mouse, saved to disk', async () => {
    const w = await openSpanish()
    await selectWithKeyboard(w.page, '«Valdemar no puede quedarse atrás»')
    await w.page.keyboard.press('q')
    await w.page.waitForSelector('.sw-article .sw-quote')
    expect(await w.page.locator('.sw-article .sw-quote').textContent()).toBe('«Valdemar no puede quedarse atrás»')

    await selectWithMouse(w.page, 'estimaba 1.200 empleos')
    await w.page.keyboard.press('c')
    await w.page.waitForSelector('.sw-article .sw-claim')
    expect(await w.page.locator('.sw-article .sw-claim').textContent()).toBe('estimaba 1.200 empleos')

    await waitSaved(w)
    const stored = (await annotationFile(w)).annotations
    expect(stored.map((a) => [a.kind, a.exact])).toEqual([
      ['quote', '«Valdemar no puede quedarse atrás»'],
      ['claim', 'estimaba 1.200 empleos'],
    ])
    // The panel lists them in text order, and the library counts them.
    expect(await w.page.locator('.sw-annotation-row .sw-kind').allTextContents()).toEqual(['Quote', 'Claim'])
    await w.page.waitForFunction(() => document.querySelector('.sw-library-row.is-active .sw-count-quote')?.textContent === '1')
  })

  it('keeps overlapping and nested spans visible and clickable: entity inside quote inside claim', async () => {
    const w = await openSpanish()
    await selectWithMouse(w.page, 'Inés Marroquín, afirmó: «Valdemar no puede quedarse atrás»')
    await w.page.click('button[data-tag="claim"]')
    await selectWithMouse(w.page, '«Valdemar no puede quedarse atrás»')
    await w.page.keyboard.press('q')
    await selectWithMouse(w.page, 'Valdemar')
    await w.page.keyboard.press('e')
    await waitSaved(w)
    // Each annotation has its own element; the entity sits inside the quote inside the claim.
    const nesting = await w.page.evaluate(() => {
      const entity = document.querySelector('.sw-article .sw-entity')!
      return [entity.closest('.sw-quote') !== null, entity.closest('.sw-claim') !== null, entity.textContent]
    })
    expect(nesting).toEqual([true, true, 'Valdemar'])
    expect(
      await w.page
        .locator('.sw-article [data-annotation-id]')
        .evaluateAll((els) => new Set(els.map((e) => e.getAttribute('data-annotation-id'))).size),
    ).toBe(3)

    // A click selects the shortest span under the pointer; clicking again cycles to the longer ones.
    await w.page.locator('.sw-article .sw-entity').click()
    await w.page.waitForSelector('.sw-editor-entity')
    // The quote's last part wraps onto the next line: click the middle of its first line box.
    const quoteOnly = await w.page
      .locator('.sw-article .sw-quote')
      .last()
      .evaluate((el) => el.getClientRects()[0].toJSON() as DOMRect)
    await w.page.mouse.click(quoteOnly.x + quoteOnly.width / 2, quoteOnly.y + quoteOnly.height / 2)
    await w.page.waitForSelector('.sw-editor-quote')
    await w.page.waitForTimeout(600) // a second click within 500 ms is a double-click (selects a word)
    await w.page.mouse.click(quoteOnly.x + quoteOnly.width / 2, quoteOnly.y + quoteOnly.height / 2)
    await w.page.waitForSelector('.sw-editor-claim')
  })

  it("edits a quote's speaker, a claim's status and note and an entity's type, then deletes one", async () => {
    const w = await openSpanish()
    await selectWithMouse(w.page, '«Valdemar no puede quedarse atrás»')
    await w.page.keyboard.press('q')
    await w.page.fill('.sw-editor input[name="speaker"]', 'Inés Marroquín')
    await w.page.press('.sw-editor input[name="speaker"]', 'Enter')

    await selectWithMouse(w.page, '1.200 empleos')
    await w.page.keyboard.press('c')
    await w.page.selectOption('.sw-editor select[name="status"]', 'accurate')
    await w.page.fill('.sw-editor textarea[name="note"]', 'Informe de la Autoridad Portuaria, nov. 2024')
    await w.page.locator('.sw-editor textarea[name="note"]').blur()

    await selectWithMouse(w.page, 'Valdemar')
    await w.page.keyboard.press('e')
    await w.page.selectOption('.sw-editor select[name="entityType"]', 'place')
    await waitSaved(w)

    let stored = (await annotationFile(w)).annotations
    expect(stored.find((a) => a.kind === 'quote')!.attributes.speaker).toBe('Inés Marroquín')
    expect(stored.find((a) => a.kind === 'claim')).toMatchObject({
      attributes: { status: 'accurate' },
      note: 'Informe de la Autoridad Portuaria, nov. 2024',
    })
    expect(stored.find((a) => a.kind === 'entity')!.attributes.entityType).toBe('place')
    expect(await w.page.locator('.sw-article .sw-claim.sw-status-accurate').count()).toBe(1)

    // Delete the claim from the panel with the keyboard.
    await w.page.click('.sw-annotation-row.sw-row-claim')
    await w.page.keyboard.press('Delete')
    await waitSaved(w)
    stored = (await annotationFile(w)).annotations
    expect(stored.map((a) => a.kind).sort()).toEqual(['entity', 'quote'])
    expect(await w.page.locator('.sw-article .sw-claim').count()).toBe(0)
  })

  it('finds everything again after a restart, and never touches the article file', async () => {
    const w = await openSpanish()
    const articlePath = join(w.workspace, 'es/puerto.txt')
    const before = statSync(articlePath).mtimeMs
    await selectWithMouse(w.page, 'Los vecinos')
    await w.page.keyboard.press('e')
    await waitSaved(w)
    await w.restart()
    await openArticle(w.page, 'La alcaldesa defiende el puerto')
    await w.page.waitForSelector('.sw-article .sw-entity')
    expect(await w.page.locator('.sw-article .sw-entity').textContent()).toBe('Los vecinos')
    expect(await w.page.locator('.sw-library-row.is-active .sw-count-entity').textContent()).toBe('1')
    expect(readFileSync(articlePath, 'utf8')).toBe(SPANISH)
    expect(statSync(articlePath).mtimeMs).toBe(before)
  })

  it('clicking a row in the panel scrolls to its highlight and flashes it', async () => {
    const long = [
      'Principio del artículo.',
      ...Array.from({ length: 300 }, (_, i) => `Párrafo ${i} con texto de relleno sobre el puerto y la ensenada.`),
      'La frase final del artículo.',
    ].join('\n\n')
    wb = await openWorkbench({ files: { 'largo.txt': long } })
    const w = wb
    await w.page.click('.sw-library-row')
    await w.page.waitForSelector('.sw-article')
    const start = long.indexOf('La frase final')
    await w.service.createAnnotation((await w.service.getWorkspace())!.articles[0].id, {
      id: 'final',
      kind: 'claim',
      start,
      end: start + 14,
    })
    await w.restart()
    await w.page.click('.sw-library-row')
    await w.page.waitForSelector('.sw-annotation-row')
    expect(await w.page.locator('.sw-article [data-annotation-id="final"]').count()).toBe(0) // off screen: not in the DOM
    await w.page.click('.sw-annotation-row[data-annotation-id="final"]')
    const highlight = w.page.locator('.sw-article [data-annotation-id="final"]')
    await highlight.waitFor()
    expect(await highlight.evaluate((el) => getComputedStyle(el).animationName)).toBe('sw-flash')
    expect(await highlight.isVisible()).toBe(true)
    const box = (await highlight.boundingBox())!
    expect(box.y).toBeGreaterThan(0)
    expect(box.y).toBeLessThan(900)
  })

  it('exports the whole workspace as JSON that validates against the schema', async () => {
    const w = await openSpanish()
    await selectWithMouse(w.page, '«Valdemar no puede quedarse atrás»')
    await w.page.keyboard.press('q')
    await waitSaved(w)
    await w.page.click('button:has-text("Export…")')
    await w.page.check('input[value="workspace"]')
    await w.page.click('.sw-dialog button[type="submit"]')
    await w.page.waitForSelector('.sw-notice:has-text("Exported 2 articles and 1 annotations")')
    const data = JSON.parse(readFileSync(w.exports[0], 'utf8'))
    expect(validateAgainstSchema(data)).toEqual([])
    const es = data.articles.find((a: { path: string }) => a.path === 'es/puerto.txt')
    expect(es.annotations[0].exact).toBe('«Valdemar no puede quedarse atrás»')
    expect([...es.text].slice(es.annotations[0].start, es.annotations[0].end).join('')).toBe(es.annotations[0].exact)
  })

  it('exports chosen articles in another format (CSV for a spreadsheet)', async () => {
    const w = await openSpanish()
    await selectWithMouse(w.page, '«Valdemar no puede quedarse atrás»')
    await w.page.keyboard.press('q')
    await waitSaved(w)
    await w.page.click('button:has-text("Export…")')
    await w.page.selectOption('.sw-dialog select[name="format"]', 'csv')
    await w.page.check('input[value="articles"]')
    await w.page.waitForSelector('.sw-export-picks input:checked') // the open article is ticked already
    await w.page.click('.sw-dialog button[type="submit"]')
    await w.page.waitForSelector('.sw-notice:has-text("Exported 1 article and 1 annotations")')
    const csv = readFileSync(w.exports[0], 'utf8')
    expect(w.exports[0].endsWith('.csv')).toBe(true)
    expect(csv.startsWith('\uFEFF')).toBe(true)
    expect(csv).toContain('«Valdemar no puede quedarse atrás»')
  })

  it('offers the sample workspace on a first start without one', async () => {
    wb = await openWorkbench({ open: false })
    await wb.page.click('button:has-text("Open the sample workspace")')
    await wb.page.waitForSelector('.sw-library-row:has-text("Valdemar council approves port expansion")')
    expect(await wb.page.locator('.sw-library-row').count()).toBeGreaterThanOrEqual(3)
  })
})
