/**
 * The real Electron app, driven by Playwright's `_electron` (the successor of the archived Spectron):
 * what only Electron does, which the browser harness cannot show. The preload's `window.workbench` is
 * the contract and nothing more; navigation, new windows and requests that leave the app are refused;
 * the File menu's accelerators; a second launch hands its folder to the first window; quitting waits
 * for the journal compaction.
 * Runs where an Electron binary is installed (CI on Linux, under Xvfb); elsewhere it is skipped with
 * one printed reason.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { basename, dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { WORKBENCH_METHODS } from '../../src/shared/api-methods'
import { readStoredAnnotations } from '../../src/main/store/annotation-file'
import { tempDir, writeFiles } from '../helpers/fs'
import { openArticle, selectWithMouse } from './harness'

const repoRoot = resolve(import.meta.dirname, '../..')
const APP_URL = 'app://spanwise/index.html'

/** The Electron binary, found without require('electron') (which would try to download it). */
function electronBinary(): string | null {
  const pathFile = join(repoRoot, 'node_modules/electron/path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(repoRoot, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

const binary = electronBinary()
if (!binary)
  console.log('Electron e2e skipped: no Electron binary in node_modules/electron/dist (it cannot be downloaded on this machine).')

/** A workspace with one short Spanish article titled `title`. */
function workspaceWith(title: string): string {
  const workspace = tempDir()
  writeFiles(workspace, { [`${title.toLowerCase()}.txt`]: `${title}\n\nLa alcaldesa dijo: «Es la mejor noticia».` })
  return workspace
}

/** Starts the app (as `npm start -- <folder>` does) with its own settings folder. */
async function launch(
  workspace: string,
  userData = tempDir('spanwise-user-'),
): Promise<{ app: ElectronApplication; page: Page; userData: string }> {
  const app = await electron.launch({
    executablePath: binary!,
    args: [repoRoot, workspace],
    env: { ...process.env, SPANWISE_USER_DATA: userData },
  })
  const page = await app.firstWindow()
  await page.waitForSelector('.sw-library-row')
  return { app, page, userData }
}

/** A server on 127.0.0.1 that records every request it gets: none must arrive. */
async function baitServer(): Promise<{ url: string; requests: string[]; close: () => void }> {
  const requests: string[] = []
  const server = createServer((req, res) => {
    requests.push(req.url ?? '')
    res.end('<h1>left the app</h1>')
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/`, requests, close: () => server.close() }
}

// Each test starts Electron (some twice): room for a busy CI machine.
describe.skipIf(!binary)('the Electron app', { timeout: 120_000 }, () => {
  it('opens a workspace named on the command line and tags a span', async () => {
    const workspace = workspaceWith('Titular')
    const { app, page } = await launch(workspace)
    try {
      await openArticle(page, 'Titular')
      await selectWithMouse(page, '«Es la mejor noticia»')
      await page.keyboard.press('q')
      await page.waitForSelector('.sw-save-status:has-text("All changes saved")')
      const dir = join(workspace, '.spanwise/annotations')
      const articleId = readdirSync(dir)
        .find((n) => n.endsWith('.json'))!
        .slice(0, -'.json'.length)
      const file = (await readStoredAnnotations(join(workspace, '.spanwise'), articleId))! // JSON + journal
      expect(file.annotations[0]).toMatchObject({ kind: 'quote', exact: '«Es la mejor noticia»' })
    } finally {
      await app.close()
    }
  })

  it('gives the page window.workbench, the contract, and nothing of Electron or Node', async () => {
    const { app, page } = await launch(workspaceWith('Contrato'))
    try {
      const surface = await page.evaluate(() => {
        const w = window as unknown as Record<string, unknown>
        return {
          url: location.href,
          methods: Object.keys(w.workbench as object).sort(),
          node: ['require', 'process', 'module', 'Buffer', 'global', 'ipcRenderer', 'electron', '__dirname'].filter(
            (name) => typeof w[name] !== 'undefined',
          ),
        }
      })
      expect(surface).toEqual({ url: APP_URL, methods: [...WORKBENCH_METHODS, 'onEvent'].sort(), node: [] })
      // A call through it reaches main and answers a Reply.
      const reply = await page.evaluate(() =>
        (window as unknown as { workbench: { getWorkspace(): Promise<unknown> } }).workbench.getWorkspace(),
      )
      expect(reply).toMatchObject({ ok: true, value: { articles: [expect.objectContaining({ title: 'Contrato' })] } })
    } finally {
      await app.close()
    }
  })

  it('refuses navigation away from the app and new windows', async () => {
    const bait = await baitServer()
    const { app, page } = await launch(workspaceWith('Enlaces'))
    try {
      // Record, behind the app's own handler, whether each navigation was refused.
      await app.evaluate(({ BrowserWindow }) => {
        const record: { url: string; prevented: boolean }[] = []
        Object.assign(globalThis, { navigations: record })
        BrowserWindow.getAllWindows()[0].webContents.on('will-navigate', (event, url) =>
          record.push({ url, prevented: event.defaultPrevented }),
        )
      })
      await page.evaluate((url) => void (location.href = url), bait.url)
      await expect
        .poll(() => app.evaluate(() => (globalThis as unknown as { navigations: unknown[] }).navigations), { timeout: 20_000 })
        .toEqual([{ url: bait.url, prevented: true }])
      const opened = await page.evaluate((url) => window.open(url), bait.url)
      expect(opened).toBeNull()
      expect(app.windows()).toHaveLength(1)
      expect(page.url()).toBe(APP_URL)
      expect(bait.requests).toEqual([])
    } finally {
      await app.close()
      bait.close()
    }
  })

  it('cancels every request that is not for the app itself, local files included', async () => {
    const bait = await baitServer()
    const localFile = join(workspaceWith('Local'), 'local.txt')
    const { app, page } = await launch(dirname(localFile))
    try {
      // From the page (its CSP already forbids it)…
      const fetched = await page.evaluate(
        (url) =>
          fetch(url).then(
            () => 'loaded',
            () => 'refused',
          ),
        bait.url,
      )
      expect(fetched).toBe('refused')
      // …and from a window main would open, which no CSP protects: the session cancels the request.
      const loads = await app.evaluate(
        async ({ BrowserWindow }, urls) => {
          const outcomes: string[] = []
          for (const url of urls) {
            const win = new BrowserWindow({ show: false })
            outcomes.push(
              await win.loadURL(url).then(
                () => 'loaded',
                (error: Error) => error.message,
              ),
            )
            win.destroy()
          }
          return outcomes
        },
        [bait.url, pathToFileURL(localFile).href],
      )
      expect(loads).toEqual([expect.stringContaining('ERR_BLOCKED_BY_CLIENT'), expect.stringContaining('ERR_BLOCKED_BY_CLIENT')])
      expect(bait.requests).toEqual([])
    } finally {
      await app.close()
      bait.close()
    }
  })

  it('has File menu accelerators that open their dialogs', async () => {
    const { app, page } = await launch(workspaceWith('Menú'))
    try {
      const accelerators = await app.evaluate(({ Menu }) => {
        const file = Menu.getApplicationMenu()!.items.find((item) => item.label.replace('&', '') === 'File')!
        // The File menu's items and those of its submenus (Export → Annotations…, Report…).
        const items = file.submenu!.items.flatMap((item) => [item, ...(item.submenu?.items ?? [])])
        return items.filter((item) => item.accelerator).map((item) => [item.label, item.accelerator])
      })
      expect(accelerators).toEqual([
        ['Open Workspace…', 'CmdOrCtrl+O'],
        ['Import Articles…', 'CmdOrCtrl+I'],
        ['New Article from Pasted Text…', 'CmdOrCtrl+Shift+V'],
        ['Annotations…', 'CmdOrCtrl+E'],
        ['Report…', 'CmdOrCtrl+Shift+E'],
      ])
      // Those that open the app's own dialogs (Open and Import open the system's file choosers).
      await page.keyboard.press('ControlOrMeta+E')
      await page.waitForSelector('[role="dialog"][aria-label="Export annotations"]')
      await page.keyboard.press('Escape')
      await page.waitForSelector('[role="dialog"]', { state: 'detached' })
      await page.keyboard.press('ControlOrMeta+Shift+V')
      await page.waitForSelector('[role="dialog"][aria-label="New article from pasted text"]')
    } finally {
      await app.close()
    }
  })

  it('switches to Spanish from View → Language: the window and the menus follow, and it is remembered', async () => {
    const { app, page, userData } = await launch(workspaceWith('Idioma'))
    try {
      await openArticle(page, 'Idioma')
      await app.evaluate(({ Menu }) => Menu.getApplicationMenu()!.getMenuItemById('language-es')!.click())
      await page.waitForSelector('.sw-toolbar button:has-text("Abrir carpeta…")')
      await page.waitForSelector('.sw-article-title:has-text("Idioma")')
      const labels = await app.evaluate(({ Menu }) => Menu.getApplicationMenu()!.items.map((item) => item.label))
      expect(labels).toEqual(expect.arrayContaining(['&Archivo', 'A&notar', '&Ver', 'A&yuda']))
      expect(JSON.parse(readFileSync(join(userData, 'settings.json'), 'utf8')).language).toBe('es')
    } finally {
      await app.close()
    }
  })

  it('hands the folder of a second launch to the first window, and the second launch ends', async () => {
    const first = workspaceWith('Primera')
    const second = workspaceWith('Segunda')
    const { app, page, userData } = await launch(first)
    try {
      // Launched from the folder that holds it, with a relative path, as from a terminal.
      const launched = spawn(binary!, [repoRoot, basename(second)], {
        cwd: dirname(second),
        env: { ...process.env, SPANWISE_USER_DATA: userData },
        stdio: 'ignore',
      })
      const exitCode = await new Promise<number | null>((done) => launched.on('exit', done))
      expect(exitCode).toBe(0)
      await page.waitForSelector('.sw-library-row:has-text("Segunda")')
      expect(await page.locator('.sw-library-row:has-text("Primera")').count()).toBe(0)
      expect(app.windows()).toHaveLength(1)
    } finally {
      await app.close()
    }
  })

  it('compacts the journal into the annotation file before it quits', async () => {
    const workspace = workspaceWith('Cierre')
    const { app, page } = await launch(workspace)
    await openArticle(page, 'Cierre')
    await selectWithMouse(page, '«Es la mejor noticia»')
    await page.keyboard.press('q')
    await page.waitForSelector('.sw-save-status:has-text("All changes saved")')
    // Quit at once, well before the 2 s idle compaction.
    await app.close()
    const dir = join(workspace, '.spanwise/annotations')
    const journals = readdirSync(dir).filter((name) => name.includes('.journal'))
    expect(journals.filter((name) => statSync(join(dir, name)).size > 0)).toEqual([])
    const stored = readdirSync(dir).find((name) => name.endsWith('.json'))!
    const file = JSON.parse(readFileSync(join(dir, stored), 'utf8')) as { annotations: { kind: string; exact: string }[] }
    expect(file.annotations).toMatchObject([{ kind: 'quote', exact: '«Es la mejor noticia»' }])
  })
})
