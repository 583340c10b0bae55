/**
 * Research across articles: search the workspace, and compare an original with its translation side
 * by side at 1280×720 — aligned scrolling, what differs a click away, an item turned into linked claims.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { openArticle, openWorkbench, selectWithMouse, type Workbench } from './harness'

const fixtures = join(import.meta.dirname, '../fixtures/compare')
const ES = readFileSync(join(fixtures, 'original-es.txt'), 'utf8')
const EN = readFileSync(join(fixtures, 'translation-en.txt'), 'utf8')

let wb: Workbench | undefined
/**
 * Only a hang times out: every step waits for a condition (a busy machine makes the browser slow, and
 * a fixed 30 s was not enough for a search over 45 articles with four busy loops on two cores).
 */
const CEILING_MS = 5 * 60_000

/**
 * Waits until the results listed answer `query` (not a prefix typed on the way) from a complete index:
 * on a busy machine the first answers come while the index is still being built, and say so.
 */
async function waitForCompleteSearch(page: Page, query: string): Promise<void> {
  await page.waitForSelector(`.sw-search-results[data-complete="true"][data-query=${JSON.stringify(query)}]`)
}
afterEach(async () => {
  await wb?.close()
  wb = undefined
})

describe('search across the workspace', { timeout: CEILING_MS }, () => {
  it('finds words ignoring accents, groups results by article, and opens the article at the match', async () => {
    wb = await openWorkbench({ files: { 'original.txt': ES, 'translation.txt': EN } })
    const { page } = wb
    await page.click('.sw-tab[data-tab="search"]')
    await page.keyboard.type('vladimir')
    await waitForCompleteSearch(page, 'vladimir')
    expect(await page.locator('.sw-search-group .sw-mention-article').allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Cumbre en Vladivostok'),
        expect.stringContaining('Summit in Vladivostok'),
      ]),
    )
    expect(await page.locator('.sw-search-hit mark').first().textContent()).toMatch(/^Vlad[ií]mir$/)
    await page.fill('input[name="workspace-search"]', '"abril de 2019"')
    await waitForCompleteSearch(page, '"abril de 2019"')
    await page.waitForSelector('.sw-search-results .sw-pane-title:has-text("1 match")')
    await page.click('.sw-search-hit')
    await page.waitForSelector('.sw-article-title:has-text("Cumbre en Vladivostok")')
    await page.waitForFunction(() => document.getSelection()?.toString() === 'abril de 2019')
  })
})

describe('search over many articles', { timeout: CEILING_MS }, () => {
  it('counts every match and says when only the best articles are listed', async () => {
    const files = Object.fromEntries(
      Array.from({ length: 45 }, (_, i) => [`nota-${i}.txt`, `Nota ${i}\n\nLa alcaldesa visitó el puerto ${i} veces.`]),
    )
    wb = await openWorkbench({ files })
    const { page } = wb
    await page.click('.sw-tab[data-tab="search"]')
    await page.keyboard.type('alcaldesa puert')
    await waitForCompleteSearch(page, 'alcaldesa puert')
    await page.waitForSelector('.sw-search-results .sw-pane-title:has-text("45 matches in 45 articles, the best 40 shown")')
    expect(await page.locator('.sw-search-group').count()).toBe(40)
    expect(await page.locator('.sw-search-hit mark').allTextContents()).toContain('puerto')
  })
})

describe('comparing an original with its translation', { timeout: CEILING_MS }, () => {
  it('lists what differs in words naming the articles, marks the words on both sides, and makes linked claims over the sentences', async () => {
    wb = await openWorkbench({ files: { 'original.txt': ES, 'translation.txt': EN }, viewport: { width: 1280, height: 720 } })
    const { page } = wb
    await openArticle(page, 'Cumbre en Vladivostok')
    await selectWithMouse(page, '«Vamos a estrechar los lazos bilaterales. Rusia apoya el diálogo en la península»')
    await page.keyboard.press('q')
    await page.waitForSelector('.sw-save-status:has-text("All changes saved")')
    await page.click('button[name="compare"]')
    await page.selectOption('.sw-dialog select[name="article"]', { label: 'Summit in Vladivostok — translation.txt' })
    await page.click('.sw-dialog button[type="submit"]')
    await page.waitForSelector('.sw-compare-item')

    // The side panels fold away: the two texts and the list share the window.
    expect(await page.locator('.sw-sidebar').isVisible()).toBe(false)
    const panes = await page.locator('.sw-compare-pane').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width))
    expect(Math.min(...panes)).toBeGreaterThan(400)

    const messages = await page.locator('.sw-compare-item-message').allTextContents()
    expect(messages).toContain('Cumbre en Vladivostok dates it abril de 2019, Summit in Vladivostok April 1200')
    expect(messages).toContain('Cumbre en Vladivostok says 2.500 personas, Summit in Vladivostok says 25,000 people')
    expect(messages.some((m) => m.includes('negates') && m.includes('“no”'))).toBe(true)
    expect(messages.some((m) => m.includes('quote is shorter in Summit in Vladivostok'))).toBe(true)
    // The same entity in two languages is never a difference.
    expect(messages.some((m) => /Putin|Kim Jong-un|Kremlin|norcorean|North Korea/.test(m))).toBe(false)
    expect(await page.locator('.sw-compare-item[data-kind="date"]').getAttribute('data-severity')).toBe('high')
    await page.waitForSelector('.sw-compare-pairs:has-text("6 paragraphs paired (0 by hand)")')
    // The tagged quote's counterpart is not tagged on the English side.
    await page.waitForSelector('.sw-counterpart.is-missing:has-text("Vamos a estrechar")')

    // A click marks the item's words on both sides, not the paragraphs.
    const date = page.locator('.sw-compare-item[data-kind="date"]')
    await date.locator('.sw-compare-item-show').click()
    const shown = '.sw-compare-pane [data-suggestion-id^="shown-item"]'
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, shown)
    expect(await page.locator(shown).allTextContents()).toEqual(['abril de 2019', 'April 1200'])
    // SPANWISE_SCREENSHOTS=<folder>: keep a picture of the view at 1280×720 to look at.
    const shots = process.env.SPANWISE_SCREENSHOTS
    if (shots) await page.screenshot({ path: join(shots, 'compare-1280x720.png') })

    // An item missing on one side marks its words on the side that has them, and the sentence on the other.
    await page.locator('.sw-compare-item[data-kind="negation"] .sw-compare-item-show').click()
    await page.waitForFunction(() => document.querySelector('.sw-compare-pane [data-suggestion-id^="shown-where-right"]'))
    expect(await page.locator(shown).allTextContents()).toEqual(['no'])
    expect(await page.locator('.sw-compare-pane [data-suggestion-id^="shown-where-right"]').textContent()).toBe(
      'Kim mentioned the international sanctions during the press conference.',
    )

    // Make claim: a claim over the sentence on each side, linked as contradicting, in one undo step.
    await date.locator('button[name="make-claim"]').click()
    await page.waitForSelector('.sw-save-status:has-text("All changes saved")')
    const links = () => JSON.parse(readFileSync(join(wb!.workspace, '.spanwise/links.json'), 'utf8')).links
    expect(links()).toHaveLength(1)
    expect(links()[0].relation).toBe('contradicts')
    const claims = page.locator('.sw-compare-pane .sw-claim')
    expect(await claims.allTextContents()).toEqual([
      expect.stringMatching(/^El presidente ruso, Vladímir Putin, .* celebrada en abril de 2019\.$/),
      expect.stringMatching(/^Russian President Vladimir Putin .* held in April 1200\.$/),
    ])
    await page.keyboard.press('Control+z')
    await page.waitForFunction(() => document.querySelectorAll('.sw-compare-pane .sw-claim').length === 0)
    await page.waitForSelector('.sw-save-status:has-text("All changes saved")')
    expect(links()).toHaveLength(0)
    await page.keyboard.press('Control+Shift+z')
    await page.waitForFunction(() => document.querySelectorAll('.sw-compare-pane .sw-claim').length === 2)
    await page.waitForSelector('.sw-save-status:has-text("All changes saved")')
    expect(links()).toHaveLength(1)

    await page.click('button[name="close-compare"]')
    await page.waitForSelector('.sw-editor-host')
    expect(await page.locator('.sw-sidebar').isVisible()).toBe(true)
    await page.click('.sw-annotation-row.sw-row-claim')
    await page.waitForSelector('.sw-editor-claim .sw-link:has-text("contradicts")')
    expect(await page.locator('.sw-editor-claim textarea[name="note"]').inputValue()).toContain(
      'dates it abril de 2019, Summit in Vladivostok April 1200',
    )
  })

  it('keeps the paired paragraph of the other side in view while scrolling', async () => {
    const longEs = `${ES}\n\n${Array.from({ length: 40 }, (_, i) => `Párrafo adicional número ${i + 10} sobre la visita de ${1900 + i} delegados.`).join('\n\n')}`
    const longEn = `${EN}\n\n${Array.from({ length: 40 }, (_, i) => `Additional paragraph number ${i + 10} about the visit of ${1900 + i} delegates.`).join('\n\n')}`
    wb = await openWorkbench({
      files: { 'original.txt': longEs, 'translation.txt': longEn },
      viewport: { width: 1400, height: 700 },
    })
    const { page } = wb
    await openArticle(page, 'Cumbre en Vladivostok')
    await page.click('button[name="compare"]')
    await page.selectOption('.sw-dialog select[name="article"]', { label: 'Summit in Vladivostok — translation.txt' })
    await page.click('.sw-dialog button[type="submit"]')
    await page.waitForSelector('.sw-compare-item')
    const panes = page.locator('.sw-compare-pane .sw-article-scroll')
    await panes.nth(0).evaluate((el) => {
      const target = [...el.querySelectorAll('.sw-block')].find((b) => b.textContent?.includes('número 30'))!
      el.scrollTop += target.getBoundingClientRect().top - el.getBoundingClientRect().top
    })
    await page.waitForFunction(() => {
      const right = document.querySelectorAll('.sw-compare-pane .sw-article-scroll')[1]
      const box = right.getBoundingClientRect()
      const block = [...right.querySelectorAll('.sw-block')].find((b) => b.textContent?.includes('number 30'))
      const top = block?.getBoundingClientRect().top ?? -1
      return top >= box.top - 5 && top < box.top + 60
    })
  })
})
