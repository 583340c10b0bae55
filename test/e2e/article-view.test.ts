/**
 * A long article in the article view: only the sections near the viewport are rendered as paragraphs
 * (the rest are one placeholder each), yet scrolling, jumping, selecting everything, copying and
 * tagging behave as if the whole article were there.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { openArticle, openWorkbench, type Workbench } from './harness'
import { unpackArticle } from '../../src/shared/packed-article'

const PARAGRAPHS = 3_000
const LONG = [
  'Principio del artículo largo.',
  ...Array.from(
    { length: PARAGRAPHS },
    (_, i) =>
      `Párrafo ${i}: el concejal explicó las cifras del presupuesto de obras del puerto, y la oposición pidió el informe técnico completo.`,
  ),
  'La frase final del artículo.',
].join('\n\n')

let wb: Workbench | undefined
afterEach(async () => {
  await wb?.close()
  wb = undefined
})

async function openLong(
  annotations: { id: string; kind: 'quote' | 'claim' | 'entity'; start: number; end: number }[] = [],
): Promise<Workbench> {
  wb = await openWorkbench({ files: { 'largo.txt': LONG } })
  const articleId = (await wb.service.getWorkspace())!.articles[0].id
  for (const a of annotations) await wb.service.createAnnotation(articleId, a)
  if (annotations.length > 0) await wb.restart()
  await openArticle(wb.page, 'Principio del artículo largo.')
  return wb
}

describe('a long article in the article view', () => {
  it('keeps the DOM to the sections near the viewport while scrolling to the end and back, text and heights intact', async () => {
    const w = await openLong()
    const elements = () => w.page.evaluate(() => document.querySelectorAll('.sw-article *').length)
    expect(await elements()).toBeLessThan(PARAGRAPHS / 5)
    // Far sections keep their text for screen readers (one text node each, not paragraphs).
    expect(await w.page.locator('.sw-article').evaluate((el) => el.textContent!.includes('La frase final del artículo.'))).toBe(
      true,
    )

    const trip = await w.page.evaluate(async () => {
      const scroller = document.querySelector('.sw-article-scroll')!
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve))
      let most = 0
      let frames = 0
      const count = () => (most = Math.max(most, document.querySelectorAll('.sw-article *').length))
      // A fling: three screens per frame to the end, then back to the top.
      for (; scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1 && frames < 5_000; frames++) {
        scroller.scrollTop += scroller.clientHeight * 3
        await frame()
        count()
      }
      for (let i = 0; i < 30; i++) await frame()
      count()
      const last = [...document.querySelectorAll('.sw-article .sw-block')].at(-1)!
      const box = last.getBoundingClientRect()
      const port = scroller.getBoundingClientRect()
      const atEnd = { text: last.textContent, onScreen: box.bottom > port.top && box.top < port.bottom }
      const height = scroller.scrollHeight
      for (; scroller.scrollTop > 0 && frames < 10_000; frames++) {
        scroller.scrollTop -= scroller.clientHeight * 3
        await frame()
        count()
      }
      for (let i = 0; i < 30; i++) await frame()
      count()
      const first = document.querySelector('.sw-article .sw-block')!
      return {
        most,
        atEnd,
        heightChange: Math.abs(scroller.scrollHeight - height) / height,
        first: first.textContent,
        firstTop: first.getBoundingClientRect().top - port.top,
        sections: document.querySelectorAll('.sw-section').length,
      }
    })
    expect(trip.sections).toBeGreaterThan(100)
    expect(trip.most).toBeLessThan(trip.sections + 400)
    expect(trip.atEnd).toEqual({ text: 'La frase final del artículo.', onScreen: true })
    expect(trip.first).toBe('Principio del artículo largo.')
    expect(trip.firstTop).toBeGreaterThanOrEqual(0)
    expect(trip.firstTop).toBeLessThan(100)
    // Sections measured on the way down keep their heights as placeholders: the scrollbar barely moves.
    expect(trip.heightChange).toBeLessThan(0.05)
    expect(w.errors).toEqual([])
  })

  it('jumps to the last annotation from the panel and lands on its highlight', async () => {
    const start = LONG.indexOf('La frase final')
    const middle = LONG.indexOf('Párrafo 1500:')
    const w = await openLong([
      { id: 'middle', kind: 'quote', start: middle, end: middle + 13 },
      { id: 'final', kind: 'claim', start, end: start + 14 },
    ])
    await w.page.waitForSelector('.sw-annotation-row')
    expect(await w.page.locator('.sw-article [data-annotation-id="final"]').count()).toBe(0) // far away: a placeholder
    for (const id of ['final', 'middle', 'final']) {
      await w.page.click(`.sw-annotation-row[data-annotation-id="${id}"]`)
      const highlight = w.page.locator(`.sw-article [data-annotation-id="${id}"]`)
      await highlight.waitFor()
      // Let the sections around it render and settle, then it must still be in the middle of the view.
      await w.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 400)))
      const box = (await highlight.boundingBox())!
      expect(await highlight.textContent()).toBe(
        LONG.slice(id === 'final' ? start : middle, id === 'final' ? start + 14 : middle + 13),
      )
      expect(box.y).toBeGreaterThan(150)
      expect(box.y).toBeLessThan(800)
    }
    expect(w.errors).toEqual([])
  })

  it('selects the whole article with Ctrl+A: copying yields its text, Q tags all of it', async () => {
    const w = await openLong()
    await w.page.evaluate(() => {
      document.addEventListener('copy', (event) => {
        ;(window as unknown as { copied: string }).copied = event.clipboardData!.getData('text/plain')
      })
    })
    await w.page.keyboard.press('Control+a')
    await w.page.keyboard.press('Control+c')
    expect(await w.page.evaluate(() => (window as unknown as { copied: string }).copied)).toBe(LONG)

    await w.page.keyboard.press('q')
    await w.page.waitForSelector('.sw-save-status:has-text("All changes saved")')
    const articleId = (await w.service.getWorkspace())!.articles[0].id
    const saved = unpackArticle(await w.service.openArticle(articleId)).annotations
    expect(saved.map((a) => [a.kind, a.start, a.end])).toEqual([['quote', 0, LONG.length]])
    expect(w.errors).toEqual([])
  })

  it('Ctrl+End and Ctrl+Home move the caret to the ends, Shift+Ctrl+Home extends the selection to the start', async () => {
    const w = await openLong()
    await w.page.keyboard.press('Control+End')
    await w.page.waitForFunction(() => {
      const last = [...document.querySelectorAll('.sw-article .sw-block')].at(-1)
      const box = last?.getBoundingClientRect()
      return !!box && last!.textContent === 'La frase final del artículo.' && box.top < innerHeight && box.bottom > 0
    })
    await w.page.keyboard.press('Shift+ArrowLeft')
    await w.page.keyboard.press('Shift+ArrowLeft')
    await w.page.keyboard.press('Shift+ArrowLeft')
    await w.page.keyboard.press('Shift+ArrowLeft')
    await w.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)))
    expect(await w.page.evaluate(() => getSelection()!.toString())).toBe('ulo.')
    await w.page.keyboard.press('Control+Shift+Home')
    await w.page.keyboard.press('e')
    await w.page.waitForSelector('.sw-save-status:has-text("All changes saved")')
    const articleId = (await w.service.getWorkspace())!.articles[0].id
    const saved = unpackArticle(await w.service.openArticle(articleId)).annotations
    expect(saved.map((a) => [a.kind, a.start, a.end])).toEqual([['entity', 0, LONG.length]])
    expect(w.errors).toEqual([])
  })
})
