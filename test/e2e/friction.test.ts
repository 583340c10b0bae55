/**
 * Frictions a newcomer met (issue 18), each fixed and checked as a user would: the entity type chosen
 * when the entity is made, the editor's Type changing the registry entity; untagged mentions shown in
 * their sentence, shown in the text on click, and "Accept all" saying what it accepts; the link dialog
 * with both spans and the direction in words, and linked spans marked in the text; quick successive
 * clicks cycling through nested highlights; search results one per span, reached with the arrow keys.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { articleIdFor } from '../../src/main/workspace/workspace'
import { openArticle, openWorkbench, phrasePoints, selectWithMouse, type Workbench } from './harness'

const TEXT = [
  'Cumbre en el Lejano Oriente',
  'El líder de Corea del Norte viajó a Rusia. Según la agencia oficial, «la alianza con Moscú es firme», dijo el portavoz.',
  'Los vecinos de Corea del Norte observan la cumbre. La Ensenada de Vladivostok recibió a la delegación.',
].join('\n\n')
const ID = articleIdFor('cumbre.txt')
const at = (phrase: string, from = 0) => {
  const start = TEXT.indexOf(phrase, from)
  if (start < 0) throw new Error(`no "${phrase}"`)
  return { start, end: start + phrase.length }
}

let wb: Workbench | undefined
afterEach(async () => {
  await wb?.close()
  wb = undefined
})

async function open(): Promise<Workbench> {
  wb = await openWorkbench({ files: { 'cumbre.txt': TEXT }, viewport: { width: 1280, height: 720 } })
  return wb
}
const saved = (w: Workbench) => w.page.waitForSelector('.sw-save-status:has-text("All changes saved")')

describe('frictions found on the way', { timeout: 120_000 }, () => {
  it('makes the entity of the type chosen when creating it, and the editor’s Type changes the registry entity', async () => {
    const w = await open()
    const { page } = w
    await openArticle(page, 'Cumbre en el Lejano Oriente')
    await selectWithMouse(page, 'Corea del Norte')
    await page.keyboard.press('e')
    await page.locator('.sw-editor input[name="entity"]').fill('Corea del Norte')
    const place = page.locator('.sw-ac-row[data-choice="__create__:place"]')
    expect(await place.textContent()).toContain('Create “Corea del Norte” as a place')
    await place.click()
    await saved(w)
    const [entity] = await w.service.listEntities()
    expect(entity).toMatchObject({ name: 'Corea del Norte', type: 'place' })
    await page.waitForSelector('.sw-annotation-row .sw-row-attr:has-text("place")')

    // Type in the editor, for a linked mention: the registry entity changes, and the editor shows it.
    await page.selectOption('.sw-editor select[name="entityType"]', 'organisation')
    await page.waitForSelector('.sw-notice:has-text("is now an organisation in the registry")')
    await saved(w)
    await expect.poll(async () => (await w.service.listEntities())[0].type, { timeout: 20_000 }).toBe('organisation')
    await page.waitForSelector('.sw-annotation-row .sw-row-attr:has-text("organisation")')
    expect(await page.locator('.sw-editor select[name="entityType"]').inputValue()).toBe('organisation')
  })

  it('shows each untagged mention in its sentence, shows it in the text on click, and says what Accept all accepts', async () => {
    const w = await open()
    const { page, service } = w
    await service.createEntity({ id: 'kp', name: 'Corea del Norte', type: 'place' })
    await page.reload()
    await page.click('.sw-tab[data-tab="entities"]')
    await page.click('.sw-entity-row[data-entity-id="kp"]')
    await page.click('button[name="find-occurrences"]')
    const rows = page.locator('.sw-occurrence-text')
    await expect.poll(() => rows.count()).toBe(2)
    expect(await rows.nth(0).textContent()).toBe('El líder de Corea del Norte viajó a Rusia.')
    expect(await rows.nth(1).textContent()).toBe('Los vecinos de Corea del Norte observan la cumbre.')
    expect(await page.locator('.sw-accept-all-says').textContent()).toContain(
      'Accept all tags these 2 occurrences in 1 article as mentions of “Corea del Norte”',
    )
    await rows.nth(1).click()
    await page.waitForSelector('.sw-main[aria-busy="false"] .sw-article')
    await page.waitForFunction(() => window.getSelection()?.toString() === 'Corea del Norte')
    const second = at('Corea del Norte', at('Corea del Norte').end)
    const selectedAt = await page.evaluate(() => {
      const r = window.getSelection()!.getRangeAt(0)
      return r.startContainer.parentElement?.closest('p')?.textContent?.startsWith('Los vecinos') ?? false
    })
    expect(selectedAt).toBe(true)
    expect(second.start).toBeGreaterThan(0)
  })

  it('the link dialog shows both spans and the direction in words; linked spans are marked in the text', async () => {
    const w = await open()
    const { page, service } = w
    await service.createAnnotation(ID, { id: 'claim', kind: 'claim', ...at('El líder de Corea del Norte viajó a Rusia') })
    await service.createAnnotation(ID, { id: 'quote', kind: 'quote', ...at('«la alianza con Moscú es firme»') })
    await page.reload()
    await openArticle(page, 'Cumbre en el Lejano Oriente')
    await page.click('.sw-annotation-row[data-annotation-id="claim"]')
    await page.keyboard.press('Escape') // back to the text, the claim still selected
    await page.click('.sw-annotation-row[data-annotation-id="claim"]')
    await page.locator('.sw-article').focus()
    await page.keyboard.press('l')
    await page.waitForSelector('.sw-banner:not([hidden])')
    await page.click('.sw-annotation-row[data-annotation-id="quote"]')
    const dialog = page.locator('.sw-dialog')
    await dialog.waitFor()
    expect(await dialog.locator('.sw-link-end-from').textContent()).toContain('“El líder de Corea del Norte viajó a Rusia”')
    expect(await dialog.locator('.sw-link-end-from').textContent()).toContain('claim')
    expect(await dialog.locator('.sw-link-end-to').textContent()).toContain('«la alianza con Moscú es firme»')
    expect(await dialog.locator('label:has(input:checked)').textContent()).toBe(
      'The selected quote supports the claim you started from',
    )
    await page.keyboard.press('Enter')
    await saved(w)
    for (const id of ['claim', 'quote'])
      await page.waitForFunction(
        (i) => getComputedStyle(document.querySelector(`.sw-article [data-annotation-id="${i}"]`)!).borderTopStyle === 'dotted',
        id,
      )
    const plain = await page.evaluate(
      () => getComputedStyle(document.querySelector('.sw-article p:last-of-type')!).borderTopStyle,
    )
    expect(plain).toBe('none')
  })

  it('cycles through nested highlights on quick successive clicks', async () => {
    const w = await open()
    const { page, service } = w
    await service.createAnnotation(ID, {
      id: 'outer',
      kind: 'claim',
      ...at('Según la agencia oficial, «la alianza con Moscú es firme», dijo el portavoz'),
    })
    await service.createAnnotation(ID, { id: 'inner', kind: 'quote', ...at('«la alianza con Moscú es firme»') })
    await page.reload()
    await openArticle(page, 'Cumbre en el Lejano Oriente')
    const { start } = await phrasePoints(page, 'alianza')
    const selected = () =>
      page.evaluate(() => document.querySelector('.sw-annotation-row.is-selected')?.getAttribute('data-annotation-id') ?? null)
    // Two clicks as quick as a hand makes them (the second is a double click to the browser): the
    // shortest span, then the one around it.
    await page.mouse.click(start.x + 4, start.y, { clickCount: 2 })
    await expect.poll(selected, { timeout: 20_000 }).toBe('outer')
    // Three more: round to the shortest again, and on.
    await page.mouse.click(start.x + 4, start.y, { clickCount: 3 })
    await expect.poll(selected, { timeout: 20_000 }).toBe('inner')
    // No word or line got selected on the way.
    expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('')
  })

  it('lists a span once in the search results and reaches them with the arrow keys', async () => {
    const w = await open()
    const { page, service } = w
    await service.createAnnotation(ID, { id: 'bay', kind: 'entity', ...at('Ensenada de Vladivostok') })
    await page.reload()
    // The window listens for keys once it is built (after its language is loaded): wait for the library.
    await page.waitForSelector('.sw-library-row', { timeout: 60_000 })
    await page.keyboard.press('Control+Shift+F')
    await page.fill('input[name="workspace-search"]', 'Vladivostok')
    await page.waitForSelector('.sw-search-results[data-query="Vladivostok"][data-complete="true"]')
    const hits = page.locator('.sw-search-hit')
    expect(await hits.count()).toBe(1)
    expect(await hits.first().textContent()).toContain('annotation')
    await page.fill('input[name="workspace-search"]', 'Corea')
    await page.waitForSelector('.sw-search-results[data-query="Corea"][data-complete="true"]')
    expect(await hits.count()).toBe(2)
    await page.keyboard.press('ArrowDown')
    expect(await page.evaluate(() => document.activeElement === document.querySelectorAll('.sw-search-hit')[0])).toBe(true)
    await page.keyboard.press('ArrowDown')
    expect(await page.evaluate(() => document.activeElement === document.querySelectorAll('.sw-search-hit')[1])).toBe(true)
    await page.keyboard.press('ArrowUp')
    await page.keyboard.press('ArrowUp')
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe('workspace-search')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => window.getSelection()?.toString() === 'Corea')
  })
})
