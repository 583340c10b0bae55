/**
 * The keyboard: keys pressed in the article view and anywhere else in the window, turned into the
 * controllers' commands (tag, delete, step through annotations, link, undo, suggestions…). A key
 * typed in a text field stays there, except Escape, which goes back to the text.
 */
import type { AnnotationPanel } from './annotation-panel'
import type { AnnotationCommands } from './annotation-commands'
import type { ArticleHost } from './article-host'
import type { AppContext } from './context'
import { MENU_KEYS, showShortcuts, TEXT_KEYS } from './dialogs'
import { isTypingTarget } from './dom'
import { msg, type Msg } from '../../shared/i18n'
import type { Library } from './library'
import type { Linking } from './linking'
import type { Room } from './room'
import type { Suggestions } from './suggestions'

export interface KeyTargets {
  host: ArticleHost
  commands: AnnotationCommands
  suggestions: Suggestions
  linking: Linking
  panel: AnnotationPanel
  library: Library
  room: Room
  /** Opens the claims board (board-controller.ts). */
  openBoard(): void
}

/**
 * A shortcut that works wherever the focus is (except in a text field): the keys as the help shows
 * them, what they do, when they apply and what they run. The help overlay lists exactly these, after
 * the keys of the text and the dialogs (`SHORTCUTS` in dialogs.ts), so it cannot leave one out.
 */
export interface KeyBinding {
  keys: string | Msg
  what: Msg
  /** For the bindings `Keys.commandKey` treats itself (a direction, a size, a selection needed). */
  id?: 'step' | 'edit' | 'link' | 'article' | 'text-size'
  matches(e: KeyboardEvent, plain: boolean, mod: boolean): boolean
  run(t: KeyTargets, keys: Keys): void
}

const key = (e: KeyboardEvent) => e.key.toLowerCase()

export const KEY_BINDINGS: readonly KeyBinding[] = [
  {
    id: 'step',
    keys: msg('shortcuts.nextKeys'),
    what: msg('shortcuts.next'),
    matches: (e, plain) =>
      (plain && (e.key === 'j' || e.key === 'k')) || (e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')),
    run: () => undefined, // direction read in `Keys.commandKey`
  },
  {
    id: 'edit',
    keys: msg('shortcuts.enterKey'),
    what: msg('shortcuts.edit'),
    matches: (e, plain) => e.key === 'Enter' && plain,
    run: (t) => t.panel.focusEditor(),
  },
  {
    id: 'link',
    keys: 'L',
    what: msg('shortcuts.link'),
    matches: (e, plain) => plain && e.key === 'l',
    run: (t, k) => k.selected && t.linking.start(k.selected),
  },
  {
    keys: '/',
    what: msg('shortcuts.search'),
    matches: (e, plain) => plain && e.key === '/',
    run: (t) => t.panel.focusSearch(),
  },
  {
    keys: msg('shortcuts.searchAllKeys'),
    what: msg('shortcuts.searchAll'),
    matches: (e, _p, mod) => mod && e.shiftKey && key(e) === 'f',
    run: (_t, k) => k.searchWorkspace(),
  },
  {
    keys: msg('shortcuts.boardKeys'),
    what: msg('shortcuts.board'),
    matches: (e, _p, mod) => mod && e.shiftKey && key(e) === 'b',
    run: (t) => t.openBoard(),
  },
  {
    keys: 'Ctrl/Cmd + Z',
    what: msg('shortcuts.undo'),
    matches: (e, _p, mod) => mod && !e.shiftKey && key(e) === 'z',
    run: (t) => t.commands.undoLast(),
  },
  {
    keys: msg('shortcuts.redoKeys'),
    what: msg('shortcuts.redo'),
    matches: (e, _p, mod) => mod && ((key(e) === 'z' && e.shiftKey) || key(e) === 'y'),
    run: (t) => t.commands.redoLast(),
  },
  {
    id: 'article',
    keys: msg('shortcuts.articleKeys'),
    what: msg('shortcuts.article'),
    matches: (e) => e.altKey && (e.key === 'PageDown' || e.key === 'PageUp'),
    run: () => undefined, // direction read in `Keys.commandKey`
  },
  {
    keys: 'Ctrl/Cmd + B',
    what: msg('shortcuts.foldSidebar'),
    matches: (e, _p, mod) => mod && !e.altKey && !e.shiftKey && key(e) === 'b',
    run: (t) => t.room.toggleLibrary(),
  },
  {
    keys: 'Ctrl/Cmd + Alt + B',
    what: msg('shortcuts.foldPanel'),
    matches: (e, _p, mod) => mod && e.altKey && !e.shiftKey && (key(e) === 'b' || e.code === 'KeyB'),
    run: (t) => t.room.togglePanel(),
  },
  {
    keys: msg('shortcuts.readingKeys'),
    what: msg('shortcuts.reading'),
    matches: (e, _p, mod) => mod && e.shiftKey && key(e) === 'r',
    run: (t) => t.room.setReading(!t.room.isReading),
  },
  {
    id: 'text-size',
    keys: 'Ctrl/Cmd + +  /  −  /  0',
    what: msg('shortcuts.textSize'),
    matches: (e, _p, mod) => mod && !e.altKey && ['+', '=', '-', '_', '0'].includes(e.key),
    run: () => undefined, // which one read in `Keys.commandKey`
  },
  { keys: '?', what: msg('shortcuts.help'), matches: (e) => e.key === '?', run: () => void showHelp() },
]

/** The help overlay: the text's keys, the window's bindings, the menu's. */
export function showHelp(): Promise<null> {
  return showShortcuts([
    [msg('shortcuts.inText'), TEXT_KEYS],
    [msg('shortcuts.anywhere'), KEY_BINDINGS.map((b) => [b.keys, b.what])],
    [msg('shortcuts.menu'), MENU_KEYS],
  ])
}

export class Keys {
  constructor(
    private readonly ctx: AppContext,
    private readonly t: KeyTargets,
  ) {}

  /** Keys pressed before the window was built (see `listen`); null once it is. */
  private early: KeyboardEvent[] | null = []

  /**
   * Listens to the window's keys (the article view's come through `onArticleKey`), from the first
   * moment: a key pressed while the window is still being built (its language and settings asked of
   * main) is kept, its default stopped when it is a shortcut (Ctrl+Shift+R would reload), and run
   * once `ready()` is called, so a shortcut pressed right after a reload is never lost.
   */
  listen(): void {
    document.addEventListener('keydown', (e) => {
      if (!this.early) return this.onKeyDown(e)
      if (e.defaultPrevented) return
      if (KEY_BINDINGS.some((b) => b.matches(e, !e.ctrlKey && !e.metaKey && !e.altKey, e.ctrlKey || e.metaKey)))
        e.preventDefault()
      this.early.push(e)
    })
  }

  /** The window is built: the keys pressed meanwhile run now, in order, and the next ones as they come. */
  ready(): void {
    const early = this.early ?? []
    this.early = null
    for (const e of early) this.handle(e)
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
    if (e.key === 'Escape' && this.t.room.isReading && !session.selectedId && !session.linking) {
      this.t.room.setReading(false)
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
    if (!e.defaultPrevented) this.handle(e)
  }

  private handle(e: KeyboardEvent): void {
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
      this.t.room.setReading(false)
      view?.focus()
    } else if (!e.ctrlKey && !e.metaKey && !e.altKey && ['q', 'c', 'e'].includes(e.key.toLowerCase()) && view?.selection()) {
      e.preventDefault()
      this.t.commands.tagSelection(({ q: 'quote', c: 'claim', e: 'entity' } as const)[e.key.toLowerCase() as 'q' | 'c' | 'e'])
    } else {
      this.commandKey(e)
    }
  }

  /** Shortcuts that work wherever the focus is, except in a text field (KEY_BINDINGS). */
  private commandKey(e: KeyboardEvent): boolean {
    const mod = e.ctrlKey || e.metaKey
    const plain = !mod && !e.altKey
    const binding = KEY_BINDINGS.find((b) => b.matches(e, plain, mod))
    if (!binding) return false
    if ((binding.id === 'edit' || binding.id === 'link') && !this.selected) return false
    if (binding.id === 'step') this.step(e.key === 'j' || e.key === 'ArrowDown' ? 1 : -1)
    else if (binding.id === 'article') this.t.library.step(e.key === 'PageDown' ? 1 : -1)
    else if (binding.id === 'text-size') this.t.room.textStep(e.key === '0' ? 0 : e.key === '-' || e.key === '_' ? -1 : 1)
    else binding.run(this.t, this)
    e.preventDefault()
    return true
  }

  /** The selected annotation, for bindings that act on it. */
  get selected(): string | null {
    return this.ctx.session.selectedId
  }

  searchWorkspace(): void {
    this.ctx.session.setSidebarTab('search')
    if (this.t.room.libraryFolded) this.t.room.toggleLibrary()
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
