/**
 * A corrected version replaces the file while the article is open: the library updates without a
 * restart, the annotations follow their text, and the one whose text is gone is listed as orphaned
 * and re-attached by selecting new text.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readStoredAnnotations } from '../../src/main/store/annotation-file'
import { openArticle, openWorkbench, selectWithMouse, type Workbench } from './harness'

const V1 =
  'Informe del puerto\n\nEl alcalde dijo: «Es la mejor noticia». Los vecinos protestan.\n\nEl informe estima 1.200 empleos.'
const V2 =
  'Informe del puerto (corregido)\n\nPárrafo añadido por la redacción.\n\nEl alcalde dijo: «Es la mejor noticia». Los vecinos protestan.\n\nEl informe estimaba 1.300 puestos.'

let wb: Workbench | undefined
afterEach(async () => {
  await wb?.close()
  wb = undefined
})

describe('re-anchoring in the app', () => {
  it('follows an edited file: moved highlights, an orphan listed and re-attached', async () => {
    wb = await openWorkbench({ files: { 'puerto.txt': V1 } })
    const w = wb
    await openArticle(w.page, 'Informe del puerto')
    await selectWithMouse(w.page, '«Es la mejor noticia»')
    await w.page.keyboard.press('q')
    await selectWithMouse(w.page, 'estima 1.200 empleos')
    await w.page.keyboard.press('c')
    await w.page.waitForSelector('.sw-save-status:has-text("All changes saved")')

    writeFileSync(join(w.workspace, 'puerto.txt'), V2)
    // The watcher picks the change up; the library title and the open article update by themselves.
    await w.page.waitForSelector('.sw-library-title:has-text("(corregido)")', { timeout: 15_000 })
    await w.page.waitForSelector('.sw-notice:has-text("1 moved")')
    await w.page.waitForSelector('.sw-article p:has-text("Párrafo añadido")')
    expect(await w.page.locator('.sw-article .sw-quote').textContent()).toBe('«Es la mejor noticia»')
    expect(await w.page.locator('.sw-annotation-row .sw-anchor').allTextContents()).toEqual(['moved', 'orphaned'])
    expect(await w.page.locator('.sw-article .sw-claim').count()).toBe(0) // the orphan is not drawn

    await w.page.click('.sw-annotation-row:has(.sw-anchor-orphaned)')
    await w.page.waitForSelector('.sw-orphan')
    await selectWithMouse(w.page, 'estimaba 1.300 puestos')
    await w.page.click('button[name="reattach"]')
    await w.page.waitForSelector('.sw-article .sw-claim')
    await w.page.waitForSelector('.sw-save-status:has-text("All changes saved")')
    expect(await w.page.locator('.sw-article .sw-claim').textContent()).toBe('estimaba 1.300 puestos')

    // As stored: the JSON file with its change journal replayed.
    const dir = join(w.workspace, '.spanwise/annotations')
    const articleId = readdirSync(dir)
      .find((n) => n.endsWith('.json'))!
      .slice(0, -'.json'.length)
    const file = (await readStoredAnnotations(join(w.workspace, '.spanwise'), articleId))!
    const claim = file.annotations.find((a) => a.kind === 'claim')!
    expect(claim.exact).toBe('estimaba 1.300 puestos')
    expect(claim.anchor).toBeUndefined()
    expect(readFileSync(join(w.workspace, 'puerto.txt'), 'utf8')).toBe(V2) // the user's file is untouched
  })
})
