/**
 * Toasts: short notices in the bottom-right corner, over the annotation panel's foot rather than the
 * reading column. Information fades after a few seconds, errors stay until dismissed; at most four are
 * shown; Escape dismisses them all (the key then goes on doing what it does).
 */
import { msg } from '../../shared/i18n'
import { h } from './dom'

const MAX_SHOWN = 4
const INFO_MS = 5000

export class Notices {
  readonly element = h('div', { class: 'sw-notices', 'aria-live': 'polite' })

  constructor() {
    // Capture phase: a view that handles Escape itself (the article, a dialog) still closes the toasts.
    window.addEventListener('keydown', (e) => e.key === 'Escape' && this.dismissAll(), true)
  }

  show(message: string, level: 'info' | 'error'): void {
    // The same notice twice in a row ("Open a workspace first.") is shown once.
    const last = this.element.lastElementChild as HTMLElement | null
    if (last?.dataset.message === message) last.remove()
    const note = h(
      'div',
      { class: `sw-notice is-${level}`, role: level === 'error' ? 'alert' : 'status', 'data-message': message },
      h('span', { class: 'sw-notice-text' }, message),
      h(
        'button',
        {
          class: 'sw-notice-close',
          'aria-label': msg('notice.dismiss'),
          title: msg('notice.dismiss'),
          onclick: () => note.remove(),
        },
        '×',
      ),
    )
    this.element.append(note)
    while (this.element.children.length > MAX_SHOWN) this.element.firstElementChild?.remove()
    if (level === 'info') setTimeout(() => note.remove(), INFO_MS)
  }

  dismissAll(): void {
    this.element.replaceChildren()
  }
}
