/**
 * Room to read, end to end in the browser harness: side panels fold away and the text size changes,
 * both remembered across a restart; reading mode, remembered too; a shortcut taken from the moment
 * the window loads; dark mode following the OS with highlights that stay readable; the article, the
 * list and the editor together at 1280×720; the compare view's width; recent workspaces on the welcome
 * screen (a missing folder shown and removable); nothing that needs a workspace acts without one;
 * library rows (headline title, labelled counts, language) and the headline shown once; the help lists
 * every key binding.
 */
import { t } from '../../src/shared/i18n'
import { renameSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { articleIdFor } from '../../src/main/workspace/workspace'
import { KEY_BINDINGS } from '../../src/renderer/app/keys'
import { openArticle, openWorkbench, tempDir, writeFiles, type Workbench } from './harness'

const ES = [
  'El puerto creará empleo',
  'La alcaldesa, Inés Marroquín, afirmó: «El puerto creará 3.000 empleos directos». Según el informe, la obra costará 40 millones.',
  'La asociación Salvemos la Ensenada dice que el dragado destruirá la playa.',
].join('\n\n')
/** An agency copy whose first line is its dateline, as the English seed's is. */
const EN = [
  'Saturday, November 16',
  'Port will create jobs, the mayor says',
  'The mayor said the port would create 3,000 jobs. The 2019 study estimated 1,200 jobs, not 3,000.',
].join('\n\n')

let wb: Workbench | undefined
afterEach(async () => {
  await wb?.close()
  wb = undefined
})

const fontSize = (w: Workbench) =>
  w.page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.sw-article-scroll')!).fontSize))

describe('room to read', { timeout: 120_000 }, () => {
  it('folds the side panels and sizes the text, remembered after a restart; reading mode hides all but the text', async () => {
    wb = await openWorkbench({ files: { 'es.txt': ES }, viewport: { width: 1280, height: 720 } })
    const { page } = wb
    await openArticle(page, 'El puerto creará empleo')
    const before = await page.locator('.sw-article').boundingBox()
    await page.click('button[name="fold-library"]')
    await page.keyboard.press('Control+Alt+b')
    await page.waitForSelector('.sw-sidebar', { state: 'hidden' })
    await page.waitForSelector('.sw-panel', { state: 'hidden' })
    expect((await page.locator('.sw-main').boundingBox())!.width).toBeGreaterThan(1200)
    expect(before).not.toBeNull()
    const usual = await fontSize(wb)
    await page.keyboard.press('Control+=')
    await page.keyboard.press('Control+=')
    await page.waitForFunction(
      (u) => parseFloat(getComputedStyle(document.querySelector('.sw-article-scroll')!).fontSize) === u + 2,
      usual,
    )

    await wb.restart()
    await wb.page.waitForSelector('.sw-library-row', { state: 'attached' })
    expect(await wb.page.locator('.sw-sidebar').isVisible()).toBe(false)
    expect(await wb.page.locator('.sw-panel').isVisible()).toBe(false)
    await wb.page.click('button[name="fold-library"]')
    await openArticle(wb.page, 'El puerto creará empleo')
    expect(await fontSize(wb)).toBe(usual + 2)
    await wb.page.keyboard.press('Control+0')
    await wb.page.waitForFunction(
      (u) => parseFloat(getComputedStyle(document.querySelector('.sw-article-scroll')!).fontSize) === u,
      usual,
    )
    await wb.page.keyboard.press('Control+-')
    await wb.page.waitForFunction(
      (u) => parseFloat(getComputedStyle(document.querySelector('.sw-article-scroll')!).fontSize) === u - 1,
      usual,
    )

    // Reading mode: the toolbar, the panels and the header's details go; Escape brings them back.
    await wb.page.keyboard.press('Control+Shift+R')
    await wb.page.waitForSelector('.sw-toolbar', { state: 'hidden' })
    await wb.page.waitForSelector('.sw-sidebar', { state: 'hidden' })
    await wb.page.waitForSelector('.sw-leave-reading', { state: 'visible' })
    await wb.page.waitForSelector('.sw-article:has-text("Salvemos la Ensenada")')
    await wb.page.keyboard.press('Escape')
    await wb.page.waitForSelector('.sw-toolbar', { state: 'visible' })
    await wb.page.waitForSelector('.sw-sidebar', { state: 'visible' })
    // The panel stays as the user left it (folded).
    expect(await wb.page.locator('.sw-panel').isVisible()).toBe(false)
  })

  it('remembers reading mode across a restart, and takes a shortcut pressed the moment the window has loaded', async () => {
    wb = await openWorkbench({ files: { 'es.txt': ES }, viewport: { width: 1280, height: 720 } })
    await openArticle(wb.page, 'El puerto creará empleo')
    await wb.page.keyboard.press('Control+Shift+R')
    await wb.page.waitForSelector('.sw-leave-reading', { state: 'visible' })

    await wb.restart()
    await wb.page.waitForSelector('.sw-leave-reading', { state: 'visible' })
    await wb.page.waitForSelector('.sw-toolbar', { state: 'hidden' })
    await wb.page.keyboard.press('Escape')
    await wb.page.waitForSelector('.sw-toolbar', { state: 'visible' })
    await wb.restart()
    await wb.page.waitForSelector('.sw-library-row', { state: 'attached' })
    expect(await wb.page.locator('.sw-leave-reading').isVisible()).toBe(false)

    // A reload, and a key at once: the window is still asking main for its language and settings.
    await wb.page.reload()
    await wb.page.keyboard.press('Control+b')
    await wb.page.waitForSelector('.sw-sidebar', { state: 'hidden' })
    await wb.page.reload()
    await wb.page.keyboard.press('Control+Shift+R') // Chromium's hard reload, unless the window takes it
    await wb.page.waitForSelector('.sw-leave-reading', { state: 'visible' })
    expect(wb.errors).toEqual([])
  })

  it('follows the OS into dark mode, and the text over every highlight keeps a 4.5:1 contrast in both', async () => {
    wb = await openWorkbench({ files: { 'es.txt': ES } })
    const { page, service } = wb
    const id = articleIdFor('es.txt')
    const at = (phrase: string) => ({ start: ES.indexOf(phrase), end: ES.indexOf(phrase) + phrase.length })
    await service.createAnnotation(id, { id: 'q', kind: 'quote', ...at('«El puerto creará 3.000 empleos directos»') })
    await service.createAnnotation(id, { id: 'e', kind: 'entity', ...at('Inés Marroquín') })
    await service.createAnnotation(id, { id: 'c', kind: 'claim', ...at('la obra costará 40 millones') })
    await page.reload()
    await openArticle(page, 'El puerto creará empleo')
    const measure = () =>
      page.evaluate(() => {
        const rgba = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number).concat(1).slice(0, 4)
        const lum = ([r, g, b]: number[]) => {
          const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
          return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
        }
        const over = (top: number[], under: number[]) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3]))
        const page = rgba(getComputedStyle(document.querySelector('.sw-article-scroll')!).backgroundColor)
        const out: Record<string, number> = { pageLuminance: lum(page) }
        for (const kind of ['quote', 'entity', 'claim']) {
          const el = document.querySelector(`.sw-article .sw-${kind}`)!
          const bg = over(rgba(getComputedStyle(el).backgroundColor), page)
          const fg = rgba(getComputedStyle(el).color)
          const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x)
          out[kind] = (a + 0.05) / (b + 0.05)
        }
        return out
      })
    const light = await measure()
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor !== 'rgb(246, 248, 250)')
    const dark = await measure()
    expect(light.pageLuminance).toBeGreaterThan(0.9)
    expect(dark.pageLuminance).toBeLessThan(0.05)
    for (const scheme of [light, dark])
      for (const kind of ['quote', 'entity', 'claim']) expect(scheme[kind]).toBeGreaterThanOrEqual(4.5)
  })

  it('at 1280×720 shows the article, five rows of the list and the editor together; the compare view takes the width', async () => {
    const files: Record<string, string> = { 'es.txt': ES, 'en.txt': EN }
    wb = await openWorkbench({ files, viewport: { width: 1280, height: 720 } })
    const { page, service } = wb
    const id = articleIdFor('es.txt')
    for (let i = 0; i < 8; i++) {
      const start = ES.indexOf(' ', i * 12) + 1
      await service.createAnnotation(id, { id: `a${i}`, kind: 'claim', start, end: start + 5 })
    }
    await page.reload()
    await openArticle(page, 'El puerto creará empleo')
    await page.click('.sw-annotation-row >> nth=0')
    await page.waitForSelector('.sw-editor select[name="status"]')
    const list = (await page.locator('.sw-annotation-list').boundingBox())!
    expect(list.height).toBeGreaterThanOrEqual(5 * 56)
    const status = (await page.locator('.sw-editor select[name="status"]').boundingBox())!
    expect(status.y + status.height).toBeLessThanOrEqual(720)
    expect((await page.locator('.sw-article').boundingBox())!.width).toBeGreaterThan(550)

    await page.click('button[name="compare"]')
    await page.click('.sw-dialog button.sw-primary')
    await page.waitForSelector('.sw-compare')
    expect((await page.locator('.sw-compare').boundingBox())!.width).toBeGreaterThan(1250)
    expect(await page.locator('.sw-sidebar').isVisible()).toBe(false)
  })

  it('lists recent workspaces on the welcome screen; a missing folder says so and can be removed', async () => {
    const a = join(tempDir(), 'port-story')
    const b = join(tempDir(), 'council')
    writeFiles(a, { 'a.txt': 'Primera\n\nTexto.' })
    writeFiles(b, { 'b.txt': 'Segunda\n\nTexto.' })
    wb = await openWorkbench({ workspace: a, open: false })
    await wb.service.openWorkspace(a)
    await wb.service.openWorkspace(b)
    await wb.service.close()
    renameSync(a, `${a}-moved`)
    await wb.restart() // a fresh service that opens nothing: the welcome screen
    const { page } = wb
    await page.waitForSelector('.sw-welcome .sw-recent-row')
    expect(await page.locator('.sw-recent-name').allTextContents()).toEqual(['council', 'port-story'])
    const missing = page.locator(`.sw-recent-row[data-path="${a}"]`)
    await missing.locator('.sw-recent-missing:has-text("folder missing")').waitFor()
    expect(await missing.locator('.sw-recent-open').isDisabled()).toBe(true)
    await missing.locator('.sw-recent-remove').click()
    await page.waitForFunction(() => document.querySelectorAll('.sw-recent-row').length === 1)
    expect((await wb.service.listRecentWorkspaces()).map((r) => r.name)).toEqual(['council'])
    await page.click('.sw-recent-open:has-text("council")')
    await page.waitForSelector('.sw-library-row:has-text("Segunda")')
  })

  it('with no workspace open, import, export, paste and the tag buttons are disabled and nothing claims to be saved', async () => {
    wb = await openWorkbench({ open: false })
    const { page } = wb
    await page.waitForSelector('.sw-welcome')
    for (const selector of [
      'button[name="import"]',
      'button[name="export"]',
      'button[name="paste-article"]',
      '[data-tag="quote"]',
      '[data-tag="entity"]',
    ])
      expect(await page.locator(selector).isDisabled(), selector).toBe(true)
    expect(await page.locator('.sw-save-status').isVisible()).toBe(false)
    expect(await page.locator('.sw-notice').count()).toBe(0)
  })

  it('titles an article by its headline (not its dateline), labels counts, shows the language, and shows the headline once', async () => {
    wb = await openWorkbench({ files: { 'en/agency.txt': EN, 'es.txt': ES } })
    const { page } = wb
    const row = page.locator('.sw-library-row:has-text("Port will create jobs, the mayor says")')
    await row.waitFor()
    expect(await page.locator('.sw-library-row:has-text("Saturday, November 16")').count()).toBe(0)
    await page.waitForFunction(() => document.querySelectorAll('.sw-library-row .sw-language').length === 2)
    expect(await row.locator('.sw-language').textContent()).toBe('EN')
    expect((await row.locator('.sw-counts').textContent())?.replace(/\s+/g, ' ').trim()).toBe('0quotes0claims0entities')
    expect(await row.locator('.sw-library-title').getAttribute('title')).toContain('Port will create jobs, the mayor says')

    await openArticle(page, 'Port will create jobs, the mayor says')
    const main = (await page.locator('.sw-main').textContent()) ?? ''
    expect(main.split('Port will create jobs, the mayor says').length - 1).toBe(1)
    expect(await page.locator('.sw-article .sw-headline').textContent()).toBe('Port will create jobs, the mayor says')
  })

  it('lists every key binding of the window in the help, Ctrl+Shift+F among them', async () => {
    wb = await openWorkbench({ files: { 'es.txt': ES } })
    const { page } = wb
    await page.click('button[aria-label="Keyboard shortcuts"]')
    const keys = await page.locator('.sw-shortcuts kbd').allTextContents()
    expect(keys).toContain('Ctrl/Cmd + Shift + F')
    // The window speaks English here (the harness's locale): each binding's keys as the help writes them.
    for (const b of KEY_BINDINGS) expect(keys).toContain(typeof b.keys === 'string' ? b.keys : t(b.keys.key, b.keys.vars))
  })
})
