/**
 * The window in the user's language, end to end in the browser harness: the main flows (open a
 * workspace, tag a quote, a claim and an entity, search, the claims board, the export dialog, the
 * report it writes, comparing an article with its translation) run in English and in Spanish, the language following the browser's (the OS's) locale; in Spanish no
 * message of the English catalog shows anywhere (text, titles, labels, placeholders). Switching the
 * language in a session keeps the open article and the selection, and the choice is remembered.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CATALOGS } from '../../src/shared/i18n'
import { openArticle, openWorkbench, phrasePoints, selectWithMouse, type Workbench } from './harness'

const PUERTO = [
  'El puerto creará empleo',
  'La alcaldesa, Inés Marroquín, afirmó: «El puerto creará 3.000 empleos directos». Según el informe, la obra costará 40 millones.',
  'La asociación vecinal dice que el dragado destruirá la playa.',
].join('\n\n')
const PLAYA = ['La playa de la Ensenada', 'Los vecinos temen por la playa y por la pesca.'].join('\n\n')
/** PUERTO translated, with one figure changed: compare finds it. */
const PORT = [
  'The port will create jobs',
  'The mayor, Inés Marroquín, said: “The port will create 30,000 direct jobs.” According to the report, the works will cost 40 million.',
  'The neighbourhood association says the dredging will destroy the beach.',
].join('\n\n')

/** What each language shows for the same things (the catalogs' own words). */
const EXPECT = {
  en: {
    locale: 'en-US',
    open: 'Open folder…',
    library: 'Articles (3)',
    kinds: ['Quote', 'Claim', 'Entity'],
    matches: '1 match',
    board: '1 claim',
    status: 'unchecked',
    exportTitle: 'Export annotations',
    saved: 'All changes saved',
    report: 'Claims by verdict',
    /** compare's findings name the articles in a sentence of the language. */
    finding: /\b(says|is in .* only|dates it|names|negates)\b/,
  },
  es: {
    locale: 'es-ES',
    open: 'Abrir carpeta…',
    library: 'Artículos (3)',
    kinds: ['Cita', 'Afirmación', 'Entidad'],
    matches: '1 coincidencia',
    board: '1 afirmación',
    status: 'sin verificar',
    exportTitle: 'Exportar las anotaciones',
    saved: 'Todo guardado',
    report: 'Afirmaciones por veredicto',
    finding: /\b(dice|solo está en|da la fecha|nombra a|niega)\b/,
  },
} as const

let wb: Workbench | undefined
afterEach(async () => {
  await wb?.close()
  wb = undefined
})

function leaves(catalog: object): string[] {
  return Object.values(catalog).flatMap((v) => (typeof v === 'string' ? [v] : leaves(v as object)))
}

/**
 * Runs of English the Spanish window must never show: each English message's fixed text (between
 * placeholders) of two words or more that the Spanish catalog does not also use.
 */
const spanishText = leaves(CATALOGS.es).join('\n')
const ENGLISH_RUNS = [
  ...new Set(
    leaves(CATALOGS.en)
      .flatMap((m) => m.split(/\{\{[^}]*\}\}/))
      .map((s) => s.replace(/^[\s(:,.“”—·+&]+|[\s(:,.“”—·…]+$/g, '').replace(/&/g, ''))
      .filter((s) => /[a-z]{2,}\s+[a-z]{2,}/i.test(s) && !spanishText.includes(s)),
  ),
]

/** Everything the page shows or says to a screen reader: text, titles, labels, placeholders. */
async function pageWords(w: Workbench): Promise<string> {
  return w.page.evaluate(() => {
    const attrs = [...document.querySelectorAll('[title], [aria-label], [placeholder]')].flatMap((el) =>
      ['title', 'aria-label', 'placeholder'].map((a) => el.getAttribute(a) ?? ''),
    )
    const options = [...document.querySelectorAll('option')].map((o) => o.textContent ?? '')
    return [document.body.innerText, ...attrs, ...options].join('\n')
  })
}

describe.each(['en', 'es'] as const)('the main flows in %s', (lang) => {
  const x = EXPECT[lang]

  it(
    'opens a workspace, tags, searches, shows the claims board, exports the report and compares in the language',
    { timeout: 240_000 },
    async () => {
      wb = await openWorkbench({ files: { 'puerto.txt': PUERTO, 'playa.txt': PLAYA, 'port.txt': PORT }, locale: x.locale })
      const { page } = wb
      const seen: string[] = []
      const look = async () => seen.push(await pageWords(wb!))
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang)
      await page.waitForSelector(`.sw-toolbar button:has-text(${JSON.stringify(x.open)})`)
      await page.waitForSelector(`.sw-pane-title:text-is(${JSON.stringify(x.library)})`)
      await look()

      // Tag a quote, a claim and an entity from the keyboard.
      await openArticle(page, 'El puerto creará empleo')
      await selectWithMouse(page, '«El puerto creará 3.000 empleos directos»')
      await page.keyboard.press('q')
      await selectWithMouse(page, 'la obra costará 40 millones')
      await page.keyboard.press('c')
      await selectWithMouse(page, 'Inés Marroquín')
      await page.keyboard.press('e')
      await page.waitForSelector('.sw-save-status.is-saved')
      await expect(page.locator('.sw-save-status').textContent()).resolves.toBe(x.saved)
      const kinds = await page.locator('.sw-annotation-row .sw-kind').allTextContents()
      expect(new Set(kinds)).toEqual(new Set(x.kinds))
      // The claim, clicked in the text (the panel's list may be scrolled to the entity just tagged).
      const { start } = await phrasePoints(page, 'obra costará')
      await page.mouse.click(start.x + 2, start.y)
      await page.waitForSelector('.sw-editor-claim')
      await expect(page.locator('.sw-editor select[name="status"] option:checked').textContent()).resolves.toBe(x.status)
      await look()

      // Search.
      await page.click('.sw-tab[data-tab="search"]')
      await page.fill('input[name="workspace-search"]', 'dragado')
      await page.waitForSelector('.sw-search-results[data-complete="true"][data-query="dragado"]')
      await expect(page.locator('.sw-search-results .sw-pane-title').textContent()).resolves.toBe(x.matches)
      await look()

      // The claims board.
      await page.click('button[name="claims-board"]')
      await page.waitForSelector(`.sw-board-count:text-is(${JSON.stringify(x.board)})`)
      await expect(page.locator('.sw-board .sw-status-chip').textContent()).resolves.toBe(x.status)
      await look()
      await page.keyboard.press('Escape')

      // The export dialog (and the help overlay).
      await page.click(`.sw-toolbar button:has-text(${JSON.stringify(lang === 'es' ? 'Exportar…' : 'Export…')})`)
      await page.waitForSelector(`.sw-dialog[aria-label=${JSON.stringify(x.exportTitle)}]`)
      await look()
      // The report it writes is in the window's language.
      await page.selectOption('.sw-dialog select[name="format"]', 'report')
      await page.click('.sw-dialog button.sw-primary')
      await expect.poll(() => wb!.exports.length, { timeout: 60_000 }).toBeGreaterThan(0)
      const reportPath = wb.exports.at(-1)!
      await expect.poll(() => existsSync(reportPath), { timeout: 60_000 }).toBe(true)
      const report = readFileSync(reportPath, 'utf8')
      expect(report).toContain(`<html lang="${lang}">`)
      expect(report).toContain(x.report)
      seen.push(report.replace(/<[^>]*>/g, ' '))
      await page.click('.sw-toolbar button:text-is("?")')
      await page.waitForSelector('.sw-shortcuts')
      await look()
      await page.keyboard.press('Escape')

      // Compare the article with its translation: the findings are in the language too.
      await page.click('button[name="compare"]')
      await page.selectOption('.sw-dialog select[name="article"]', { label: 'The port will create jobs — port.txt' })
      await page.click('.sw-dialog button[type="submit"]')
      await page.waitForSelector('.sw-compare-item')
      const findings = await page.locator('.sw-compare-item-message').allTextContents()
      expect(
        findings.some((f) => x.finding.test(f) && f.includes('30,000')),
        findings.join('\n'),
      ).toBe(true)
      await look()

      if (lang === 'es') {
        // The check can see: it holds the English of the toolbar, the save status and the dialogs.
        expect(ENGLISH_RUNS).toEqual(expect.arrayContaining(['All changes saved', 'Open folder', 'Export annotations']))
        const english = ENGLISH_RUNS.filter((run) => seen.some((words) => words.includes(run)))
        expect(english).toEqual([])
      }
      expect(wb.errors).toEqual([])
    },
  )
})

describe('switching the language', () => {
  it(
    're-renders in place: the open article and the selection stay, and the choice is remembered',
    { timeout: 180_000 },
    async () => {
      wb = await openWorkbench({ files: { 'puerto.txt': PUERTO, 'playa.txt': PLAYA }, locale: 'en-US' })
      const { page } = wb
      await openArticle(page, 'El puerto creará empleo')
      await selectWithMouse(page, 'la obra costará 40 millones')
      await page.keyboard.press('c')
      await page.waitForSelector('.sw-save-status.is-saved')
      const selected = await page.locator('.sw-annotation-row.is-selected').getAttribute('data-annotation-id')
      expect(selected).toBeTruthy()
      // Something typed in a field survives the switch too (it is saved first).
      await page.fill('.sw-editor textarea[name="note"]', 'Pedir el informe')

      // As View → Language → Español does: main remembers it and tells the window.
      await page.evaluate(() =>
        (window as unknown as { workbench: { setLanguage(l: string): Promise<unknown> } }).workbench.setLanguage('es'),
      )
      await page.waitForSelector('.sw-toolbar button:has-text("Abrir carpeta…")')
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('es')
      await expect(page.locator('.sw-article-title').textContent()).resolves.toBe('El puerto creará empleo')
      await expect(page.locator('.sw-annotation-row.is-selected').getAttribute('data-annotation-id')).resolves.toBe(selected)
      await expect(page.locator('.sw-editor').getAttribute('data-annotation-id')).resolves.toBe(selected)
      await expect(page.locator('.sw-editor textarea[name="note"]').inputValue()).resolves.toBe('Pedir el informe')
      await expect(page.locator('.sw-editor .sw-kind').textContent()).resolves.toBe('Afirmación')
      await expect(page.locator('.sw-tab[data-tab="articles"]').textContent()).resolves.toBe('Artículos')
      await expect(page.locator('.sw-sidebar .sw-pane-title').first().textContent()).resolves.toBe('Artículos (2)')
      // The undo history too: Ctrl+Z still undoes what was done in English, and says so in Spanish.
      await page.locator('.sw-article').click()
      await page.keyboard.press('Control+z')
      await page.waitForSelector('.sw-notice:has-text("Deshecho")')
      await page.keyboard.press('Control+Shift+z')
      await page.waitForSelector('.sw-save-status.is-saved')

      const settings = JSON.parse(readFileSync(join(wb.userDataDir, 'settings.json'), 'utf8'))
      expect(settings.language).toBe('es')
      // Remembered: the next start is in Spanish although the OS says English.
      await wb.restart()
      await wb.page.waitForSelector('.sw-toolbar button:has-text("Abrir carpeta…")')
      // Back to the system's language.
      await wb.page.evaluate(() =>
        (window as unknown as { workbench: { setLanguage(l: string): Promise<unknown> } }).workbench.setLanguage('system'),
      )
      await wb.page.waitForSelector('.sw-toolbar button:has-text("Open folder…")')
      expect(wb.errors).toEqual([])
    },
  )
})
