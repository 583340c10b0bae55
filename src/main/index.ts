/**
 * Electron main process: app lifecycle, the window, menus, dialogs. Everything else lives in plain-Node
 * services (workbench-service.ts and below) so it can be tested without Electron.
 */
import { app, BrowserWindow, dialog, Menu, protocol, safeStorage, session, type MenuItemConstructorOptions } from 'electron'
import { existsSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { MenuCommand, WorkbenchEvent } from '../shared/api'
import type { RecentWorkspace } from '../shared/view-settings'
import { EVENT_CHANNEL } from '../shared/api-methods'
import { WorkbenchError } from '../shared/errors'
import { LANGUAGE_NAMES, languageFor, LANGUAGES, said, setLanguage, t, type LanguagePreference } from '../shared/i18n'
import { APP_HOST, APP_INDEX_URL, APP_SCHEME, serveAppRequest } from './app-protocol'
import type { Host } from './host'
import { secretFileStore } from './sync/secret-file'
import { registerIpc } from './ipc'
import { WorkbenchService } from './workbench-service'

const here = fileURLToPath(new URL('.', import.meta.url))
const rendererRoot = join(here, '../renderer')

// The renderer runs on app://spanwise/ (app-protocol.ts), a standard, secure scheme of our own, not on
// file:. Registered before the app is ready, as Electron requires.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }])

let window: BrowserWindow | null = null

// Tests (and users who want a portable setup) can keep settings elsewhere.
if (process.env.SPANWISE_USER_DATA) app.setPath('userData', process.env.SPANWISE_USER_DATA)

/**
 * The workspace a command line names (`npm start -- <folder>`, `Spanwise <folder>`), resolved against the
 * folder it was typed in; an article file ("Open with Spanwise") names the folder that holds it.
 */
function folderFromArgs(argv: string[], cwd: string): string | null {
  const args = argv.slice(app.isPackaged ? 1 : 2).filter((a) => !a.startsWith('-') && a !== '.')
  const named = args.at(-1)
  return named ? workspaceFor(resolve(cwd, named)) : null
}

function workspaceFor(path: string): string | null {
  const stat = statSync(path, { throwIfNoEntry: false })
  return !stat ? null : stat.isDirectory() ? path : dirname(path)
}

/** What `Spanwise --cli export …` asks the command line to do (see README), or null to open the window. */
function cliArguments(argv: string[]): string[] | null {
  const at = argv.indexOf('--cli')
  return at === -1 ? null : argv.slice(at + 1)
}

/** Opens a folder handed over after start (a second launch, macOS's open-file); null until started. */
let openHandedOver: ((folder: string) => void) | null = null
let pendingFolder: string | null = null
function handOver(folder: string | null): void {
  if (folder && openHandedOver) openHandedOver(folder)
  else if (folder) pendingFolder = folder
}

/** The recent workspaces the File menu lists; the menu is rebuilt when they change. */
let recentWorkspaces: RecentWorkspace[] = []
let rebuildMenu: () => void = () => undefined
/** The language the menus were last built for. */
let currentPreference: LanguagePreference = 'system'

function send(event: WorkbenchEvent): void {
  if (event.type === 'recent-workspaces') {
    recentWorkspaces = event.recent
    rebuildMenu()
  }
  window?.webContents.send(EVENT_CHANNEL, event)
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    title: 'Spanwise',
    show: false,
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // Middle-click would try to open a link in a new window (denied below anyway): not even that.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  })
  win.once('ready-to-show', () => win.show())
  // The window shows our own page and nothing else: no navigation, no new windows.
  win.webContents.on('will-navigate', (event) => event.preventDefault())
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  void win.loadURL(APP_INDEX_URL)
  return win
}

/** The OS's preferred languages, most wanted first (the language menu's "Same as the System"). */
function systemLocales(): string[] {
  const preferred = app.getPreferredSystemLanguages()
  return preferred.length > 0 ? preferred : [app.getLocale()]
}

/** Applies the user's language choice to main (menus, native dialogs); the window follows by event. */
function applyLanguage(preference: LanguagePreference): void {
  setLanguage(languageFor(preference, systemLocales()))
}

/**
 * The application menu in the current language: every item through `t()`, Electron's roles (undo, copy,
 * zoom, quit) included, since Electron labels those in English. macOS's app menu is the system's own.
 */
function menu(service: WorkbenchService, preference: LanguagePreference): Menu {
  const command = (c: MenuCommand) => () => send({ type: 'menu', command: c })
  const choose = (p: LanguagePreference) => () => void service.setLanguage(p).catch(reportError)
  // Keys the window handles itself (so they work the same in the browser harness): the menu shows them
  // without registering them, and a click sends the command.
  const windowKey = (label: string, accelerator: string, c: MenuCommand): MenuItemConstructorOptions => ({
    label,
    accelerator,
    registerAccelerator: false,
    click: command(c),
  })
  const recent: MenuItemConstructorOptions[] = recentWorkspaces.map((r) => ({
    label: r.missing ? t('menu.recentMissing', { name: r.name }) : r.name,
    sublabel: r.path,
    enabled: !r.missing,
    click: () => void service.openRecentWorkspace(r.path).catch(reportError),
  }))
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: t('menu.file'),
      submenu: [
        { label: t('menu.openWorkspace'), accelerator: 'CmdOrCtrl+O', click: command('open-workspace') },
        {
          label: t('menu.openRecent'),
          submenu: recent.length
            ? [...recent, { type: 'separator' }, { label: t('menu.removeMissing'), click: () => void forgetMissing(service) }]
            : [{ label: t('menu.noRecent'), enabled: false }],
        },
        { label: t('menu.openSample'), click: () => void service.openSampleWorkspace().catch(reportError) },
        { type: 'separator' },
        { label: t('menu.importArticles'), accelerator: 'CmdOrCtrl+I', click: command('import') },
        { label: t('menu.pasteArticle'), accelerator: 'CmdOrCtrl+Shift+V', click: command('paste-article') },
        { type: 'separator' },
        {
          label: t('menu.export'),
          submenu: [
            { label: t('menu.exportAnnotations'), accelerator: 'CmdOrCtrl+E', click: command('export') },
            { label: t('menu.exportReport'), accelerator: 'CmdOrCtrl+Shift+E', click: command('export-report') },
          ],
        },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close', label: t('menu.close') } : { role: 'quit', label: t('menu.quit') },
      ],
    },
    {
      label: t('menu.annotate'),
      // Q, C and E are handled in the article view, not as accelerators: menu accelerators would
      // swallow those letters in every text field.
      submenu: [
        { label: `${t('menu.tagQuote')}        Q`, click: command('tag-quote') },
        { label: `${t('menu.tagClaim')}        C`, click: command('tag-claim') },
        { label: `${t('menu.tagEntity')}       E`, click: command('tag-entity') },
      ],
    },
    {
      label: t('menu.edit'),
      submenu: [
        { role: 'undo', label: t('menu.undo') },
        { role: 'redo', label: t('menu.redo') },
        { type: 'separator' },
        { role: 'cut', label: t('menu.cut') },
        { role: 'copy', label: t('menu.copy') },
        { role: 'paste', label: t('menu.paste') },
        { role: 'selectAll', label: t('menu.selectAll') },
      ],
    },
    {
      label: t('menu.view'),
      submenu: [
        { label: t('menu.claimsBoard'), accelerator: 'CmdOrCtrl+Shift+B', click: command('claims-board') },
        {
          label: t('menu.language'),
          submenu: [
            {
              id: 'language-system',
              label: t('menu.languageSystem'),
              type: 'radio',
              checked: preference === 'system',
              click: choose('system'),
            },
            { type: 'separator' },
            ...LANGUAGES.map((l): MenuItemConstructorOptions => ({
              id: `language-${l}`,
              label: LANGUAGE_NAMES[l],
              type: 'radio',
              checked: preference === l,
              click: choose(l),
            })),
          ],
        },
        { type: 'separator' },
        windowKey(t('menu.foldSidebar'), 'CmdOrCtrl+B', 'toggle-library'),
        windowKey(t('menu.foldPanel'), 'CmdOrCtrl+Alt+B', 'toggle-panel'),
        windowKey(t('menu.readingMode'), 'CmdOrCtrl+Shift+R', 'reading-mode'),
        { type: 'separator' },
        // Ctrl/Cmd + and − size the article's text (room.ts), in place of the whole window's zoom.
        windowKey(t('menu.textBigger'), 'CmdOrCtrl+Plus', 'text-bigger'),
        windowKey(t('menu.textSmaller'), 'CmdOrCtrl+-', 'text-smaller'),
        windowKey(t('menu.textReset'), 'CmdOrCtrl+0', 'text-reset'),
        { type: 'separator' },
        { role: 'reload', label: t('menu.reload') },
        { role: 'toggleDevTools', label: t('menu.devTools') },
        { type: 'separator' },
        { role: 'togglefullscreen', label: t('menu.fullScreen') },
      ],
    },
    { label: t('menu.help'), submenu: [{ label: `${t('menu.shortcuts')}   ?`, click: command('shortcuts') }] },
  ]
  return Menu.buildFromTemplate(template)
}

/** File → Open Recent → Remove Missing Folders. */
async function forgetMissing(service: WorkbenchService): Promise<void> {
  for (const r of recentWorkspaces.filter((w) => w.missing)) await service.forgetRecentWorkspace(r.path).catch(reportError)
}

/**
 * The report as PDF: printed by a hidden window of its own session, with JavaScript off and every
 * request but the document itself refused (the memo has none: inline CSS, no images or fonts).
 */
async function printToPdf(html: string): Promise<Uint8Array> {
  const printSession = session.fromPartition('spanwise-print')
  printSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  printSession.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith('data:') }))
  const printer = new BrowserWindow({
    show: false,
    webPreferences: {
      session: printSession,
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      disableBlinkFeatures: 'Auxclick',
    },
  })
  try {
    await printer.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`)
    return await printer.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true })
  } finally {
    printer.destroy()
  }
}

function reportError(error: unknown): void {
  const why = error instanceof WorkbenchError ? error.said : undefined
  send({
    type: 'notice',
    level: 'error',
    message: error instanceof Error ? error.message : String(error),
    ...(why ? { said: why } : {}),
  })
}

async function start(): Promise<void> {
  // No permission (camera, notifications, geolocation…) is ever granted; no request leaves the machine.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
  // The page may load its own bundle and nothing else: not the network, not other local files.
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !details.url.startsWith(`${APP_SCHEME}://${APP_HOST}/`) && !details.url.startsWith('devtools://') })
  })
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request.url, rendererRoot))

  const host: Host = {
    async chooseFolder() {
      const result = await dialog.showOpenDialog(window!, {
        title: t('dialog.openWorkspace'),
        properties: ['openDirectory', 'createDirectory'],
      })
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
    async chooseFiles() {
      const result = await dialog.showOpenDialog(window!, {
        title: t('dialog.importArticles'),
        properties: ['openFile', 'multiSelections'],
        filters: [{ name: t('dialog.articleFiles'), extensions: ['txt', 'md', 'markdown', 'html', 'htm', 'docx', 'pdf'] }],
      })
      return result.canceled ? [] : result.filePaths
    },
    async chooseSavePath(defaultName, extension) {
      const result = await dialog.showSaveDialog(window!, {
        title: t('dialog.export'),
        defaultPath: defaultName,
        // A brat export is a folder: no extension filter, the name becomes the folder's.
        filters: extension ? [{ name: extension.toUpperCase(), extensions: [extension] }] : [],
      })
      return result.canceled ? null : (result.filePath ?? null)
    },
    emit: (event) => {
      // A language chosen in the window or the menu: the menus are rebuilt in it, then the window follows.
      if (event.type === 'language') {
        applyLanguage(event.preference)
        currentPreference = event.preference
        rebuildMenu()
      }
      send(event)
    },
    printToPdf,
    sampleWorkspaceSource: app.isPackaged
      ? join(process.resourcesPath, 'sample-workspace')
      : join(app.getAppPath(), 'sample-workspace'),
    userDataDir: app.getPath('userData'),
    // Sync passwords: sealed by the OS keychain, kept in the user-data folder, never in a workspace.
    secrets: secretFileStore(app.getPath('userData'), {
      available: () => safeStorage.isEncryptionAvailable(),
      encrypt: (plain) => safeStorage.encryptString(plain),
      decrypt: (sealed) => safeStorage.decryptString(sealed),
    }),
  }
  const service = await WorkbenchService.create(host)
  registerIpc(service, (sender, frameUrl) => sender === window?.webContents && frameUrl === APP_INDEX_URL)
  const preference = await service.getLanguage()
  applyLanguage(preference)
  rebuildMenu = () => Menu.setApplicationMenu(menu(service, currentPreference))
  currentPreference = preference
  recentWorkspaces = await service.listRecentWorkspaces()
  rebuildMenu()

  window = createWindow()
  window.on('closed', () => (window = null))
  const initial = pendingFolder ?? folderFromArgs(process.argv, process.cwd()) ?? service.lastWorkspace
  pendingFolder = null
  if (initial && existsSync(initial)) {
    await service.openWorkspace(initial).catch(reportError)
  }
  openHandedOver = (folder) => void service.openWorkspace(folder).catch(reportError)
  const handedOverMeanwhile = pendingFolder
  handOver(handedOverMeanwhile)
  // Quit only once pending saves are compacted and the watcher is closed (a journal left behind loses
  // nothing, but costs the next open a moment); never wait more than a few seconds.
  let closed = false
  app.on('before-quit', (event) => {
    if (closed) return
    event.preventDefault()
    closed = true
    const giveUp = new Promise((resolve) => setTimeout(resolve, 5_000))
    void Promise.race([service.close().catch(reportError), giveUp]).finally(() => app.quit())
  })
}

const cli = cliArguments(process.argv)
if (cli) {
  // The command line of an installed app (its Node cannot be run directly: the RunAsNode fuse is off).
  // No window, no single-instance lock: it works beside an open app, as `npx spanwise` does.
  app.dock?.hide()
  void import('./cli')
    .then(({ main }) => main(cli))
    .catch((error: unknown) => {
      process.stderr.write(`spanwise: ${error instanceof Error ? error.message : String(error)}\n`)
      return 1
    })
    // Exit once stdout has taken everything (a pipe on macOS is written asynchronously).
    .then((code) => process.stdout.write('', () => app.exit(code)))
} else if (!app.requestSingleInstanceLock()) {
  // One instance per user: a second launch hands its folder to the first window instead of racing it
  // on the same files.
  app.quit()
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const folder = folderFromArgs(argv, workingDirectory)
    handOver(folder)
    if (window) {
      if (window.isMinimized()) window.restore()
      window.focus()
      if (!folder) send({ type: 'notice', level: 'info', message: t('notice.alreadyOpen'), said: said('notice.alreadyOpen') })
    }
  })
  // macOS hands an article opened from the Finder ("Open with Spanwise") here, before or after start.
  app.on('open-file', (event, path) => {
    event.preventDefault()
    handOver(workspaceFor(path))
  })
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
  app.on('window-all-closed', () => app.quit())
  void app.whenReady().then(start)
}
