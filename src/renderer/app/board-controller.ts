/**
 * The claims board (claims-board.ts), wired into the window: opened from the toolbar, View → Claims
 * Board or Ctrl+Shift+B over the article area; it gives way to the article when one opens (from the
 * board or the library) and when the workspace switches. Its status changes go through the undo stack
 * and the save queue like every edit, and the open article's annotations follow them.
 */
import { ClaimsBoard } from './claims-board'
import { t } from '../../shared/i18n'
import type { AppContext } from './context'
import type { Layout } from './layout'
import type { SyncStore } from './sync-store'

export interface BoardTargets {
  /** Opens an article and selects one of its annotations. */
  goTo(articleId: string, annotationId: string): void
  /** The board changed claims of these articles: the open one's annotations are fetched again. */
  reload(articleIds: readonly string[]): void
  /** Gives the keyboard back to the article's text. */
  focusText(): void
}

export class BoardController {
  private readonly board: ClaimsBoard

  constructor(
    private readonly ctx: AppContext,
    private readonly layout: Layout,
    sync: SyncStore,
    targets: BoardTargets,
  ) {
    const { api, entities, undo, saves } = ctx
    this.board = new ClaimsBoard(api, entities, sync, {
      open: (articleId, annotationId) => (this.board.detach(), targets.goTo(articleId, annotationId)),
      close: () => (this.board.detach(), targets.focusText()),
      run: (command) => undo.run(command),
      save: (task, onError) => saves.push(task, onError),
      notify: (message, level) => ctx.notify(message, level),
      changed: (ids) => targets.reload(ids),
    })
    ctx.session.onWillOpenArticle(() => this.board.detach())
    ctx.session.onDidChangeWorkspace(({ switched }) => switched && this.board.detach())
  }

  /** Shows every claim of the workspace, with its statuses (built-in first, then the workspace's own). */
  open(): void {
    const workspace = this.ctx.session.workspace
    if (!workspace) return this.ctx.notify(t('errors.noWorkspace'), 'info')
    this.board.attach(this.layout.main)
    void this.board.show(this.ctx.session.claimStatuses, workspace.articles)
  }
}
