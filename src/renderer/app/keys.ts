/**
 * The keyboard: keys pressed in the article view and anywhere else in the window, turned into the
 * controllers' commands (tag, delete, step through annotations, link, undo, suggestions…). A key
 * typed in a text field stays there, except Escape, which goes back to the text.
 */
import type { AnnotationPanel } from './annotation-panel'
import type { AnnotationCommands } from './annotation-commands'
import type { ArticleHost } from './article-host'
import type { AppContext } from './context'
import { showShortcuts } from './dialogs'
import { isTypingTarget } from './dom'
import type { Library } from './library'
import type { Linking } from './linking'
import type { Suggestions } from './suggestions'

export interface KeyTargets {
  host: ArticleHost
  commands: AnnotationCommands
  suggestions: Suggestions
  linking: Linking
  panel: AnnotationPanel
  library: Library
  /** Opens the claims board (board-controller.ts). */
  openBoard(): void
}

export class Keys {
  constructor(
    private readonly ctx: AppContext,
    private readonly t: KeyTargets,
  ) {}

  /** Listens to the window's keys (the article view's come through `onArticleKey`). */
  listen(): void {
    document.addEventListener('keydown', (e) => this.onKeyDown(e))
  }

  /** Keys pressed in the article view; true when handled. */
  onArticleKey(e: KeyboardEvent): boolean {
    const { session } = this.ctx
    session.catchUp()
    if (this.t.suggestions.onKey(e)) return true
    if ((e.key === 'Delete' || e.key === 'Backspace') && session.selectedId) {
      this.t.commands.remove(session.selectedId)
      return true
    }
    if (e.key === 'Escape' && (session.selectedId || session.linking)) {
      this.t.linking.stop()
      session.select(null)
      return true
    }
    return this.commandKey(e)
  }

  /** Keys pressed anywhere else in the window. */
  private onKeyDown(e: KeyboardEvent): void {
    if (e.defaultPrevented) return
    const { session } = this.ctx
    const view = this.t.host.view
    session.catchUp()
    if (isTypingTarget(e.target)) {
      if (e.key === 'Escape') view?.focus()
      return
    }
    if (view?.view.hasFocus()) return // the article view handled it already
    if (this.t.suggestions.onKey(e)) return
    if ((e.key === 'Delete' || e.key === 'Backspace') && session.selectedId) {
      e.preventDefault()
      this.t.commands.remove(session.selectedId)
    } else if (e.key === 'Escape') {
      this.t.linking.stop()
      view?.focus()
    } else if (!e.ctrlKey && !e.metaKey && !e.altKey && ['q', 'c', 'e'].includes(e.key.toLowerCase()) && view?.selection()) {
      e.preventDefault()
      this.t.commands.tagSelection(({ q: 'quote', c: 'claim', e: 'entity' } as const)[e.key.toLowerCase() as 'q' | 'c' | 'e'])
    } else {
      this.commandKey(e)
    }
  }

  /** Shortcuts that work wherever the focus is, except in a text field. */
  private commandKey(e: KeyboardEvent): boolean {
    const { session } = this.ctx
    const mod = e.ctrlKey || e.metaKey
    const plain = !mod && !e.altKey
    const key = e.key.toLowerCase()
    if (mod && key === 'z' && !e.shiftKey) this.t.commands.undoLast()
    else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) this.t.commands.redoLast()
    else if ((plain && e.key === 'j') || (e.altKey && e.key === 'ArrowDown')) this.step(1)
    else if ((plain && e.key === 'k') || (e.altKey && e.key === 'ArrowUp')) this.step(-1)
    else if (e.altKey && e.key === 'PageDown') this.t.library.step(1)
    else if (e.altKey && e.key === 'PageUp') this.t.library.step(-1)
    else if (e.key === '?') void showShortcuts()
    else if (plain && e.key === '/') this.t.panel.focusSearch()
    else if (mod && e.shiftKey && key === 'f') session.setSidebarTab('search')
    else if (mod && e.shiftKey && key === 'b') this.t.openBoard()
    else if (plain && e.key === 'l' && session.selectedId) this.t.linking.start(session.selectedId)
    else if (e.key === 'Enter' && plain && session.selectedId) this.t.panel.focusEditor()
    else return false
    e.preventDefault()
    return true
  }

  /** J/K: the next or previous annotation within the panel's filter. */
  private step(delta: number): void {
    const { session } = this.ctx
    const shown = session.shown()
    if (shown.length === 0) return
    const i = shown.findIndex((a) => a.id === session.selectedId)
    const next = i < 0 ? (delta > 0 ? 0 : shown.length - 1) : Math.min(shown.length - 1, Math.max(0, i + delta))
    session.select(shown[next].id, true)
  }
}
