/**
 * `npm run screenshot`: the README's screenshot, taken through the browser harness on the sample
 * workspace with a few annotations, so it always shows the current app.
 */
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { it } from 'vitest'
import { tempDir } from '../helpers/fs'
import { openArticle, openWorkbench, SAMPLE_WORKSPACE, selectWithMouse } from '../e2e/harness'

it('takes the README screenshot', async () => {
  const workspace = join(tempDir(), 'port-story')
  cpSync(SAMPLE_WORKSPACE, workspace, { recursive: true })
  const wb = await openWorkbench({ workspace, viewport: { width: 1360, height: 780 } })
  const { page } = wb
  try {
    await openArticle(page, 'El Ayuntamiento de Valdemar')
    const tag = async (phrase: string, key: string, occurrence = 0) => {
      await selectWithMouse(page, phrase, occurrence)
      await page.keyboard.press(key)
    }
    await tag('creará «más de 3.000 empleos directos» en la próxima década', 'c')
    await page.selectOption('.sw-editor select[name="status"]', 'misleading')
    await tag('«más de 3.000 empleos directos»', 'q')
    await tag('Inés Marroquín', 'e')
    await page.locator('.sw-editor input[name="entity"]').fill('Inés Marroquín')
    await page.click('.sw-ac-row[data-choice="__create__"]')
    await tag(
      '«Valdemar no puede quedarse atrás mientras los puertos vecinos crecen. Esta ampliación es la mejor noticia económica que ha recibido la ciudad en veinte años»',
      'q',
    )
    await page.locator('.sw-editor input[name="speaker"]').fill('inés')
    await page.waitForSelector('.sw-ac-row')
    await page.keyboard.press('Enter')
    await tag('Tomás Ferrer', 'e')
    await tag('Salvemos la Ensenada', 'e')
    await page.selectOption('.sw-editor select[name="entityType"]', 'organisation')
    await tag('estimaba la creación de 1.200 empleos, no 3.000', 'c')
    await page.selectOption('.sw-editor select[name="status"]', 'accurate')
    await page.waitForSelector('.sw-save-status:has-text("All changes saved")')
    await page.click('.sw-annotation-row:has-text("más de 3.000 empleos directos» en")')
    await page.waitForTimeout(1300) // let the flash finish
    await page.screenshot({ path: join(import.meta.dirname, '../../docs/screenshot.png') })
  } finally {
    await wb.close()
  }
})
