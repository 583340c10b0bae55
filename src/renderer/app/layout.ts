/**
 * The window's frame: toolbar, sidebar with its tabs (articles, entities, search), the article area
 * (header, linking banner, the article), the panel, the progress bar, the save status and notices
 * (toasts, notices.ts).
 * The tabs, the banner and the save status follow the session and the save queue.
 */
import type { ProgressTask } from '../../shared/api'
import type { AnnotationKind } from '../../shared/model'
import { msg, onDidChangeLanguage, t } from '../../shared/i18n'
import type { NoticeLevel } from './context'
import { h } from './dom'
import { Notices } from './notices'
import type { SaveQueue, SaveStatus } from './save-queue'
import type { Room } from './room'
import type { Session, SidebarTab } from './session'
import './toolbar-narrow.css'

export interface ToolbarActions {
  chooseWorkspace(): void
  importFiles(): void
  pasteArticle(): void
  tag(kind: AnnotationKind): void
  undo(): void
  redo(): void
  export(): void
  claimsBoard(): void
  stopLinking(): void
  shortcuts(): void
}

export interface Panes {
  articles: HTMLElement
  entities: HTMLElement
  search: HTMLElement
  article: HTMLElement
  panel: HTMLElement
}

export class Layout {
  readonly articleHeader = h('header', { class: 'sw-article-header' })
  readonly main: HTMLElement
  /** Sidebar, article area and panel; its classes fold the panels away (room.ts). */
  readonly body = h('div', { class: 'sw-body' })
  /** Buttons that act on a workspace: disabled while none is open. */
  private readonly workspaceOnly: HTMLButtonElement[] = []
  private readonly foldLibrary = h('button', { class: 'sw-fold sw-fold-library', name: 'fold-library' }, '◧')
  private readonly foldPanel = h('button', { class: 'sw-fold sw-fold-panel', name: 'fold-panel' }, '◨')
  private readonly sidebarTabs = h('div', { class: 'sw-tabs', role: 'tablist' })
  private readonly sidebar = h('div', { class: 'sw-sidebar' })
  private readonly banner = h('div', { class: 'sw-banner', hidden: true, role: 'status' })
  private readonly saveIndicator = h(
    'span',
    { class: 'sw-save-status', role: 'status', 'aria-live': 'polite' },
    t('status.saved'),
  )
  /** The last save status and progress shown, rewritten when the language changes. */
  private lastSave: [SaveStatus, SaveQueue] | null = null
  private lastProgress: Parameters<Layout['showProgress']> | null = null
  private readonly notices = new Notices()
  /** Where the sync status sits in the toolbar (sync-view.ts). */
  readonly syncSlot = h('span', { class: 'sw-sync-slot' })
  private readonly workspaceName = h('span', { class: 'sw-workspace-name' })
  private readonly progress = h('div', { class: 'sw-progress', hidden: true, role: 'progressbar' })
  private room: Room | null = null

  constructor(
    private readonly session: Session,
    private readonly panes: Panes,
    private readonly actions: ToolbarActions,
  ) {
    this.main = h('main', { class: 'sw-main' }, this.articleHeader, this.banner, panes.article)
    session.onDidChangeSidebarTab((tab) => this.renderSidebar(tab))
    session.onDidChangeWorkspace(({ state }) => this.workspaceChanged(!!state, state?.name ?? ''))
    session.onDidChangeLinking(() => this.renderBanner())
    onDidChangeLanguage(() => {
      this.renderSidebar(this.session.sidebarTab)
      this.renderBanner()
      this.renderFolds()
      if (this.lastSave) this.showSaveStatus(...this.lastSave)
      else this.saveIndicator.textContent = t('status.saved')
      if (this.lastProgress) this.showProgress(...this.lastProgress)
    })
  }

  private renderBanner(): void {
    const pending = this.session.linking
    this.banner.hidden = !pending
    if (!pending) return
    const text = pending.exact.slice(0, 60)
    const key = pending.kind === 'claim' ? 'bannerClaim' : pending.kind === 'quote' ? 'bannerQuote' : 'bannerEntity'
    this.banner.replaceChildren(
      `${t(`linking.${key}`, { text })} `,
      h('button', { onclick: () => this.actions.stopLinking() }, t('linking.cancel')),
    )
  }

  /** The fold buttons say what a click does now (fold, or show again). */
  private renderFolds(): void {
    const room = this.room
    if (!room) return
    for (const [button, folded, fold, unfold] of [
      [this.foldLibrary, room.libraryFolded, t('room.foldLibrary'), t('room.unfoldLibrary')],
      [this.foldPanel, room.panelFolded, t('room.foldPanel'), t('room.unfoldPanel')],
    ] as const) {
      button.title = folded ? unfold : fold
      button.setAttribute('aria-label', button.title)
      button.setAttribute('aria-pressed', String(folded))
    }
  }

  mount(root: HTMLElement, room: Room): void {
    this.renderSidebar(this.session.sidebarTab)
    this.body.replaceChildren(this.sidebar, this.main, this.panes.panel)
    root.replaceChildren(this.toolbar(), this.progress, this.body, room.leaveButton, this.notices.element)
    this.foldLibrary.onclick = () => room.toggleLibrary()
    this.foldPanel.onclick = () => room.togglePanel()
    this.room = room
    room.onDidChange(() => this.renderFolds())
    this.renderFolds()
    this.workspaceChanged(!!this.session.workspace, this.session.workspace?.name ?? '')
  }

  /** With no workspace open, what needs one is disabled, and there is nothing to be saved. */
  private workspaceChanged(open: boolean, name: string): void {
    this.workspaceName.textContent = name
    for (const button of this.workspaceOnly) button.disabled = !open
    this.saveIndicator.hidden = !open
  }

  notify(message: string, level: NoticeLevel): void {
    this.notices.show(message, level)
  }

  showSaveStatus(status: SaveStatus, saves: SaveQueue): void {
    this.lastSave = [status, saves]
    this.saveIndicator.className = `sw-save-status is-${status.state}`
    this.saveIndicator.replaceChildren()
    if (status.state === 'saved') this.saveIndicator.textContent = t('status.saved')
    else if (status.state === 'saving') this.saveIndicator.textContent = t('status.saving')
    else
      this.saveIndicator.append(
        `${t('status.notSaved', { reason: status.reason })} `,
        h('button', { onclick: () => saves.retry() }, t('common.retry')),
      )
  }

  /** The progress bar of a long task; `cancel` adds a Cancel button. */
  showProgress(task: ProgressTask, done: number, total: number, label: string, cancel?: () => void): void {
    this.lastProgress = done >= total ? null : [task, done, total, label, cancel]
    if (done >= total) {
      this.progress.hidden = true
      return
    }
    this.progress.hidden = false
    this.progress.setAttribute('aria-valuenow', String(Math.round((100 * done) / total)))
    this.progress.replaceChildren(
      h(
        'span',
        {},
        task === 'import'
          ? t('progress.importing', { done: done + 1, total, label })
          : task === 'ocr'
            ? t('progress.ocr', { label, done: done + 1, total })
            : task === 'discovery'
              ? // Its last step (grouping the names found) is not an article.
                t('progress.discovery', { done: Math.min(done, total - 1), total: total - 1 })
              : t('progress.exporting', { done, total }),
      ),
      h('span', { class: 'sw-progress-bar' }, h('span', { class: 'sw-progress-fill' })),
      cancel ? h('button', { onclick: cancel }, t('common.cancel')) : '',
    )
    ;(this.progress.querySelector('.sw-progress-fill') as HTMLElement).style.width = `${(100 * done) / total}%`
  }

  private toolbar(): HTMLElement {
    const tag = (kind: AnnotationKind, key: string) =>
      needsWorkspace(
        h(
          'button',
          {
            class: `sw-tag-button sw-tag-${kind}`,
            title: msg(
              kind === 'quote' ? 'toolbar.tagQuoteTitle' : kind === 'claim' ? 'toolbar.tagClaimTitle' : 'toolbar.tagEntityTitle',
              { key },
            ),
            'data-tag': kind,
            onmousedown: (e: Event) => e.preventDefault(),
            onclick: () => this.actions.tag(kind),
          },
          h('span', { class: `sw-swatch sw-swatch-${kind}` }),
          msg(`toolbar.${kind}`),
          ' ',
          h('kbd', {}, key),
        ),
      )
    const a = this.actions
    const needsWorkspace = (button: HTMLButtonElement) => {
      this.workspaceOnly.push(button)
      return button
    }
    return h(
      'header',
      { class: 'sw-toolbar' },
      this.foldLibrary,
      h('span', { class: 'sw-brand' }, 'Spanwise'),
      this.workspaceName,
      h('button', { onclick: () => a.chooseWorkspace(), title: msg('toolbar.openTitle') }, msg('toolbar.open')),
      needsWorkspace(
        h(
          'button',
          {
            name: 'import',
            onclick: () => a.importFiles(),
            title: msg('toolbar.importTitle'),
          },
          msg('toolbar.import'),
        ),
      ),
      needsWorkspace(
        h(
          'button',
          { name: 'paste-article', onclick: () => a.pasteArticle(), title: msg('toolbar.pasteTitle') },
          msg('toolbar.paste'),
        ),
      ),
      h('span', { class: 'sw-toolbar-gap' }),
      h(
        'span',
        { class: 'sw-legend', 'aria-label': msg('toolbar.tagGroup') },
        tag('quote', 'Q'),
        tag('claim', 'C'),
        tag('entity', 'E'),
      ),
      h('span', { class: 'sw-toolbar-gap' }),
      needsWorkspace(
        h(
          'button',
          { name: 'claims-board', onclick: () => a.claimsBoard(), title: msg('toolbar.claimsTitle') },
          msg('toolbar.claims'),
        ),
      ),
      h('button', { onclick: () => a.undo(), title: msg('toolbar.undoTitle'), 'aria-label': msg('toolbar.undo') }, '↶'),
      h('button', { onclick: () => a.redo(), title: msg('toolbar.redoTitle'), 'aria-label': msg('toolbar.redo') }, '↷'),
      this.saveIndicator,
      this.syncSlot,
      needsWorkspace(
        h('button', { name: 'export', onclick: () => a.export(), title: msg('toolbar.exportTitle') }, msg('toolbar.export')),
      ),
      h(
        'button',
        { onclick: () => a.shortcuts(), title: msg('toolbar.shortcutsTitle'), 'aria-label': msg('toolbar.shortcuts') },
        '?',
      ),
      this.foldPanel,
    )
  }

  private renderSidebar(tab: SidebarTab): void {
    const button = (id: SidebarTab, label: string) =>
      h(
        'button',
        {
          role: 'tab',
          class: `sw-tab${tab === id ? ' is-active' : ''}`,
          'aria-selected': String(tab === id),
          'data-tab': id,
          onclick: () => this.session.setSidebarTab(id),
        },
        label,
      )
    this.sidebarTabs.replaceChildren(
      button('articles', t('sidebar.articles')),
      button('entities', t('sidebar.entities')),
      button('search', t('sidebar.search')),
    )
    this.sidebar.replaceChildren(this.sidebarTabs, this.panes[tab])
  }
}
