/**
 * The library list reuses the elements of rows that scroll out for the rows that scroll in
 * (virtual-list.ts, library.ts `reuseRow`): after scrolling, every row shows its own article (title,
 * file, language, counts) and a click opens the article the row shows, not the one it was built for.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { openWorkbench, type Workbench } from './harness'

const SPANISH = 'El ayuntamiento aprobó ayer el presupuesto municipal con los votos de la mayoría absoluta del pleno.'
const ENGLISH = 'The council approved the city budget yesterday with the votes of the absolute majority of the plenary.'

let wb: Workbench | undefined
afterEach(async () => {
  await wb?.close()
  wb = undefined
})

describe('the library list while it scrolls', () => {
  it('shows each article in its own row after rows are reused, and a click opens the article shown', async () => {
    wb = await openWorkbench({
      files: Object.fromEntries(
        Array.from({ length: 300 }, (_, i) => [
          `desk/story-${String(i).padStart(3, '0')}.txt`,
          // A few rows without text enough for a language, so rows of both shapes are reused.
          `Story ${i}\n\n${i % 7 === 0 ? 'Nota.' : i % 2 ? SPANISH : ENGLISH}`,
        ]),
      ),
    })
    const { page } = wb
    await page.waitForSelector('.sw-library-row')
    const articles = (await wb.service.getWorkspace())!.articles
    const expected = Object.fromEntries(
      articles.map((a) => [
        a.id,
        {
          title: a.title,
          file: a.path,
          language: a.language?.toUpperCase() ?? null,
          counts: a.counts ? [a.counts.quote, a.counts.claim, a.counts.entity].map(String) : ['', '', ''],
        },
      ]),
    )

    // One screen per frame, down a third of the list.
    const frames = await page.locator('.sw-library-list').evaluate(async (list) => {
      let n = 0
      for (; n < 200 && list.scrollTop < list.scrollHeight / 3; n++) {
        list.scrollTop += list.clientHeight
        await new Promise((resolve) => requestAnimationFrame(resolve))
      }
      return n
    })
    expect(frames).toBeGreaterThan(2)
    await page.waitForFunction(() => document.querySelectorAll('.sw-library-row').length > 3)
    const rows = await page.$$eval('.sw-library-row', (els) =>
      els.map((el) => ({
        id: el.getAttribute('data-article-id')!,
        title: el.querySelector('.sw-library-title')!.textContent,
        file: el.getAttribute('title'),
        language: el.querySelector('.sw-language')?.textContent ?? null,
        counts: [...el.querySelectorAll('.sw-count')].map((c) => c.textContent),
      })),
    )
    for (const { id, ...row } of rows) expect(row).toEqual(expected[id])

    // A row in the middle of the view opens its own article.
    const middle = rows[Math.floor(rows.length / 2)]
    await page.click(`.sw-library-row[data-article-id="${middle.id}"]`)
    await page.waitForSelector(`.sw-main[aria-busy="false"] .sw-article-title:has-text(${JSON.stringify(middle.title)})`)
    expect(wb.errors).toEqual([])
  }, 120_000)
})
