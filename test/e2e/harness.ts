/**
 * The browser harness: the built renderer (out/renderer) in Debian's Chromium, driven by Playwright,
 * with the real main-process services bound as `window.workbench` through `page.exposeBinding`.
 * Requests go through the same validating `dispatch` as Electron's IPC, so what the tests exercise is
 * the app minus the Electron shell.
 *
 *   const wb = await openWorkbench({ files: { 'a.txt': 'Hola' } })
 *   await wb.page.click(...)
 *   await wb.close()
 */
import { existsSync, readdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { WorkbenchEvent } from '../../src/shared/api'
import { WORKBENCH_METHODS } from '../../src/shared/api-methods'
import { dispatchReply } from '../../src/main/api-dispatch'
import type { Host } from '../../src/main/host'
import { WorkbenchService } from '../../src/main/workbench-service'
import { tempDir, writeFiles } from '../helpers/fs'

export { tempDir, writeFiles }

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const RENDERER_INDEX = join(repoRoot, 'out/renderer/index.html')
export const SAMPLE_WORKSPACE = join(repoRoot, 'sample-workspace')

/** Chromium flags for a closed, headless machine (no sandbox as root, no background network). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--allow-file-access-from-files',
]

/**
 * Finds a Chromium: $SPANWISE_CHROMIUM or $CHROMIUM_PATH, Debian's /usr/bin/chromium, or a browser
 * Playwright installed itself. Null when there is none.
 */
export function findChromium(): string | null {
  const candidates = [process.env.SPANWISE_CHROMIUM, process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']
  const playwrightCache = process.env.PLAYWRIGHT_BROWSERS_PATH ?? join(process.env.HOME ?? '', '.cache/ms-playwright')
  if (existsSync(playwrightCache)) {
    for (const dir of readdirSync(playwrightCache)
      .filter((d) => d.startsWith('chromium'))
      .sort()
      .reverse()) {
      candidates.push(join(playwrightCache, dir, 'chrome-linux/chrome'), join(playwrightCache, dir, 'chrome-linux64/chrome'))
    }
  }
  return candidates.find((c): c is string => !!c && existsSync(c)) ?? null
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium()
  if (!executablePath) throw new Error('No Chromium found: apt-get install -y chromium, or set SPANWISE_CHROMIUM')
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true })
}

export interface WorkbenchOptions {
  /** Files to write into a fresh temporary workspace, by relative path. */
  files?: Record<string, string | Uint8Array>
  /** Use this existing folder as the workspace instead. */
  workspace?: string
  /** Open the workspace before the page loads (default), or start on the welcome screen. */
  open?: boolean
  /** What the "choose a folder" dialog answers. */
  chooseFolder?: string | null
  /** What the "import files" dialog answers. */
  chooseFiles?: string[]
  /** Keep user data (settings, the sample copy) across `openWorkbench` calls by passing the same folder. */
  userDataDir?: string
  viewport?: { width: number; height: number }
  /**
   * The browser's (the OS's) locale, as navigator.languages reports it: 'es-ES' shows the window in
   * Spanish unless the user chose a language. English by default, whatever the machine's own locale.
   */
  locale?: string
}

export interface Workbench {
  page: Page
  service: WorkbenchService
  workspace: string
  userDataDir: string
  /** Where the "save as" dialog put each export. */
  exports: string[]
  /** Every URL the page requested. */
  requests: string[]
  /** Uncaught page errors and console errors. */
  errors: string[]
  /** Reloads the page against a fresh service on the same folders (as an app restart does). */
  restart(): Promise<void>
  close(): Promise<void>
}

/** Opens the workbench on a workspace and returns it with the page showing the library. */
export async function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  if (!existsSync(RENDERER_INDEX)) throw new Error('The renderer is not built: run `npm run build` (npm test does it)')
  const workspace = options.workspace ?? tempDir()
  if (options.files) writeFiles(workspace, options.files)
  const userDataDir = options.userDataDir ?? tempDir('spanwise-user-')
  const exportDir = tempDir('spanwise-exports-')
  const browser = await launchChromium()
  const wb = { workspace, userDataDir, exports: [] as string[], requests: [] as string[], errors: [] as string[] } as Workbench

  const start = async () => {
    const context = await browser.newContext({
      viewport: options.viewport ?? { width: 1400, height: 900 },
      locale: options.locale ?? 'en-US',
    })
    const page = await context.newPage()
    // Fail a step with its own message well before the test's timeout.
    page.setDefaultTimeout(10_000)
    const host: Host = {
      chooseFolder: async () => options.chooseFolder ?? null,
      chooseFiles: async () => options.chooseFiles ?? [],
      chooseSavePath: async (defaultName) => {
        const path = join(exportDir, defaultName)
        wb.exports.push(path)
        return path
      },
      emit: (event: WorkbenchEvent) => {
        page
          .evaluate((e) => (window as unknown as { __spanwiseEvent?: (e: unknown) => void }).__spanwiseEvent?.(e), event)
          .catch(() => undefined)
      },
      // The app prints reports with Electron's printToPDF; here Chromium's page.pdf() does it.
      printToPdf: async (html: string) => {
        const printer = await browser.newPage({ javaScriptEnabled: false })
        try {
          await printer.setContent(html)
          return await printer.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true })
        } finally {
          await printer.close()
        }
      },
      sampleWorkspaceSource: SAMPLE_WORKSPACE,
      userDataDir,
    }
    const service = await WorkbenchService.create(host)
    if (options.open !== false) await service.openWorkspace(workspace)
    page.on('request', (r) => wb.requests.push(r.url()))
    page.on('pageerror', (e) => wb.errors.push(e.message))
    page.on('console', (m) => m.type() === 'error' && wb.errors.push(m.text()))
    // Results travel as one JSON string: Playwright's own serialiser walks every value and takes seconds
    // for a 5 MB article with 50,000 annotations, which Electron's structured clone moves in milliseconds.
    await page.exposeBinding('__spanwiseInvoke', async (_source, method: unknown, args: unknown) =>
      JSON.stringify(await dispatchReply(service, method, args)),
    )
    // The same shape the preload script builds: one function per contract method, plus onEvent.
    await page.addInitScript((methods: readonly string[]) => {
      const w = window as unknown as Record<string, unknown> & { __spanwiseInvoke: (m: string, a: unknown[]) => Promise<unknown> }
      const listeners = new Set<(e: unknown) => void>()
      const api: Record<string, unknown> = {}
      for (const m of methods) api[m] = async (...args: unknown[]) => JSON.parse((await w.__spanwiseInvoke(m, args)) as string)
      api.onEvent = (listener: (e: unknown) => void) => {
        listeners.add(listener)
        return () => listeners.delete(listener)
      }
      w.__spanwiseEvent = (e: unknown) => listeners.forEach((l) => l(e))
      Object.defineProperty(window, 'workbench', { value: Object.freeze(api) })
    }, WORKBENCH_METHODS)
    await page.goto(pathToFileURL(RENDERER_INDEX).href)
    // Attached, not visible: a window remembered in reading mode hides its toolbar.
    await page.waitForSelector('.sw-toolbar', { state: 'attached' })
    wb.page = page
    wb.service = service
  }

  await start()
  wb.restart = async () => {
    await wb.service.close()
    await wb.page.context().close()
    await start()
  }
  wb.close = async () => {
    await wb.service.close().catch(() => undefined)
    await browser.close()
  }
  return wb
}

/** Clicks an article in the library and waits until it is open, focused and ready for input. */
export async function openArticle(page: Page, title: string): Promise<void> {
  await page.click(`.sw-library-row:has-text(${JSON.stringify(title)})`)
  await page.waitForSelector(`.sw-main[aria-busy="false"] .sw-article-title:has-text(${JSON.stringify(title)})`)
  await page.waitForSelector('.sw-main[aria-busy="false"] .sw-article')
}

/** Screen points of the first and last character of `phrase` in the article (its n-th occurrence). */
export async function phrasePoints(
  page: Page,
  phrase: string,
  occurrence = 0,
): Promise<{ start: { x: number; y: number }; end: { x: number; y: number } }> {
  const points = await page.evaluate(
    ([wanted, nth]) => {
      const root = document.querySelector('.sw-article')!
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
      const nodes: Text[] = []
      let text = ''
      for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text)
      const starts: number[] = []
      for (const n of nodes) {
        starts.push(text.length)
        text += n.data
      }
      let at = -1
      for (let i = 0; i <= nth; i++) at = text.indexOf(wanted, at + 1)
      if (at < 0) return null
      const locate = (offset: number) => {
        let i = starts.length - 1
        while (starts[i] > offset) i--
        return { node: nodes[i], offset: offset - starts[i] }
      }
      const rectOf = (offset: number) => {
        const { node, offset: o } = locate(offset)
        const range = document.createRange()
        range.setStart(node, o)
        range.setEnd(node, o + 1)
        return range.getBoundingClientRect()
      }
      const first = rectOf(at)
      const last = rectOf(at + wanted.length - 1)
      return {
        start: { x: first.left + 1, y: first.top + first.height / 2 },
        end: { x: last.right - 1, y: last.top + last.height / 2 },
      }
    },
    [phrase, occurrence] as const,
  )
  if (!points) throw new Error(`"${phrase}" is not in the article view`)
  return points
}

/** Drags the mouse across `phrase` in the article, as a reader selects with the mouse. */
export async function selectWithMouse(page: Page, phrase: string, occurrence = 0): Promise<void> {
  const { start, end } = await phrasePoints(page, phrase, occurrence)
  await page.mouse.move(start.x - 0.5, start.y)
  await page.mouse.down()
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 4 })
  await page.mouse.move(end.x + 0.5, end.y, { steps: 4 })
  await page.mouse.up()
}

/** Clicks just before `phrase`, then extends the selection over it with Shift+ArrowRight. */
export async function selectWithKeyboard(page: Page, phrase: string, occurrence = 0): Promise<void> {
  const { start } = await phrasePoints(page, phrase, occurrence)
  await page.mouse.click(start.x, start.y)
  for (let i = 0; i < [...phrase].length; i++) await page.keyboard.press('Shift+ArrowRight')
}
