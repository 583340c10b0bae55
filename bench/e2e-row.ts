/**
 * Open, end to end: the built app in Chromium through the test harness, with the real main services
 * bound as window.workbench. A click on the article in the library → the first screen of text with its
 * highlights painted. Each run is a fresh browser and page on a fresh copy of the workspace.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openWorkbench } from '../test/e2e/harness'
import { bigArticleWorkspace } from './fixtures'

interface OpenProbe {
  click?: number
  painted?: number
}

/**
 * Installed in the page before the click. Plain JavaScript in a string: tsx would wrap named functions
 * in a helper (__name) that does not exist in the page. Records the click's own timestamp, checks every
 * frame for a highlight on screen in the settled view, and records the frame after the first that shows
 * one: the moment it is known to be painted.
 */
const PROBE = `(() => {
  const probe = {}
  window.__open = probe
  document.addEventListener('click', (e) => { if (probe.click === undefined) probe.click = e.timeStamp }, { capture: true })
  function visible() {
    const scroller = document.querySelector('.sw-main[aria-busy="false"] .sw-article-scroll')
    if (!scroller) return false
    const box = scroller.getBoundingClientRect()
    for (const el of scroller.querySelectorAll('[data-annotation-id]')) {
      const r = el.getBoundingClientRect()
      if (r.height > 0 && r.bottom > box.top && r.top < box.bottom) return true
    }
    return false
  }
  function poll() {
    if (probe.click !== undefined && visible()) requestAnimationFrame(() => { probe.painted = performance.now() })
    else requestAnimationFrame(poll)
  }
  requestAnimationFrame(poll)
})()`

export async function openEndToEnd(runs: number): Promise<number[]> {
  const { root } = await bigArticleWorkspace(10_000)
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'spanwise-bench-e2e-'))
    cpSync(root, dir, { recursive: true })
    const wb = await openWorkbench({ workspace: dir })
    try {
      // The search index builds in the background after a workspace opens; a reader takes longer than
      // that to pick an article, so let it finish instead of timing the page against it.
      while ((await wb.service.search('alcaldesa')).indexing) await new Promise((resolve) => setTimeout(resolve, 50))
      await wb.page.evaluate(PROBE)
      await wb.page.click('.sw-library-row')
      await wb.page.waitForFunction(() => (window as unknown as { __open: OpenProbe }).__open.painted !== undefined, null, {
        timeout: 60_000,
      })
      const probe = await wb.page.evaluate(() => (window as unknown as { __open: OpenProbe }).__open)
      times.push(probe.painted! - probe.click!)
    } finally {
      await wb.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return times
}

/**
 * Installed before each tag key. Records the key event's own timestamp, counts the animation frames
 * begun from it, and stops at the frame after the first one whose DOM holds a highlight that was not
 * there before: frames = 2 means the highlight was painted in the first frame after the key.
 */
const TAG_PROBE = `(() => {
  const before = new Set([...document.querySelectorAll('.sw-article [data-annotation-id]')].map((e) => e.dataset.annotationId))
  const probe = { frames: 0 }
  window.__tag = probe
  document.addEventListener('keydown', (e) => { if (probe.key === undefined) probe.key = e.timeStamp }, { capture: true, once: true })
  function poll() {
    if (probe.key !== undefined) probe.frames++
    const added = probe.key !== undefined && [...document.querySelectorAll('.sw-article [data-annotation-id]')].some((e) => !before.has(e.dataset.annotationId))
    if (added) requestAnimationFrame(() => { probe.frames++; probe.painted = performance.now() })
    else requestAnimationFrame(poll)
  }
  requestAnimationFrame(poll)
})()`

/**
 * Where to click to put the caret before a few words of a paragraph wholly on screen (different for
 * each i), and how many characters to select from there. A string for the same reason as PROBE (the
 * harness's own selection helpers are functions, which tsx wraps).
 */
const CARET_ON_SCREEN = `((i) => {
  const box = document.querySelector('.sw-article-scroll').getBoundingClientRect()
  const paragraphs = [...document.querySelectorAll('.sw-article p')].filter((p) => { const r = p.getBoundingClientRect(); return r.top > box.top && r.bottom < box.bottom })
  const p = paragraphs[i % paragraphs.length]
  const text = p.firstChild && p.firstChild.nodeType === 3 ? p.firstChild : document.createTreeWalker(p, NodeFilter.SHOW_TEXT).nextNode()
  const at = Math.min(text.data.length - 1, (i * 7) % Math.max(1, text.data.length - 20))
  const range = document.createRange()
  range.setStart(text, at)
  range.setEnd(text, at + 1)
  const r = range.getBoundingClientRect()
  return { x: r.left + 0.5, y: r.top + r.height / 2, chars: Math.min(18, text.data.length - at) }
})`
/**
 * Tagging in the app, end to end: the 1 MB article with `count` annotations open in the built app, a
 * range selected with the keyboard, Q pressed → the new highlight painted. Unlike the view-only row,
 * this includes everything the app does on the key (undo stack, save queue, panel and library).
 */
export async function tagEndToEnd(
  count: number,
  runs: number,
  tagsPerRun: number,
): Promise<{ latency: number; frames: number }[]> {
  const { root } = await bigArticleWorkspace(count)
  const samples: { latency: number; frames: number }[] = []
  for (let run = 0; run < runs; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'spanwise-bench-tag-'))
    cpSync(root, dir, { recursive: true })
    const wb = await openWorkbench({ workspace: dir })
    try {
      await wb.page.click('.sw-library-row')
      await wb.page.waitForSelector('.sw-main[aria-busy="false"] .sw-article [data-annotation-id]', { timeout: 120_000 })
      for (let i = 0; i < tagsPerRun; i++) {
        const caret = (await wb.page.evaluate(`${CARET_ON_SCREEN}(${i})`)) as { x: number; y: number; chars: number }
        await wb.page.mouse.click(caret.x, caret.y)
        for (let c = 0; c < caret.chars; c++) await wb.page.keyboard.press('Shift+ArrowRight')
        await wb.page.evaluate(TAG_PROBE)
        await wb.page.keyboard.press('q')
        await wb.page.waitForFunction(
          () => (window as unknown as { __tag: { painted?: number } }).__tag.painted !== undefined,
          null,
          { timeout: 60_000 },
        )
        const probe = (await wb.page.evaluate('window.__tag')) as { key: number; painted: number; frames: number }
        samples.push({ latency: probe.painted - probe.key, frames: probe.frames })
        // Let the save and the panel settle, as a reader's next selection would.
        await wb.page.waitForTimeout(250)
      }
    } finally {
      await wb.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return samples
}
