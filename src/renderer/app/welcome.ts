/**
 * The welcome screen (no workspace open): open a folder, the sample, or one of the recent workspaces.
 * A recent folder that is no longer there says so and can be removed from the list.
 */
import type { RecentWorkspace } from '../../shared/view-settings'
import { call, type AppContext } from './context'
import { h } from './dom'

export const WELCOME_TEXT = {
  intro:
    'Open a folder of articles to read and tag quotes, claims and entities. Your files are never changed; annotations are kept in a .spanwise folder inside it. Nothing leaves this computer.',
  open: 'Open a folder…',
  sample: 'Open the sample workspace',
  recent: 'Recent workspaces',
  missing: 'folder missing',
  remove: 'Remove',
  removeTitle: 'Take it off this list (the folder itself is not touched)',
}

export class Welcome {
  private readonly recentList = h('ul', { class: 'sw-recent-list' })
  private readonly recentBox = h(
    'section',
    { class: 'sw-recent', hidden: true },
    h('h2', {}, WELCOME_TEXT.recent),
    this.recentList,
  )
  readonly element: HTMLElement

  constructor(
    private readonly ctx: AppContext,
    chooseWorkspace: () => void,
  ) {
    this.element = h(
      'div',
      { class: 'sw-welcome' },
      h('h1', {}, 'Spanwise'),
      h('p', {}, WELCOME_TEXT.intro),
      h(
        'div',
        { class: 'sw-welcome-actions' },
        h('button', { class: 'sw-primary', onclick: () => chooseWorkspace() }, WELCOME_TEXT.open),
        h('button', { onclick: () => void call(ctx, () => ctx.api.openSampleWorkspace()) }, WELCOME_TEXT.sample),
      ),
      this.recentBox,
    )
  }

  /** Asks main for the list (shown when the screen appears). */
  async refresh(): Promise<void> {
    const recent = await this.ctx.api.listRecentWorkspaces().catch(() => [])
    this.show(recent)
  }

  show(recent: RecentWorkspace[]): void {
    this.recentBox.hidden = recent.length === 0
    this.recentList.replaceChildren(
      ...recent.map((r) =>
        h(
          'li',
          { class: `sw-recent-row${r.missing ? ' is-missing' : ''}`, 'data-path': r.path },
          h(
            'button',
            {
              class: 'sw-recent-open',
              disabled: r.missing,
              title: r.path,
              onclick: () => void call(this.ctx, () => this.ctx.api.openRecentWorkspace(r.path)),
            },
            h('span', { class: 'sw-recent-name' }, r.name),
            h('span', { class: 'sw-recent-path' }, r.path),
          ),
          r.missing ? h('span', { class: 'sw-recent-missing' }, WELCOME_TEXT.missing) : '',
          h(
            'button',
            {
              class: 'sw-link-button sw-recent-remove',
              title: WELCOME_TEXT.removeTitle,
              onclick: () => void call(this.ctx, () => this.ctx.api.forgetRecentWorkspace(r.path)).then((l) => l && this.show(l)),
            },
            WELCOME_TEXT.remove,
          ),
        ),
      ),
    )
  }
}
