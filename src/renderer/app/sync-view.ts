/**
 * Sync with the team in the window: the toolbar's status (synced, sending n, receiving n, offline,
 * error, with the time of the last sync), the dialog that connects the workspace to a CouchDB database
 * (or disconnects it), and the conflicts: each item changed by a teammate and by you, with the
 * versions side by side to keep mine, keep theirs or merge (conflict-view.ts). The status and the list
 * both draw from the SyncStore, which main's events keep current, so they stay in step.
 */
import type { WorkbenchClient } from '../../shared/api'
import { formatDate, msg, onDidChangeLanguage, t } from '../../shared/i18n'
import { conflictView, type ConflictViewDeps } from './conflict-view'
import { modal } from './dialogs'
import { h } from './dom'
import { errorText, saidText } from './error-text'
import type { SyncStore } from './sync-store'

export class SyncView {
  readonly element = h('button', { class: 'sw-sync-status', name: 'sync', onclick: () => void this.open() })

  constructor(
    private readonly api: WorkbenchClient,
    private readonly store: SyncStore,
    private readonly conflictDeps: ConflictViewDeps,
  ) {
    this.render()
    onDidChangeLanguage(() => this.render())
    store.onDidChangeStatus(() => this.render())
    store.onDidChange(() => this.render())
  }

  private get status() {
    return this.store.status
  }

  private render(): void {
    const s = this.status
    this.element.className = `sw-sync-status is-${s?.state ?? 'off'}`
    this.element.title = t('sync.title')
    if (!s || s.state === 'off') {
      this.element.textContent = t('sync.off')
      return
    }
    const last = s.lastSync
      ? t('sync.lastSync', { time: formatDate(s.lastSync, { dateStyle: 'short', timeStyle: 'short' }) })
      : ''
    // "Sending 3 changes" when the server says how many are left, else "Sending…" (never "0 changes").
    const state =
      (s.state === 'sending' || s.state === 'receiving') && s.pending > 0
        ? t(s.state === 'sending' ? 'sync.sending' : 'sync.receiving', { count: s.pending })
        : t(`sync.state.${s.state}`)
    // The same list the dialog shows (main's `sync-conflicts`), so the count and the list never disagree.
    const count = this.store.conflicts.length
    const conflicts = count > 0 ? ` · ${t('sync.conflictCount', { count })}` : ''
    this.element.textContent = `${state}${conflicts}`
    const message = s.message && saidText(s.said ?? undefined, s.message)
    this.element.title = [message, last].filter(Boolean).join(' — ') || t('sync.title')
  }

  /** The dialog: connect when off, else the status, the conflicts and disconnect. */
  async open(): Promise<void> {
    await this.store.load()
    if (!this.status || this.status.state === 'off') await this.connect()
    else await this.showConnected()
  }

  private async connect(): Promise<void> {
    const url = h('input', { type: 'url', name: 'url', placeholder: msg('sync.urlPlaceholder'), required: true })
    const username = h('input', { type: 'text', name: 'username', autocomplete: 'username' })
    const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password' })
    const member = h('input', { type: 'text', name: 'member', placeholder: msg('sync.memberPlaceholder') })
    const error = h('p', { class: 'sw-dialog-error', role: 'alert', hidden: true })
    const field = (label: string, input: HTMLElement) => h('label', { class: 'sw-field' }, h('span', {}, label), input)
    await modal<null>(msg('sync.connectTitle'), (close) => [
      h('p', {}, t('sync.connectIntro')),
      field(t('sync.url'), url),
      field(t('sync.username'), username),
      field(t('sync.password'), password),
      field(t('sync.member'), member),
      error,
      h(
        'div',
        { class: 'sw-dialog-buttons' },
        h('button', { onclick: () => close(null) }, t('common.cancel')),
        h(
          'button',
          {
            class: 'sw-primary',
            onclick: async () => {
              error.hidden = true
              try {
                const status = await this.api.syncConnect({
                  url: url.value,
                  username: username.value,
                  password: password.value,
                  ...(member.value.trim() ? { member: member.value.trim() } : {}),
                })
                this.store.setStatus(status)
                close(null)
              } catch (e) {
                error.textContent = errorText(e)
                error.hidden = false
              }
            },
          },
          t('sync.connect'),
        ),
      ),
    ])
  }

  private async showConnected(): Promise<void> {
    const s = this.status!
    const list = h('div', { class: 'sw-sync-conflicts' })
    const heading = h('h3')
    // The list follows the store while the dialog is open (a conflict resolved here or arriving).
    const renderList = () => {
      const conflicts = this.store.conflicts
      heading.textContent = conflicts.length ? t('sync.conflictCount', { count: conflicts.length }) : t('sync.noConflicts')
      // A conflict still the same keeps its element (a merge being picked is not wiped).
      const kept = new Map([...list.children].map((e) => [(e as HTMLElement).dataset.key, e]))
      list.replaceChildren(
        ...conflicts.map((c) => {
          const key = [c.id, c.mine.rev, ...c.theirs.map((v) => v.rev)].join(' ')
          return (
            kept.get(key) ??
            h(
              'div',
              { class: 'sw-sync-conflict', 'data-id': c.id, 'data-key': key },
              h('strong', {}, t(`sync.kind.${c.kind}`)),
              conflictView(c, this.conflictDeps),
            )
          )
        }),
      )
    }
    renderList()
    const subscription = this.store.onDidChange(renderList)
    await modal<null>(msg('sync.title'), (close) => [
      h('p', {}, t('sync.connectedTo', { url: s.url ?? '', member: s.member ?? '' })),
      s.lastSync
        ? h('p', {}, t('sync.lastSync', { time: formatDate(s.lastSync, { dateStyle: 'short', timeStyle: 'short' }) }))
        : h('span'),
      s.message ? h('p', { class: 'sw-dialog-error' }, s.message) : h('span'),
      heading,
      list,
      h(
        'div',
        { class: 'sw-dialog-buttons' },
        h(
          'button',
          {
            name: 'disconnect',
            onclick: async () => {
              this.store.setStatus(await this.api.syncDisconnect())
              close(null)
            },
          },
          t('sync.disconnect'),
        ),
        h('button', { class: 'sw-primary', onclick: () => close(null) }, t('common.close')),
      ),
    ])
    subscription.dispose()
  }
}
