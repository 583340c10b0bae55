/**
 * The library sidebar: every article in the workspace with its title and annotation counts, the open
 * one highlighted. It follows the session: the workspace's articles, the article asked for or open,
 * and the counts as annotations change.
 */
import type { ArticleSummary } from '../../shared/model'
import { msg, onDidChangeLanguage, t, type MessageKey, type Msg } from '../../shared/i18n'
import { h, setText } from './dom'
import { saidText } from './error-text'
import type { Session } from './session'
import { VirtualList } from './virtual-list'

/** Two lines of title, one of language and counts. */
const ROW_HEIGHT = 72
const COUNT_KINDS = ['quote', 'claim', 'entity'] as const

export class Library {
  readonly element: HTMLElement
  private readonly list: VirtualList<ArticleSummary>
  private readonly heading: HTMLElement
  private articles: ArticleSummary[] = []
  private activeId: string | null = null

  constructor(
    session: Session,
    private readonly onOpen: (id: string) => void,
    /** Stops reading a scan by OCR (the row's Cancel). */
    private readonly onCancelOcr: (id: string) => void,
    /** Reads a cancelled scan again from the pages read so far (the row's Retry). */
    private readonly onRetryOcr: (id: string) => void,
  ) {
    this.list = new VirtualList(
      ROW_HEIGHT,
      (a) => this.row(a),
      'sw-library-list',
      (row, a) => this.reuseRow(row, a),
    )
    this.heading = h('div', { class: 'sw-pane-title' }, t('library.title', { count: 0 }))
    this.element = h('nav', { class: 'sw-library', 'aria-label': msg('sidebar.articles') }, this.heading, this.list.element)
    session.onDidChangeWorkspace(({ state }) => this.setArticles(state?.articles ?? []))
    session.onWillOpenArticle((id) => this.setActive(id))
    session.onDidChangeArticle((article) => this.setActive(article?.id ?? null))
    session.onDidChangeAnnotations(() => session.workspace && this.setArticles(session.workspace.articles))
    onDidChangeLanguage(() => {
      this.labels.clear()
      this.setArticles(this.articles)
    })
  }

  /**
   * "2 claims", "Language: es", "Counting…" by their words: rows come and go as the list scrolls, their
   * labels repeat (by key, then value: no key string built per look-up).
   */
  private readonly labels = new Map<MessageKey, Map<number | string, string>>()
  private label(key: 'library.countLabel.quote' | 'library.countLabel.claim' | 'library.countLabel.entity', count: number): string
  private label(key: 'library.language', code: string): string
  private label(key: MessageKey, value: number | string): string {
    let byValue = this.labels.get(key)
    if (!byValue) this.labels.set(key, (byValue = new Map()))
    let text = byValue.get(value)
    if (text === undefined) {
      text = t(key, typeof value === 'number' ? { count: value } : { code: value })
      byValue.set(value, text)
    }
    return text
  }

  /** The title of counts not known yet (most rows just after a large library opens). */
  private counting(): string {
    let byValue = this.labels.get('library.counting')
    if (!byValue) this.labels.set('library.counting', (byValue = new Map([['', t('library.counting')]])))
    return byValue.get('')!
  }

  private setArticles(articles: ArticleSummary[]): void {
    this.articles = articles
    this.heading.textContent = t('library.title', { count: articles.length })
    this.list.setItems(articles)
  }

  private setActive(id: string | null): void {
    this.activeId = id
    this.list.refresh()
  }

  /** Moves the library highlight by `delta` rows and opens that article. */
  step(delta: number): void {
    const i = this.articles.findIndex((a) => a.id === this.activeId)
    const next = this.articles[Math.min(this.articles.length - 1, Math.max(0, i + delta))]
    if (next) this.onOpen(next.id)
  }

  private row(a: ArticleSummary): HTMLElement {
    // Counts come a moment after a workspace opens: until then the badges keep their place, empty.
    const known = a.counts
    // Each count says what it counts ("2 claims"); the number alone is in .sw-count.
    const count = (kind: 'quote' | 'claim' | 'entity') =>
      h(
        'span',
        { class: `sw-count-item sw-count-item-${kind}` },
        h('span', { class: `sw-count sw-count-${kind}` }, known ? String(known[kind]) : ''),
        h('span', { class: 'sw-count-label' }, this.label(`library.countLabel.${kind}`, known?.[kind] ?? 0)),
      )
    const counts = h(
      'span',
      { class: `sw-counts${known ? '' : ' is-pending'}`, ...(known ? {} : { title: this.counting() }) },
      count('quote'),
      count('claim'),
      count('entity'),
    )
    const language = a.language
      ? h('span', { class: 'sw-language', title: this.label('library.language', a.language) }, a.language.toUpperCase())
      : null
    const row = h(
      'div',
      {
        class: `sw-library-row${a.id === this.activeId ? ' is-active' : ''}${a.error ? ' has-error' : ''}${a.ocr ? ' is-ocr' : ''}`,
        role: 'option',
        'aria-selected': a.id === this.activeId ? 'true' : 'false',
        'data-article-id': a.id,
        title: a.warning ? `${a.path}: ${saidText(a.warningSaid, a.warning)}` : a.path,
        onclick: (e: Event) => {
          // A plain row may have been reused for another article since it was built (reuseRow).
          const shown = this.rowArticle.get(e.currentTarget as HTMLElement) ?? a
          if (!shown.error && !shown.ocr) this.onOpen(shown.id)
        },
      },
      // Up to two lines of title; the whole title (and the file) on hover.
      h('div', { class: 'sw-library-title', title: `${a.title}\n${a.path}` }, a.title),
      h(
        'div',
        { class: 'sw-library-meta' },
        a.ocr
          ? this.ocrState(a)
          : a.error
            ? h('span', { class: 'sw-error-text' }, saidText(a.errorSaid, a.error))
            : a.warning // read, but the file said something the user should know (not valid UTF-8)
              ? h('span', { class: 'sw-warning-text' }, saidText(a.warningSaid, a.warning))
              : language,
        a.error || a.ocr ? null : counts,
      ),
    )
    this.rowArticle.set(row, a)
    return row
  }

  /** Language badges taken out of reused rows, for the next row with a language. */
  private readonly languageBadges: HTMLElement[] = []

  /** The article each row shows now (rows are reused as the list scrolls). */
  private readonly rowArticle = new WeakMap<HTMLElement, ArticleSummary>()

  /**
   * Rewrites a row that scrolled out as `a`'s row, when both are plain rows (no error, scan or warning):
   * the same elements and text nodes, only what differs
   * from the article it showed written (scrolling rewrites a screenful of rows a frame: a new text node
   * or string per field would be garbage for the collector, an unchanged class a needless restyle).
   */
  private reuseRow(row: HTMLElement, a: ArticleSummary): boolean {
    const was = this.rowArticle.get(row)
    if (!was || was.error || was.ocr || was.warning || a.error || a.ocr || a.warning) return false
    const title = row.firstElementChild as HTMLElement
    const meta = row.lastElementChild as HTMLElement
    const active = a.id === this.activeId
    if (active !== (was.id === this.activeId)) {
      row.className = `sw-library-row${active ? ' is-active' : ''}`
      row.setAttribute('aria-selected', active ? 'true' : 'false')
    }
    row.setAttribute('data-article-id', a.id)
    row.title = a.path
    if (a.title !== was.title) setText(title, a.title)
    title.title = `${a.title}\n${a.path}`
    if (a.language !== was.language) {
      // One row in five or so has no language (too short to tell): its badge goes, kept for the next row that has one.
      let language = was.language ? (meta.firstElementChild as HTMLElement) : null
      if (!a.language) {
        language!.remove()
        if (this.languageBadges.length < 32) this.languageBadges.push(language!)
      } else {
        if (!language) meta.prepend((language = this.languageBadges.pop() ?? h('span', { class: 'sw-language' }, '')))
        setText(language, a.language.toUpperCase())
        language.title = this.label('library.language', a.language)
      }
    }
    const known = a.counts
    const counts = meta.lastElementChild as HTMLElement
    if (!known !== !was.counts) {
      counts.className = `sw-counts${known ? '' : ' is-pending'}`
      if (known) counts.removeAttribute('title')
      else counts.title = this.counting()
    }
    let item = counts.firstElementChild
    for (const kind of COUNT_KINDS) {
      const n = known?.[kind]
      if (n !== was.counts?.[kind]) {
        setText(item!.firstElementChild as HTMLElement, n === undefined ? '' : String(n))
        setText(item!.lastElementChild as HTMLElement, this.label(`library.countLabel.${kind}`, n ?? 0))
      }
      item = item!.nextElementSibling
    }
    this.rowArticle.set(row, a)
    return true
  }

  /**
   * A scan's row while OCR reads it: "reading (OCR) page 3 of 12", a bar, and Cancel; once cancelled,
   * "Reading cancelled" and Retry (which goes on from the pages already read).
   */
  private ocrState(a: ArticleSummary): HTMLElement {
    const ocr = a.ocr!
    const button = (name: string, label: Msg, act: (id: string) => void, title?: Msg) =>
      h(
        'button',
        {
          class: 'sw-link-button',
          name,
          title,
          onclick: (e: Event) => {
            e.stopPropagation()
            act(a.id)
          },
        },
        label,
      )
    if (ocr.state === 'stopped')
      return h(
        'span',
        { class: 'sw-ocr-state' },
        h('span', { class: 'sw-ocr-label' }, msg('ocr.cancelled')),
        button('retry-ocr', msg('common.retry'), this.onRetryOcr, msg('ocr.retryTitle')),
      )
    const reading = ocr.state === 'reading' && ocr.page && ocr.pages
    const fill = h('span', { class: 'sw-progress-fill' })
    if (reading) fill.style.width = `${(100 * (ocr.page! - 1)) / ocr.pages!}%`
    return h(
      'span',
      { class: 'sw-ocr-state' },
      h(
        'span',
        { class: 'sw-ocr-label' },
        reading ? msg('ocr.reading', { page: ocr.page!, pages: ocr.pages! }) : msg('ocr.waiting'),
      ),
      h('span', { class: 'sw-progress-bar' }, fill),
      button('cancel-ocr', msg('common.cancel'), this.onCancelOcr),
    )
  }
}
