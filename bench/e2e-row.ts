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
      await wb.page.waitForFunction(() => (window as unknown as { __open: OpenProbe }).__open.painted !== undefined, null, { timeout: 60_000 })
      const probe = await wb.page.evaluate(() => (window as unknown as { __open: OpenProbe }).__open)
      times.push(probe.painted! - probe.click!)
    } finally {
      await wb.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return times
}
