/**
 * Shows that two builds of the renderer look the same: the main screens (welcome, library + article +
 * panel + editor, entities, search, claims board, compare, dialogs, reading mode, folded columns, light
 * and dark) at 1280×720, taken through the browser harness from the same workspace, compared pixel by
 * pixel and by every element's computed style. For a change that should not show (a stylesheet split
 * into files, a rule moved): build the commit before it, keep its out/renderer, build the change, run
 *
 *   node --import tsx test/screenshots/compare-builds.ts <before>/out/renderer [out/renderer] [shots-folder]
 *
 * It prints one line per screen and exits 1 when any differs. The screenshots stay in the folder (a
 * temporary one by default); nothing is written into the repository.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createCanvas, loadImage } from '@napi-rs/canvas'
import type { Page } from 'playwright-core'
import type { WorkbenchService } from '../../src/main/workbench-service'
import { articleIdFor } from '../../src/main/workspace/workspace'
import { openArticle, openWorkbench, SAMPLE_WORKSPACE, tempDir } from '../e2e/harness'
import { tagger } from '../helpers/tagging'

const ES = 'informes/puerto-de-valdemar.txt'
const EN = 'informes/valdemar-port-expansion.txt'
const PR = 'press-release-port-authority.md'
const VIEWPORT = { width: 1280, height: 720 }

interface Screen {
  name: string
  dark?: boolean
  /** Undoes what the screen left in main (folds and reading mode are the user's settings, kept across loads). */
  after?(s: WorkbenchService): Promise<unknown>
  /** From a freshly loaded window to the screen. */
  reach(page: Page): Promise<void>
}

const openWithEditor = async (page: Page) => {
  await openArticle(page, 'El Ayuntamiento de Valdemar')
  await page.click('.sw-annotation-row:has-text("más de 3.000 empleos directos» en")')
  await page.waitForSelector('.sw-editor')
}
const board = async (page: Page) => {
  await openArticle(page, 'El Ayuntamiento de Valdemar')
  await page.keyboard.press('Control+Shift+B')
  await page.waitForSelector('.sw-board[aria-busy="false"] .sw-board-list .sw-board-row')
  await page.focus('.sw-board-list')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Space')
}
const compareDialog = async (page: Page) => {
  await openArticle(page, 'El Ayuntamiento de Valdemar')
  await page.click('button[name="compare"]')
  await page.waitForSelector('.sw-dialog')
}
const compare = async (page: Page) => {
  await compareDialog(page)
  await page.click('.sw-dialog button.sw-primary')
  await page.waitForSelector('.sw-compare-item')
}

const SCREENS: Screen[] = [
  { name: 'article', reach: openWithEditor },
  { name: 'article-dark', dark: true, reach: openWithEditor },
  {
    name: 'entities',
    reach: async (page) => {
      await openArticle(page, 'El Ayuntamiento de Valdemar')
      await page.click('.sw-tab[data-tab="entities"]')
      await page.click('.sw-entity-row:has-text("Inés Marroquín")')
      await page.waitForSelector('.sw-entity-detail input[name="entity-name"]')
    },
  },
  {
    name: 'search',
    reach: async (page) => {
      await page.click('.sw-tab[data-tab="search"]')
      await page.fill('input[name="workspace-search"]', 'empleos')
      await page.waitForSelector('.sw-search-hit')
      await page.waitForFunction(() => !document.querySelector('.sw-search-partial'), undefined, { timeout: 60_000 })
    },
  },
  { name: 'board', reach: board },
  { name: 'board-dark', dark: true, reach: board },
  { name: 'compare-dialog', reach: compareDialog },
  { name: 'compare', reach: compare },
  { name: 'compare-dark', dark: true, reach: compare },
  {
    name: 'export-dialog',
    reach: async (page) => {
      await page.click('button[name="export"]')
      await page.waitForSelector('.sw-dialog')
    },
  },
  {
    name: 'shortcuts-dark',
    dark: true,
    reach: async (page) => {
      await page.keyboard.press('?')
      await page.waitForSelector('.sw-shortcuts')
    },
  },
  {
    name: 'reading',
    after: (s) => s.setViewSettings({ readingMode: false }),
    reach: async (page) => {
      await openArticle(page, 'El Ayuntamiento de Valdemar')
      await page.keyboard.press('Control+Shift+R')
      await page.waitForSelector('.sw-leave-reading:not([hidden])')
    },
  },
  {
    name: 'folded',
    after: (s) => s.setViewSettings({ libraryFolded: false, panelFolded: false }),
    reach: async (page) => {
      await openArticle(page, 'El Ayuntamiento de Valdemar')
      await page.keyboard.press('Control+B')
      await page.keyboard.press('Control+Alt+B')
      await page.waitForSelector('.sw-body.is-library-folded.is-panel-folded')
    },
  },
]
const WELCOME: Screen[] = [
  { name: 'welcome', reach: (page) => page.waitForSelector('.sw-welcome .sw-recent-row').then(() => undefined) },
  { name: 'welcome-dark', dark: true, reach: (page) => page.waitForSelector('.sw-welcome .sw-recent-row').then(() => undefined) },
]

/** The sample workspace with a fact-check under way, made once so both builds show the same data. */
async function makeTemplate(root: string): Promise<void> {
  const workspace = join(root, 'port-story')
  cpSync(SAMPLE_WORKSPACE, workspace, { recursive: true })
  const wb = await openWorkbench({ workspace, userDataDir: join(root, 'user') })
  const s = wb.service
  try {
    const tag = await tagger(s, [ES, EN, PR])
    await s.createEntity({ id: 'ines', name: 'Inés Marroquín', type: 'person', aliases: ['Mayor Inés Marroquín'] })
    await s.createEntity({ id: 'ferrer', name: 'Tomás Ferrer', type: 'person' })
    await tag(ES, 'Inés Marroquín', 'entity', { attributes: { entityId: 'ines' } })
    await tag(ES, 'Tomás Ferrer', 'entity', { attributes: { entityId: 'ferrer' } })
    const jobs = await tag(ES, 'creará «más de 3.000 empleos directos» en la próxima década', 'claim', {
      attributes: { status: 'misleading' },
      note: 'The Port Authority’s own report says 1,200.',
      tags: ['empleo', 'cifras'],
    })
    await tag(ES, '«más de 3.000 empleos directos»', 'quote', { attributes: { speakerId: 'ines' } })
    await tag(ES, 'con 14 votos a favor y 7 en contra', 'claim', { attributes: { status: 'accurate' } })
    await tag(ES, 'reunió a unas 2.500 personas frente al consistorio', 'claim', { note: 'Police figure pending.' })
    await tag(EN, 'approved, by 14 votes to 7', 'claim', { attributes: { status: 'accurate' } })
    const pr = await tag(PR, '1,200 direct jobs', 'claim', { attributes: { status: 'accurate' } })
    await s.createLink({
      id: 'L1',
      from: { articleId: articleIdFor(ES), annotationId: jobs },
      to: { articleId: articleIdFor(PR), annotationId: pr },
      relation: 'contradicts',
    })
  } finally {
    await wb.close()
  }
}

/** Waits until nothing moves: fonts in, counts and long tasks done, no animation running, two frames painted. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  await page.waitForFunction(() => !document.querySelector('.sw-counts.is-pending'))
  // Long tasks (entity discovery when the Entities tab shows) ended: their progress bar is hidden.
  await page.waitForFunction(() => !document.querySelector('.sw-progress:not([hidden])'), undefined, { timeout: 60_000 })
  await page.waitForFunction(() => !document.getAnimations().some((a) => a.playState === 'running'))
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))))
}

/** Every element in document order with its computed style (all properties). */
function computedStyles(): string[] {
  return [...document.querySelectorAll('*')].map((el) => {
    const cs = getComputedStyle(el)
    const props: string[] = []
    for (let i = 0; i < cs.length; i++) props.push(`${cs[i]}:${cs.getPropertyValue(cs[i])}`)
    return `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} {${props.sort().join(';')}}`
  })
}

async function shoot(page: Page, url: string, screen: Screen, s: WorkbenchService, folder: string) {
  await page.emulateMedia({ colorScheme: screen.dark ? 'dark' : 'light' })
  await page.goto(url)
  await page.waitForSelector('.sw-toolbar')
  await screen.reach(page)
  await settle(page)
  const png = join(folder, `${screen.name}.png`)
  await page.screenshot({ path: png, animations: 'disabled', caret: 'hide' })
  const styles = await page.evaluate(computedStyles)
  writeFileSync(join(folder, `${screen.name}.styles.txt`), styles.join('\n'))
  await screen.after?.(s)
}

async function capture(label: string, rendererDir: string, root: string, out: string): Promise<void> {
  const url = pathToFileURL(join(resolve(rendererDir), 'index.html')).href
  const folder = join(out, label)
  mkdirSync(folder, { recursive: true })
  const restore = () => {
    for (const name of ['port-story', 'user']) {
      rmSync(join(root, name), { recursive: true, force: true })
      cpSync(join(root, `template-${name}`), join(root, name), { recursive: true })
    }
  }
  restore()
  const welcome = await openWorkbench({
    workspace: join(root, 'port-story'),
    userDataDir: join(root, 'user'),
    open: false,
    viewport: VIEWPORT,
  })
  try {
    for (const screen of WELCOME) await shoot(welcome.page, url, screen, welcome.service, folder)
  } finally {
    await welcome.close()
  }
  restore()
  const wb = await openWorkbench({ workspace: join(root, 'port-story'), userDataDir: join(root, 'user'), viewport: VIEWPORT })
  try {
    for (const screen of SCREENS) await shoot(wb.page, url, screen, wb.service, folder)
  } finally {
    await wb.close()
  }
}

/**
 * Chromium's raster is not exactly repeatable: the same build taken twice differs by 1–2 units on a few
 * dozen antialiased pixels (rounded corners). A pixel differs when a channel moves by more than that.
 */
const RASTER_NOISE = 2

async function pixelsDiffering(a: string, b: string): Promise<number> {
  const [x, y] = await Promise.all([loadImage(readFileSync(a)), loadImage(readFileSync(b))])
  if (x.width !== y.width || x.height !== y.height) return Infinity
  const data = (img: typeof x) => {
    const canvas = createCanvas(img.width, img.height)
    const ctx = canvas.getContext('2d')
    ctx.drawImage(img, 0, 0)
    return ctx.getImageData(0, 0, img.width, img.height).data
  }
  const [p, q] = [data(x), data(y)]
  let n = 0
  for (let i = 0; i < p.length; i += 4) if ([0, 1, 2, 3].some((c) => Math.abs(p[i + c] - q[i + c]) > RASTER_NOISE)) n++
  return n
}

async function main(): Promise<void> {
  const [before, after = 'out/renderer', out = tempDir('spanwise-shots-')] = process.argv.slice(2)
  if (!before) throw new Error('usage: compare-builds.ts <renderer before> [<renderer after>] [<shots folder>]')
  // One fixed place, so that paths on screen (recent workspaces) are the same for both builds.
  const root = join(tmpdir(), 'spanwise-compare-builds')
  rmSync(root, { recursive: true, force: true })
  mkdirSync(root)
  await makeTemplate(root)
  for (const name of ['port-story', 'user']) cpSync(join(root, name), join(root, `template-${name}`), { recursive: true })
  await capture('before', before, root, out)
  await capture('after', after, root, out)
  let differing = 0
  for (const { name } of [...WELCOME, ...SCREENS]) {
    const pixels = await pixelsDiffering(join(out, 'before', `${name}.png`), join(out, 'after', `${name}.png`))
    const a = readFileSync(join(out, 'before', `${name}.styles.txt`), 'utf8').split('\n')
    const b = readFileSync(join(out, 'after', `${name}.styles.txt`), 'utf8').split('\n')
    const styles = a.length === b.length ? a.filter((line, i) => line !== b[i]).length : Infinity
    if (pixels || styles) differing++
    console.log(
      `${name}: ${pixels} pixels differ (beyond raster noise), ${styles} of ${a.length} elements' computed styles differ`,
    )
  }
  console.log(`${differing ? `${differing} screens differ` : 'identical'}; screenshots in ${out}`)
  process.exitCode = differing ? 1 : 0
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
