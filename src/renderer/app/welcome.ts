/**
 * The welcome screen (no workspace open): open a folder, the sample, or one of the recent workspaces.
 * A recent folder that is no longer there says so and can be removed from the list.
 */
import { msg, onDidChangeLanguage, t } from '../../shared/i18n'
import type { RecentWorkspace } from '../../shared/view-settings'
import { call, type AppContext } from './context'
import { h } from './dom'

export class Welcome {
  private readonly recentList = h('ul', { class: 'sw-recent-list' })
  private readonly recentBox = h(
    'section',
    { class: 'sw-recent', hidden: true },
    h('h2', {}, msg('welcome.recent')),
    this.recentList,
  )
  readonly element: HTMLElement
  private recent: RecentWorkspace[] = []

  constructor(
    private readonly ctx: AppContext,
    chooseWorkspace: () => void,
  ) {
    this.element = h(
      'div',
      { class: 'sw-welcome' },
      h('h1', {}, 'Spanwise'),
      h('p', {}, msg('article.welcome')),
      h(
        'div',
        { class: 'sw-welcome-actions' },
        h('button', { class: 'sw-primary', onclick: () => chooseWorkspace() }, msg('article.openFolder')),
        h('button', { onclick: () => void call(ctx, () => ctx.api.openSampleWorkspace()) }, msg('article.openSample')),
      ),
      this.recentBox,
    )
    // The rows are written with t(): written again in another language.
    onDidChangeLanguage(() => this.show(this.recent))
  }

  /** Asks main for the list (shown when the screen appears). */
  async refresh(): Promise<void> {
    const recent = await this.ctx.api.listRecentWorkspaces().catch(() => [])
    this.show(recent)
  }

  show(recent: RecentWorkspace[]): void {
    this.recent = recent
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
          r.missing ? h('span', { class: 'sw-recent-missing' }, t('welcome.missing')) : '',
          h(
            'button',
            {
              class: 'sw-link-button sw-recent-remove',
              title: t('welcome.removeTitle'),
              onclick: () => void call(this.ctx, () => this.ctx.api.forgetRecentWorkspace(r.path)).then((l) => l && this.show(l)),
            },
            t('welcome.remove'),
          ),
        ),
      ),
    )
  }
}
