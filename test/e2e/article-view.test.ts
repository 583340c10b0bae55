/**
 * A long article in the article view: only the sections near the viewport are rendered as paragraphs
 * (the rest are one placeholder each), yet scrolling, jumping, selecting everything, copying and
 * tagging behave as if the whole article were there. Scrolled fast (a dragged scrollbar), the text on
 * screen is there in every frame and its highlights follow once the view has a moment.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { openArticle, openWorkbench, selectWithMouse, type Workbench } from './harness'
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
  }, 180_000)

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

  it('shows the text where a fast scrollbar drag stops, and the highlights there once it stops', async () => {
    // A quote on every eighth paragraph's number ("Párrafo 8"), so some are on any screen.
    const every = 8
    const marked = Array.from({ length: PARAGRAPHS / every }, (_, k) => {
      const start = LONG.indexOf(`Párrafo ${k * every}:`)
      return { id: `q${k * every}`, kind: 'quote' as const, start, end: start + `Párrafo ${k * every}`.length }
    })
    const w = await openLong(marked)
    const drag = await w.page.evaluate(async () => {
      const scroller = document.querySelector<HTMLElement>('.sw-article-scroll')!
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve))
      // As input does: the position changes between frames, the next frame shows it.
      const task = () => new Promise((resolve) => setTimeout(resolve))
      /** Points of the viewport (top, middle, bottom) where no text would be painted. */
      const blankPoints = () => {
        const box = scroller.getBoundingClientRect()
        return [0.2, 0.5, 0.8].filter((f) => {
          // The text nearest the point: a placeholder's is transparent, a skipped section's not reached.
          const caret = document.caretRangeFromPoint(box.left + box.width / 2, box.top + f * box.height)
          const holder = caret?.startContainer.nodeType === Node.TEXT_NODE ? caret.startContainer.parentElement : null
          return (
            !holder ||
            !scroller.contains(holder) ||
            !holder.checkVisibility({ contentVisibilityAuto: true }) ||
            getComputedStyle(holder).color === 'rgba(0, 0, 0, 0)'
          )
        }).length
      }
      let frames = 0
      let blankFrames = 0
      // Ten screens per frame down to two thirds of the article, then one jump back to a third.
      while (scroller.scrollTop < (scroller.scrollHeight * 2) / 3 && frames < 2_000) {
        await task()
        scroller.scrollTop += scroller.clientHeight * 10
        await frame()
        frames++
        if (blankPoints() > 0) blankFrames++
      }
      await task()
      scroller.scrollTop = scroller.scrollHeight / 3
      await frame()
      if (blankPoints() > 0) blankFrames++
      // Where the drag stopped, the text is there (within frames: how many frames showed a blank
      // during the drag depends on the machine's load, and is measured by the bench's scroll rows).
      let settle = 0
      while (blankPoints() > 0 && settle++ < 600) await frame()
      return { frames, blankFrames, blankAtRest: blankPoints() }
    })
    console.log(`scrollbar drag: ${drag.blankFrames} of ${drag.frames + 1} frames showed a blank point`)
    expect(drag.frames).toBeGreaterThan(3)
    expect(drag.blankAtRest).toBe(0)

    // Once scrolling stops, every marked paragraph on screen gets its highlight, with its own text.
    await w.page.waitForFunction(
      (n) => {
        const scroller = document.querySelector('.sw-article-scroll')!
        const port = scroller.getBoundingClientRect()
        const onScreen = (el: Element) => {
          const box = el.getBoundingClientRect()
          return box.bottom > port.top && box.top < port.bottom
        }
        if ([...document.querySelectorAll('.sw-section.sw-far, .sw-section.sw-plain')].some(onScreen)) return false
        const paragraphs = [...document.querySelectorAll('.sw-article .sw-block')].filter(onScreen)
        const numbered = paragraphs.filter((p) => Number(/^Párrafo (\d+):/.exec(p.textContent ?? '')?.[1]) % n === 0)
        return numbered.length > 0 && numbered.every((p) => p.querySelector('[data-annotation-id]'))
      },
      every,
      { timeout: 60_000 },
    )
    const shown = await w.page.evaluate(() =>
      [...document.querySelectorAll('.sw-article [data-annotation-id]')].map((el) => [
        el.getAttribute('data-annotation-id'),
        el.textContent,
      ]),
    )
    expect(shown.length).toBeGreaterThan(0)
    for (const [id, text] of shown) expect(text).toBe(`Párrafo ${id!.slice(1)}`)
    expect(w.errors).toEqual([])
  }, 180_000)

  it('tags text selected with the mouse right after a jump, in a section rendered after it came on screen', async () => {
    const w = await openLong()
    // Jump to the middle as a click in the scrollbar's track does, then read a paragraph on screen.
    const number = await w.page.evaluate(async () => {
      const scroller = document.querySelector<HTMLElement>('.sw-article-scroll')!
      scroller.scrollTop = scroller.scrollHeight / 2
      await new Promise((resolve) => requestAnimationFrame(resolve))
      const port = scroller.getBoundingClientRect()
      // The first paragraph wholly on screen below the top hundred pixels.
      const paragraph = [...document.querySelectorAll('.sw-article .sw-block')].find((p) => {
        const box = p.getBoundingClientRect()
        return box.top > port.top + 100 && box.bottom < port.bottom
      })
      return Number(/^Párrafo (\d+):/.exec(paragraph?.textContent ?? '')?.[1])
    })
    expect(number).toBeGreaterThan(500)
    // The reader selects what stands still on the screen: wait until that paragraph's section is
    // rendered (after it came on screen) and the paragraph has kept its place for a few frames (a
    // section rendered above it may move it once). Reading its place and dragging over it take many
    // round trips; on a loaded machine the render could land between them and move the target.
    await w.page.waitForFunction(
      (n) => {
        const state = window as unknown as { lastTop?: number; still?: number }
        const paragraph = [...document.querySelectorAll('.sw-article .sw-block')].find((p) =>
          p.textContent?.startsWith(`Párrafo ${n}:`),
        )
        const section = paragraph?.closest('.sw-section')
        if (!paragraph || !section || section.matches('.sw-plain, .sw-far')) return false
        const top = paragraph.getBoundingClientRect().top
        state.still = top === state.lastTop ? (state.still ?? 0) + 1 : 0
        state.lastTop = top
        return state.still >= 5
      },
      number,
      { polling: 'raf', timeout: 60_000 },
    )
    const phrase = `Párrafo ${number}: el concejal`
    await selectWithMouse(w.page, phrase)
    await w.page.keyboard.press('q')
    const highlight = w.page.locator('.sw-article [data-annotation-id]')
    await highlight.waitFor()
    expect(await highlight.textContent()).toBe(phrase)
    await w.page.waitForSelector('.sw-save-status:has-text("All changes saved")')
    const articleId = (await w.service.getWorkspace())!.articles[0].id
    const saved = unpackArticle(await w.service.openArticle(articleId)).annotations
    const start = LONG.indexOf(phrase)
    expect(saved.map((a) => [a.kind, a.start, a.end])).toEqual([['quote', start, start + phrase.length]])
    expect(w.errors).toEqual([])
  }, 180_000)
})
