/**
 * Sync with the team in the window: the toolbar's status (synced, sending n, receiving n, offline,
 * error, with the time of the last sync), the dialog that connects the workspace to a CouchDB database
 * (or disconnects it), and the conflicts: each item changed by a teammate and by you, with both
 * versions, to keep mine or theirs. Main's `sync-status` events keep the status current.
 */
import type { WorkbenchClient } from '../../shared/api'
import { formatDate, msg, onDidChangeLanguage, t } from '../../shared/i18n'
import type { ConflictVersion, SyncConflict, SyncStatus } from '../../shared/sync'
import { modal } from './dialogs'
import { h } from './dom'
import { errorText, saidText } from './error-text'

export class SyncView {
  readonly element = h('button', { class: 'sw-sync-status', name: 'sync', onclick: () => void this.open() })
  private status: SyncStatus | null = null

  constructor(
    private readonly api: WorkbenchClient,
    private readonly notify: (message: string, level: 'info' | 'error') => void,
  ) {
    this.render()
    onDidChangeLanguage(() => this.render())
  }

  /** A workspace opened or main told a new status. */
  async refresh(status?: SyncStatus): Promise<void> {
    this.status = status ?? (await this.api.syncStatus().catch(() => null))
    this.render()
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
    const state =
      s.state === 'sending' || s.state === 'receiving'
        ? t(s.state === 'sending' ? 'sync.sending' : 'sync.receiving', { count: s.pending })
        : t(`sync.state.${s.state}`)
    const conflicts = s.conflicts > 0 ? ` · ${t('sync.conflictCount', { count: s.conflicts })}` : ''
    this.element.textContent = `${state}${conflicts}`
    const message = s.message && saidText(s.said ?? undefined, s.message)
    this.element.title = [message, last].filter(Boolean).join(' — ') || t('sync.title')
  }

  /** The dialog: connect when off, else the status, the conflicts and disconnect. */
  async open(): Promise<void> {
    await this.refresh()
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
                await this.refresh(status)
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
    const conflicts = await this.api.syncConflicts().catch(() => [] as SyncConflict[])
    await modal<null>(msg('sync.title'), (close) => [
      h('p', {}, t('sync.connectedTo', { url: s.url ?? '', member: s.member ?? '' })),
      s.lastSync
        ? h('p', {}, t('sync.lastSync', { time: formatDate(s.lastSync, { dateStyle: 'short', timeStyle: 'short' }) }))
        : h('span'),
      s.message ? h('p', { class: 'sw-dialog-error' }, s.message) : h('span'),
      conflicts.length ? h('h3', {}, t('sync.conflictCount', { count: conflicts.length })) : h('p', {}, t('sync.noConflicts')),
      h('ul', { class: 'sw-sync-conflicts' }, ...conflicts.map((c) => this.conflictRow(c, close))),
      h(
        'div',
        { class: 'sw-dialog-buttons' },
        h(
          'button',
          {
            onclick: async () => {
              await this.refresh(await this.api.syncDisconnect())
              close(null)
            },
          },
          t('sync.disconnect'),
        ),
        h('button', { class: 'sw-primary', onclick: () => close(null) }, t('common.close')),
      ),
    ])
  }

  private conflictRow(c: SyncConflict, close: (v: null) => void): HTMLElement {
    const resolve = async (keep: 'mine' | 'theirs') => {
      try {
        await this.api.syncResolve(c.id, keep === 'mine' ? { keep } : { keep, rev: c.theirs[0]?.rev })
        close(null)
        await this.refresh()
      } catch (e) {
        this.notify(errorText(e), 'error')
      }
    }
    const theirs = c.theirs[0]
    return h(
      'li',
      { class: 'sw-sync-conflict', 'data-id': c.id },
      h('strong', {}, t('sync.changedBoth', { kind: t(`sync.kind.${c.kind}`), name: theirs?.author ?? '' })),
      h('div', {}, `${t('sync.yours')}: ${describe(c.mine)}`),
      theirs ? h('div', {}, `${t('sync.theirs', { name: theirs.author })}: ${describe(theirs)}`) : h('span'),
      h('button', { name: 'keep-mine', onclick: () => void resolve('mine') }, t('sync.keepMine')),
      h('button', { name: 'keep-theirs', onclick: () => void resolve('theirs') }, t('sync.keepTheirs')),
    )
  }
}

/** One version in a line: deleted, or its text, note and status. */
function describe(v: ConflictVersion): string {
  if (v.removed) return t('sync.deleted')
  const value = v.value as { exact?: string; name?: string; note?: string; attributes?: { status?: string } } | string
  if (typeof value === 'string') return value
  return [value.exact ?? value.name, value.attributes?.status, value.note].filter(Boolean).join(' · ')
}
