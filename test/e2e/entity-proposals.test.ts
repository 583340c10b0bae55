/**
 * Entity discovery in the window: the Entities tab proposes the names the articles mention, with
 * their mentions in context; accepting one creates the entity and tags every mention (one undo step);
 * rejecting one is remembered for the workspace, across a restart.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openArticle, openWorkbench, type Workbench } from './harness'

const ES =
  'Reunión en Lima\n\nLa ministra de Economía, Carmen Rosales, se reunió en Lima con el Fondo Monetario Internacional. Rosales dijo que el acuerdo llegará pronto.'
const EN =
  'Meeting in Lima\n\nEconomy minister Carmen Rosales met the International Monetary Fund in Lima. Rosales said a deal would come soon.'

let wb: Workbench | undefined
afterEach(async () => {
  await wb?.close()
  wb = undefined
})

describe('entity proposals', () => {
  it('lists names with their mentions in context; accept tags them all in one undo step; reject is remembered', async () => {
    wb = await openWorkbench({ files: { 'reunion.txt': ES, 'meeting.txt': EN } })
    const { page } = wb
    await openArticle(page, 'Reunión en Lima')
    await page.click('.sw-tab[data-tab="entities"]')
    const rosales = page.locator('.sw-proposal[data-key="carmen rosales"]')
    await rosales.waitFor()
    expect(await rosales.locator('.sw-entity-type').textContent()).toBe('person')
    expect(await rosales.locator('.sw-proposal-head').textContent()).toContain('also Rosales')
    expect(await rosales.locator('.sw-proposal-mention').allTextContents()).toEqual(
      expect.arrayContaining([
        'La ministra de Economía, Carmen Rosales, se reunió en Lima con el Fondo Monetario Internacional.',
        'Economy minister Carmen Rosales met the International Monetary Fund in Lima. Rosales said',
      ]),
    )
    expect(await rosales.locator('button[name="accept-proposal"]').textContent()).toBe('Create entity and tag 4 mentions')

    // Accept: the entity is created and its four mentions in the two articles are tagged.
    await rosales.locator('button[name="accept-proposal"]').click()
    await page.waitForSelector('.sw-notice:has-text("Created “Carmen Rosales”: 4 mentions tagged.")')
    await page.waitForSelector('.sw-entity-row:has-text("Carmen Rosales")')
    const tagged = page.locator('.sw-article .sw-entity')
    await page.waitForFunction(() => document.querySelectorAll('.sw-article .sw-entity').length === 2)
    expect(await tagged.allTextContents()).toEqual(['Carmen Rosales', 'Rosales'])
    await page.waitForSelector('.sw-save-status:has-text("All changes saved")')
    expect(await rosales.count()).toBe(0)

    // One undo takes back the entity and every tag.
    await page.keyboard.press('Control+z')
    await page.waitForFunction(() => document.querySelectorAll('.sw-article .sw-entity').length === 0)
    await page.waitForFunction(
      () => ![...document.querySelectorAll('.sw-entity-row')].some((r) => r.textContent?.includes('Rosales')),
    )
    await rosales.waitFor()
    await page.waitForSelector('.sw-save-status:has-text("All changes saved")')

    // Reject: gone, and not proposed again after a restart.
    const reunion = page.locator('.sw-proposal[data-key="reunion"]')
    await reunion.locator('button[name="reject-proposal"]').click()
    await page.waitForSelector('.sw-save-status:has-text("All changes saved")')
    expect(await reunion.count()).toBe(0)
    expect(JSON.parse(readFileSync(join(wb.workspace, '.spanwise/vocabulary.json'), 'utf8')).rejectedEntities).toEqual([
      'reunion',
    ])
    await wb.restart()
    await wb.page.click('.sw-tab[data-tab="entities"]')
    await wb.page.locator('.sw-proposal[data-key="carmen rosales"]').waitFor()
    expect(await wb.page.locator('.sw-proposal[data-key="reunion"]').count()).toBe(0)
  })
})
