/**
 * The claims board: the fact-checker's working list of every claim in the workspace, in the main area.
 * Filter by status, article, entity, tag and (when the workspace syncs) the member who last changed
 * it, or by text; sort by any column; move with ↑/↓ (Home, End,
 * Page Up/Down); Space ticks a row, Ctrl/Cmd+A ticks all shown; 1–9 (or the bar's menu) sets the status
 * of the ticked rows (or the current one) in one undoable step; Enter opens the article at the claim;
 * Escape closes the board. Rows are virtualised (VirtualList), so 50,000 claims cost a screenful.
 *
 * Just over 500 lines: filters, sort, cursor, ticks and the bulk change all read and write the one row
 * list; the next split is the filter bar (renderFilters and apply's predicate) into a module of its own.
 */
import type { WorkbenchClient } from '../../shared/api'
import type { ClaimRow, ClaimStatusChange } from '../../shared/claims'
import { msg, onDidChangeLanguage, t } from '../../shared/i18n'
import { claimLegend } from './claim-legend'
import { h } from './dom'
import type { EntityStore } from './entity-store'
import { errorText } from './error-text'
import type { SyncStore } from './sync-store'
import { formatTime, relationLabel, statusLabel } from './labels'
import type { Command } from './undo'
import { VirtualList } from './virtual-list'

/** The board's words in the current language (catalog group `board`). */
const M = {
  count: (shown: number, all: number) =>
    shown === all ? t('board.count', { count: all }) : t('board.countOf', { shown, count: all }),
  ticked: (n: number) => (n === 0 ? t('board.tickHint') : t('board.ticked', { count: n })),
  undoLabel: (status: string, n: number) => t('board.undoLabel', { status: statusLabel(status), count: n }),
  changed: (status: string, n: number) => t('board.changed', { status: statusLabel(status), count: n }),
  via: (via: string) => t(via === 'speaker' ? 'board.viaSpeaker' : via === 'entity' ? 'board.viaEntity' : 'board.viaSource'),
}

const ROW_HEIGHT = 52
const COLUMN_KEYS = {
  text: 'board.colText',
  status: 'board.colStatus',
  madeBy: 'board.colMadeBy',
  article: 'board.colArticle',
  evidence: 'board.colEvidence',
  note: 'board.colNote',
  tags: 'board.colTags',
  author: 'board.colAuthor',
  updatedAt: 'board.colUpdatedAt',
} as const
type Column = keyof typeof COLUMN_KEYS
const COLUMNS = Object.keys(COLUMN_KEYS) as Column[]

export interface BoardActions {
  /** Close the board and show the claim in its article. */
  open(articleId: string, annotationId: string): void
  close(): void
  /** Run a change through the app's undo stack. */
  run(command: Command): void
  /** Queue a write behind the app's other saves (SaveQueue). */
  save(task: () => Promise<void>, onError: (error: Error) => void): void
  notify(message: string, level: 'info' | 'error'): void
  /** Claims of these articles changed on disk (the open article may need reloading). */
  changed(articleIds: string[]): void
}

const key = (r: { articleId: string; annotationId: string }) => `${r.articleId}/${r.annotationId}`

export class ClaimsBoard {
  readonly element: HTMLElement
  private readonly list: VirtualList<ClaimRow>
  private readonly heading = h('span', { class: 'sw-board-count' })
  private readonly filters = h('div', { class: 'sw-board-filters' })
  private readonly bulk = h('div', { class: 'sw-board-bulk' })
  private readonly legendHost = h('div', { class: 'sw-board-legend' })
  private readonly columnsHead = h('div', { class: 'sw-board-row sw-board-head', role: 'row' })
  private readonly emptyNote = h('p', { class: 'sw-board-empty', hidden: true })
  private rows: ClaimRow[] = []
  private shown: ClaimRow[] = []
  private statuses: string[] = []
  private cursor = 0
  private readonly ticked = new Set<string>()
  private filter = { status: '', article: '', entity: '', tag: '', author: '', text: '' }
  private sort: { column: Column; descending: boolean } | null = null
  private loadSeq = 0
  private articles: readonly { id: string; title: string }[] = []

  constructor(
    private readonly api: Pick<WorkbenchClient, 'listClaims' | 'setClaimStatuses'>,
    private readonly entities: EntityStore,
    private readonly sync: SyncStore,
    private readonly actions: BoardActions,
  ) {
    this.list = new VirtualList(ROW_HEIGHT, (r, i) => this.row(r, i), 'sw-board-list')
    this.list.element.setAttribute('role', 'grid')
    this.list.element.setAttribute('aria-label', t('board.title'))
    onDidChangeLanguage(() => {
      this.list.element.setAttribute('aria-label', t('board.title'))
      if (this.rows.length === 0 && this.element.getAttribute('aria-busy') !== 'false') return
      this.renderFilters(this.articles)
      this.legendHost.replaceChildren(claimLegend(this.statuses, true))
      this.apply()
    })
    // Who changed each claim arrives from the team: the Author column and filter follow (none when not syncing).
    sync.onDidChange(() => {
      if (!this.attached || this.element.getAttribute('aria-busy') !== 'false') return
      this.renderFilters(this.articles)
      this.apply()
    })
    this.list.element.tabIndex = 0
    this.list.element.addEventListener('keydown', (e) => this.onKey(e))
    this.element = h(
      'section',
      { class: 'sw-board', 'aria-label': msg('board.title') },
      h(
        'header',
        { class: 'sw-board-header' },
        h('h1', { class: 'sw-board-title' }, msg('board.title')),
        this.heading,
        h('span', { class: 'sw-toolbar-gap' }),
        h('span', { class: 'sw-hint' }, msg('board.help')),
        h('button', { name: 'close-board', onclick: () => this.actions.close() }, msg('board.close')),
      ),
      this.filters,
      this.legendHost,
      this.bulk,
      this.columnsHead,
      this.list.element,
      this.emptyNote,
    )
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !e.defaultPrevented) {
        e.preventDefault()
        this.actions.close()
      }
    })
  }

  /** Shows the board over the article in `host` (the main area); `detach` puts the article back. */
  attach(host: HTMLElement): void {
    host.classList.add('is-board')
    if (this.element.parentElement !== host) host.append(this.element)
  }

  detach(): void {
    this.element.parentElement?.classList.remove('is-board')
    this.element.remove()
  }

  get attached(): boolean {
    return this.element.isConnected
  }

  /** Loads every claim and shows the board; `statuses` are the workspace's (built-in first). */
  async show(statuses: string[], articles: readonly { id: string; title: string }[]): Promise<void> {
    const seq = ++this.loadSeq
    this.statuses = statuses
    this.element.setAttribute('aria-busy', 'true')
    this.heading.textContent = t('board.loading')
    let rows: ClaimRow[]
    try {
      rows = await this.api.listClaims()
    } catch (error) {
      this.actions.notify(errorText(error), 'error')
      return
    }
    if (seq !== this.loadSeq) return
    this.rows = rows
    const present = new Set(rows.map(key))
    for (const k of [...this.ticked]) if (!present.has(k)) this.ticked.delete(k)
    this.articles = articles
    this.renderFilters(articles)
    this.legendHost.replaceChildren(claimLegend(statuses, true))
    this.apply()
    this.element.setAttribute('aria-busy', 'false')
    this.focus()
  }

  focus(): void {
    this.list.element.focus()
  }

  /** The rows shown, in order (for tests and the app). */
  visible(): readonly ClaimRow[] {
    return this.shown
  }

  // ── Filters and sorting ─────────────────────────────────────────────────────────────────────────

  private renderFilters(articles: readonly { id: string; title: string }[]): void {
    const select = (name: keyof typeof this.filter, any: string, options: [string, string][]) => {
      const el = h(
        'select',
        { name, class: 'sw-board-filter', onchange: () => this.setFilter(name, el.value) },
        h('option', { value: '' }, any),
        ...options.map(([value, label]) => h('option', { value }, label)),
      ) as HTMLSelectElement
      el.value = options.some(([v]) => v === this.filter[name]) ? this.filter[name] : ''
      this.filter[name] = el.value
      return el
    }
    const withClaims = new Set(this.rows.map((r) => r.articleId))
    const entityIds = new Set(this.rows.flatMap((r) => r.entityIds))
    const tags = [...new Set(this.rows.flatMap((r) => r.tags))].sort((a, b) => a.localeCompare(b))
    const text = h('input', {
      type: 'search',
      name: 'text',
      class: 'sw-board-filter',
      placeholder: t('board.search'),
      value: this.filter.text,
      oninput: () => this.setFilter('text', text.value),
    }) as HTMLInputElement
    this.filters.replaceChildren(
      select(
        'status',
        t('board.anyStatus'),
        this.statuses.map((s) => [s, statusLabel(s)]),
      ),
      select(
        'article',
        t('board.anyArticle'),
        articles.filter((a) => withClaims.has(a.id)).map((a) => [a.id, a.title]),
      ),
      select(
        'entity',
        t('board.anyEntity'),
        this.entities
          .all()
          .filter((e) => entityIds.has(e.id))
          .map((e) => [e.id, e.name]),
      ),
      select(
        'tag',
        t('board.anyTag'),
        tags.map((t) => [t, t]),
      ),
      this.sync.syncing
        ? select(
            'author',
            t('board.anyAuthor'),
            this.sync.members().map((m) => [m, m]),
          )
        : '',
      text,
    )
  }

  private setFilter(name: keyof typeof this.filter, value: string): void {
    this.filter[name] = value
    this.cursor = 0
    this.apply()
  }

  private apply(): void {
    const f = this.filter
    const text = f.text.trim().toLocaleLowerCase()
    const shown = this.rows.filter(
      (r) =>
        (!f.status || r.status === f.status) &&
        (!f.article || r.articleId === f.article) &&
        (!f.entity || r.entityIds.includes(f.entity)) &&
        (!f.tag || r.tags.includes(f.tag)) &&
        (!f.author || this.authorOf(r) === f.author) &&
        (!text || `${r.text}\n${r.note}\n${r.madeBy?.name ?? ''}`.toLocaleLowerCase().includes(text)),
    )
    if (this.sort) {
      const { column, descending } = this.sort
      const value = (r: ClaimRow): string | number =>
        column === 'author'
          ? (this.authorOf(r) ?? '')
          : column === 'madeBy'
            ? (r.madeBy?.name ?? '')
            : column === 'article'
              ? r.articleTitle
              : column === 'evidence'
                ? r.evidence.length
                : column === 'tags'
                  ? r.tags.join(' ')
                  : r[column]
      shown.sort((a, b) => {
        const x = value(a)
        const y = value(b)
        const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))
        return descending ? -order : order
      })
    }
    this.shown = shown
    this.element.classList.toggle('has-authors', this.sync.syncing)
    this.cursor = Math.min(this.cursor, Math.max(0, shown.length - 1))
    this.heading.textContent = M.count(shown.length, this.rows.length)
    this.emptyNote.hidden = shown.length > 0
    this.emptyNote.textContent = this.rows.length === 0 ? t('board.none') : t('board.empty')
    this.renderHead()
    this.renderBulk()
    this.list.setItems(shown)
  }

  private renderHead(): void {
    this.columnsHead.replaceChildren(
      h('span', { class: 'sw-board-cell sw-board-tick', role: 'columnheader' }),
      ...this.columns().map((c) => {
        const sorted = this.sort?.column === c
        return h(
          'button',
          {
            class: `sw-board-cell sw-board-col-${c}`,
            role: 'columnheader',
            'data-column': c,
            'aria-sort': sorted ? (this.sort!.descending ? 'descending' : 'ascending') : 'none',
            onclick: () => this.sortBy(c),
          },
          t(COLUMN_KEYS[c]),
          sorted ? (this.sort!.descending ? ' ▾' : ' ▴') : '',
        )
      }),
    )
  }

  /** The columns shown: Author only when the workspace syncs. */
  private columns(): Column[] {
    return this.sync.syncing ? COLUMNS : COLUMNS.filter((c) => c !== 'author')
  }

  private authorOf(r: ClaimRow): string | undefined {
    return this.sync.authorOf(r.articleId, r.annotationId)?.author
  }

  private sortBy(column: Column): void {
    // Ascending, descending, then back to the workspace's order.
    if (this.sort?.column !== column) this.sort = { column, descending: false }
    else if (!this.sort.descending) this.sort = { column, descending: true }
    else this.sort = null
    this.apply()
    this.focus()
  }

  // ── Rows, cursor and ticks ──────────────────────────────────────────────────────────────────────

  private row(r: ClaimRow, index: number): HTMLElement {
    const isTicked = this.ticked.has(key(r))
    const tick = h('input', {
      type: 'checkbox',
      tabindex: -1,
      'aria-label': t('board.tick'),
      checked: isTicked,
      onclick: (e: Event) => {
        e.stopPropagation()
        this.toggle(r)
      },
    })
    const cell = (c: Column, ...content: (string | Node | null)[]) =>
      h('span', { class: `sw-board-cell sw-board-col-${c}`, role: 'gridcell' }, ...content)
    return h(
      'div',
      {
        class: `sw-board-row${index === this.cursor ? ' is-current' : ''}${isTicked ? ' is-ticked' : ''}`,
        role: 'row',
        'aria-selected': isTicked ? 'true' : 'false',
        'data-annotation-id': r.annotationId,
        'data-article-id': r.articleId,
        onclick: () => this.moveTo(index),
        ondblclick: () => this.actions.open(r.articleId, r.annotationId),
      },
      h('span', { class: 'sw-board-cell sw-board-tick' }, tick),
      cell('text', h('span', { class: 'sw-board-text', title: r.text }, r.text.replace(/\s+/g, ' '))),
      cell('status', h('span', { class: `sw-status-chip sw-claim sw-status-${r.status}` }, statusLabel(r.status))),
      cell(
        'madeBy',
        r.madeBy ? h('span', { title: M.via(r.madeBy.via) }, r.madeBy.name, h('small', {}, ` · ${M.via(r.madeBy.via)}`)) : '—',
      ),
      cell('article', h('span', { title: r.articlePath }, r.articleTitle)),
      cell(
        'evidence',
        r.evidence.length
          ? h(
              'span',
              { title: r.evidence.map((x) => `${relationLabel(x.relation)}: ${x.exact} — ${x.articleTitle}`).join('\n') },
              t('board.evidence', { count: r.evidence.length }),
              h('small', {}, ` · ${[...new Set(r.evidence.map((x) => relationLabel(x.relation)))].join(', ')}`),
            )
          : h('small', {}, t('board.noEvidence')),
      ),
      cell('note', h('span', { class: 'sw-board-note', title: r.note }, r.note)),
      cell('tags', r.tags.join(', ')),
      this.sync.syncing ? cell('author', this.authorOf(r) ?? '—') : null,
      cell('updatedAt', h('time', { datetime: r.updatedAt, title: r.updatedAt }, formatTime(r.updatedAt))),
    )
  }

  private moveTo(index: number): void {
    if (this.shown.length === 0) return
    this.cursor = Math.max(0, Math.min(this.shown.length - 1, index))
    this.list.scrollToIndex(this.cursor)
    this.focus()
  }

  private toggle(r: ClaimRow): void {
    const k = key(r)
    if (this.ticked.has(k)) this.ticked.delete(k)
    else this.ticked.add(k)
    this.renderBulk()
    this.list.refresh()
  }

  private renderBulk(): void {
    const menu = h(
      'select',
      { name: 'bulk-status', class: 'sw-board-filter' },
      h('option', { value: '' }, t('board.setStatus')),
      ...this.statuses.map((s, i) => h('option', { value: s }, i < 9 ? `${i + 1}  ${statusLabel(s)}` : statusLabel(s))),
    ) as HTMLSelectElement
    const count = this.targets().length
    this.bulk.replaceChildren(
      h('span', { class: 'sw-board-ticked' }, M.ticked(this.ticked.size)),
      menu,
      h(
        'button',
        {
          name: 'apply-status',
          disabled: count === 0,
          onclick: () => {
            if (menu.value) this.setStatus(menu.value)
          },
        },
        t('board.apply'),
      ),
      h(
        'button',
        {
          name: 'clear-ticks',
          hidden: this.ticked.size === 0,
          onclick: () => {
            this.ticked.clear()
            this.renderBulk()
            this.list.refresh()
          },
        },
        t('board.clearTicks'),
      ),
    )
  }

  /** The rows a status change applies to: the ticked ones, else the current one. */
  private targets(): ClaimRow[] {
    if (this.ticked.size > 0) return this.rows.filter((r) => this.ticked.has(key(r)))
    const current = this.shown[this.cursor]
    return current ? [current] : []
  }

  private onKey(e: KeyboardEvent): void {
    if (e.target !== this.list.element) return
    const mod = e.ctrlKey || e.metaKey
    const page = Math.max(1, Math.floor(this.list.element.clientHeight / ROW_HEIGHT) - 1)
    const current = this.shown[this.cursor]
    if (e.key === 'ArrowDown') this.moveTo(this.cursor + 1)
    else if (e.key === 'ArrowUp') this.moveTo(this.cursor - 1)
    else if (e.key === 'PageDown') this.moveTo(this.cursor + page)
    else if (e.key === 'PageUp') this.moveTo(this.cursor - page)
    else if (e.key === 'Home') this.moveTo(0)
    else if (e.key === 'End') this.moveTo(this.shown.length - 1)
    else if (e.key === ' ' && current) this.toggle(current)
    else if (e.key === 'Enter' && current) this.actions.open(current.articleId, current.annotationId)
    else if (mod && e.key.toLowerCase() === 'a') {
      for (const r of this.shown) this.ticked.add(key(r))
      this.renderBulk()
      this.list.refresh()
    } else if (!mod && !e.altKey && /^[1-9]$/.test(e.key) && this.statuses[Number(e.key) - 1]) {
      this.setStatus(this.statuses[Number(e.key) - 1])
    } else {
      // Letters are not the window's shortcuts here (Q/C/E would tag text hidden behind the board);
      // Escape, Tab, ? and Ctrl/Cmd combinations (undo, redo) go on.
      if (!mod && !e.altKey && e.key.length === 1 && e.key !== '?') e.stopPropagation()
      return
    }
    e.preventDefault()
    e.stopPropagation()
  }

  // ── Status changes (one undo step for all) ──────────────────────────────────────────────────────

  private setStatus(status: string): void {
    const targets = this.targets().filter((r) => r.status !== status)
    if (targets.length === 0) return
    const before: ClaimStatusChange[] = targets.map((r) => ({
      articleId: r.articleId,
      annotationId: r.annotationId,
      status: r.status,
    }))
    const after: ClaimStatusChange[] = targets.map((r) => ({ articleId: r.articleId, annotationId: r.annotationId, status }))
    this.actions.run({
      label: M.undoLabel(status, targets.length),
      apply: () => this.send(after, before),
      revert: () => this.send(before, after),
    })
    this.actions.notify(M.changed(status, targets.length), 'info')
  }

  /** Shows `changes` at once and queues them for main; on failure the board shows `fallback` again. */
  private send(changes: ClaimStatusChange[], fallback: ClaimStatusChange[]): void {
    this.showStatuses(changes)
    const articles = [...new Set(changes.map((c) => c.articleId))]
    this.actions.save(
      async () => {
        await this.api.setClaimStatuses(changes)
        this.actions.changed(articles)
      },
      (error) => {
        this.showStatuses(fallback)
        this.actions.notify(t('board.notSaved', { reason: errorText(error) }), 'error')
      },
    )
  }

  private showStatuses(changes: ClaimStatusChange[]): void {
    const byKey = new Map(changes.map((c) => [key(c), c.status]))
    const now = new Date().toISOString()
    this.rows = this.rows.map((r) => (byKey.has(key(r)) ? { ...r, status: byKey.get(key(r))!, updatedAt: now } : r))
    this.apply()
  }
}
