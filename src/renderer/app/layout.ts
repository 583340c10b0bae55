/**
 * The window's frame: toolbar, sidebar with its tabs (articles, entities, search), the article area
 * (header, linking banner, the article), the panel, the progress bar, the save status and notices
 * (toasts, notices.ts).
 * The tabs, the banner and the save status follow the session and the save queue.
 */
import type { AnnotationKind } from '../../shared/model'
import { KIND_LABEL } from './annotation-panel'
import type { NoticeLevel } from './context'
import { h } from './dom'
import { Notices } from './notices'
import type { SaveQueue, SaveStatus } from './save-queue'
import type { Room } from './room'
import { ROOM_TEXT } from './room'
import type { Session, SidebarTab } from './session'

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
    'All changes saved',
  )
  private readonly notices = new Notices()
  private readonly workspaceName = h('span', { class: 'sw-workspace-name' })
  private readonly progress = h('div', { class: 'sw-progress', hidden: true, role: 'progressbar' })

  constructor(
    private readonly session: Session,
    private readonly panes: Panes,
    private readonly actions: ToolbarActions,
  ) {
    this.main = h('main', { class: 'sw-main' }, this.articleHeader, this.banner, panes.article)
    session.onDidChangeSidebarTab((tab) => this.renderSidebar(tab))
    session.onDidChangeWorkspace(({ state }) => this.workspaceChanged(!!state, state?.name ?? ''))
    session.onDidChangeLinking((pending) => {
      this.banner.hidden = !pending
      if (!pending) return
      this.banner.replaceChildren(
        `Linking ${KIND_LABEL[pending.kind].toLowerCase()} “${pending.exact.slice(0, 60)}”: select the ${pending.kind === 'claim' ? 'evidence' : 'other annotation'} (a highlight or a row, in this or another article). `,
        h('button', { onclick: () => this.actions.stopLinking() }, 'Cancel (Esc)'),
      )
    })
  }

  mount(root: HTMLElement, room: Room): void {
    this.renderSidebar(this.session.sidebarTab)
    this.body.replaceChildren(this.sidebar, this.main, this.panes.panel)
    root.replaceChildren(this.toolbar(), this.progress, this.body, room.leaveButton, this.notices.element)
    this.foldLibrary.onclick = () => room.toggleLibrary()
    this.foldPanel.onclick = () => room.togglePanel()
    const showRoom = () => {
      for (const [button, folded, fold, unfold] of [
        [this.foldLibrary, room.libraryFolded, ROOM_TEXT.foldLibrary, ROOM_TEXT.unfoldLibrary],
        [this.foldPanel, room.panelFolded, ROOM_TEXT.foldPanel, ROOM_TEXT.unfoldPanel],
      ] as const) {
        button.title = folded ? unfold : fold
        button.setAttribute('aria-label', button.title)
        button.setAttribute('aria-pressed', String(folded))
      }
    }
    room.onDidChange(showRoom)
    showRoom()
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
    this.saveIndicator.className = `sw-save-status is-${status.state}`
    this.saveIndicator.replaceChildren()
    if (status.state === 'saved') this.saveIndicator.textContent = 'All changes saved'
    else if (status.state === 'saving') this.saveIndicator.textContent = 'Saving…'
    else this.saveIndicator.append(`Not saved: ${status.reason} `, h('button', { onclick: () => saves.retry() }, 'Retry'))
  }

  /** The progress bar of a long task; `cancel` adds a Cancel button. */
  showProgress(task: 'import' | 'export' | 'ocr', done: number, total: number, label: string, cancel?: () => void): void {
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
          ? `Importing ${done + 1} of ${total}: ${label}`
          : task === 'ocr'
            ? `Reading (OCR) ${label}: page ${done + 1} of ${total}`
            : `Exporting: ${done} of ${total} articles`,
      ),
      h('span', { class: 'sw-progress-bar' }, h('span', { class: 'sw-progress-fill' })),
      cancel ? h('button', { onclick: cancel }, 'Cancel') : '',
    )
    ;(this.progress.querySelector('.sw-progress-fill') as HTMLElement).style.width = `${(100 * done) / total}%`
  }

  private toolbar(): HTMLElement {
    const tag = (kind: AnnotationKind, label: string, key: string) =>
      needsWorkspace(
        h(
          'button',
          {
            class: `sw-tag-button sw-tag-${kind}`,
            title: `Tag the selection as ${kind === 'entity' ? 'an' : 'a'} ${kind} (${key})`,
            'data-tag': kind,
            onmousedown: (e: Event) => e.preventDefault(),
            onclick: () => this.actions.tag(kind),
          },
          h('span', { class: `sw-swatch sw-swatch-${kind}` }),
          `${label} `,
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
      h('button', { onclick: () => a.chooseWorkspace(), title: 'Open a folder of articles (Ctrl+O)' }, 'Open folder…'),
      needsWorkspace(
        h(
          'button',
          {
            name: 'import',
            onclick: () => a.importFiles(),
            title: 'Copy article files into this workspace (or drop them on the window)',
          },
          'Import…',
        ),
      ),
      needsWorkspace(
        h(
          'button',
          { name: 'paste-article', onclick: () => a.pasteArticle(), title: 'Save pasted text as a new article' },
          'Paste text…',
        ),
      ),
      h('span', { class: 'sw-toolbar-gap' }),
      h(
        'span',
        { class: 'sw-legend', 'aria-label': 'Tag the selection' },
        tag('quote', 'Quote', 'Q'),
        tag('claim', 'Claim', 'C'),
        tag('entity', 'Entity', 'E'),
      ),
      h('span', { class: 'sw-toolbar-gap' }),
      needsWorkspace(
        h(
          'button',
          { name: 'claims-board', onclick: () => a.claimsBoard(), title: 'Every claim in one table (Ctrl+Shift+B)' },
          'Claims',
        ),
      ),
      h('button', { onclick: () => a.undo(), title: 'Undo (Ctrl+Z)', 'aria-label': 'Undo' }, '↶'),
      h('button', { onclick: () => a.redo(), title: 'Redo (Ctrl+Shift+Z)', 'aria-label': 'Redo' }, '↷'),
      this.saveIndicator,
      needsWorkspace(h('button', { name: 'export', onclick: () => a.export(), title: 'Export annotations' }, 'Export…')),
      h('button', { onclick: () => a.shortcuts(), title: 'Keyboard shortcuts (?)', 'aria-label': 'Keyboard shortcuts' }, '?'),
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
    this.sidebarTabs.replaceChildren(button('articles', 'Articles'), button('entities', 'Entities'), button('search', 'Search'))
    this.sidebar.replaceChildren(this.sidebarTabs, this.panes[tab])
  }
}
