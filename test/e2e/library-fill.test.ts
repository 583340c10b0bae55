/**
 * Opening a workspace whose index is missing (first open, or a deleted .spanwise/library/): the
 * library lists the articles at once and their annotation counts arrive by themselves, each row showing
 * its real numbers once known and never a wrong one in between.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { Workspace } from '../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../helpers/fs'
import { forgetLibraryIndex } from '../helpers/library-index'
import { openWorkbench, type Workbench } from './harness'

const TEXT = 'El ayuntamiento aprobó ayer el presupuesto municipal con los votos de la mayoría absoluta del pleno.'

let wb: Workbench | undefined
afterEach(async () => {
  await wb?.close()
  wb = undefined
})

describe('the library after opening a workspace without its index', () => {
  it('shows every title at once and fills in the counts without a refresh, never showing a wrong one', async () => {
    const root = tempDir()
    writeFiles(
      root,
      Object.fromEntries(
        Array.from({ length: 600 }, (_, i) => [`desk/story-${String(i).padStart(3, '0')}.txt`, `Story ${i}\n\n${TEXT}`]),
      ),
    )
    const expected: Record<string, string> = {}
    const ws = await Workspace.open(root)
    for (const a of ws.articles()) {
      const i = Number(a.path.slice(-7, -4))
      const quotes = i % 3 === 0 ? 1 + (i % 5) : 0
      for (let k = 0; k < quotes; k++) await ws.createAnnotation(a.id, { id: `q${k}`, kind: 'quote', start: 0, end: 5 + k })
      expected[a.id] = String(quotes)
    }
    await ws.close()
    forgetLibraryIndex(root)

    wb = await openWorkbench({ workspace: root })
    const { page } = wb
    await page.waitForSelector('.sw-library-row')
    // Every quote count the library shows from now on, as it renders rows.
    await page.evaluate(() => {
      const seen: [string, string][] = ((window as unknown as { __counts: [string, string][] }).__counts = [])
      const record = () => {
        for (const row of document.querySelectorAll('.sw-library-row')) {
          const text = row.querySelector('.sw-count-quote')?.textContent ?? ''
          if (text) seen.push([row.getAttribute('data-article-id')!, text])
        }
      }
      record()
      new MutationObserver(record).observe(document.querySelector('.sw-library-list')!, { childList: true, subtree: true })
    })
    expect(await page.locator('.sw-pane-title').first().textContent()).toBe('Articles (600)')
    await page.waitForFunction(
      (want) =>
        [...document.querySelectorAll('.sw-library-row')].every(
          (row) => row.querySelector('.sw-count-quote')?.textContent === want[row.getAttribute('data-article-id')!],
        ),
      expected,
      { timeout: 30_000 },
    )
    // Scrolled to the end, the last rows have their counts too.
    await page.locator('.sw-library-list').evaluate((el) => (el.scrollTop = el.scrollHeight))
    await page.waitForFunction(
      (want) =>
        [...document.querySelectorAll('.sw-library-row')].some((row) => row.textContent?.includes('Story 599')) &&
        [...document.querySelectorAll('.sw-library-row')].every(
          (row) => row.querySelector('.sw-count-quote')?.textContent === want[row.getAttribute('data-article-id')!],
        ),
      expected,
      { timeout: 30_000 },
    )
    const seen = await page.evaluate(() => (window as unknown as { __counts: [string, string][] }).__counts)
    expect(seen.length).toBeGreaterThan(0)
    for (const [id, text] of seen) expect(text).toBe(expected[id])
    expect(wb.errors).toEqual([])
  })
})
