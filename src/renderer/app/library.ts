/**
 * The library sidebar: every article in the workspace with its title and annotation counts, the open
 * one highlighted. It follows the session: the workspace's articles, the article asked for or open,
 * and the counts as annotations change.
 */
import type { ArticleSummary } from '../../shared/model'
import { msg, onDidChangeLanguage, t } from '../../shared/i18n'
import { h } from './dom'
import type { Session } from './session'
import { VirtualList } from './virtual-list'

const ROW_HEIGHT = 58

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
  ) {
    this.list = new VirtualList(ROW_HEIGHT, (a) => this.row(a), 'sw-library-list')
    this.heading = h('div', { class: 'sw-pane-title' }, t('library.title', { count: 0 }))
    this.element = h('nav', { class: 'sw-library', 'aria-label': msg('sidebar.articles') }, this.heading, this.list.element)
    session.onDidChangeWorkspace(({ state }) => this.setArticles(state?.articles ?? []))
    session.onWillOpenArticle((id) => this.setActive(id))
    session.onDidChangeArticle((article) => this.setActive(article?.id ?? null))
    session.onDidChangeAnnotations(() => session.workspace && this.setArticles(session.workspace.articles))
    onDidChangeLanguage(() => this.setArticles(this.articles))
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
    const counts = h(
      'span',
      { class: `sw-counts${known ? '' : ' is-pending'}`, ...(known ? {} : { title: t('library.counting') }) },
      h('span', { class: 'sw-count sw-count-quote', title: t('library.quotes') }, known ? String(known.quote) : ''),
      h('span', { class: 'sw-count sw-count-claim', title: t('library.claims') }, known ? String(known.claim) : ''),
      h('span', { class: 'sw-count sw-count-entity', title: t('library.entities') }, known ? String(known.entity) : ''),
    )
    return h(
      'div',
      {
        class: `sw-library-row${a.id === this.activeId ? ' is-active' : ''}${a.error ? ' has-error' : ''}${a.ocr ? ' is-ocr' : ''}`,
        role: 'option',
        'aria-selected': a.id === this.activeId ? 'true' : 'false',
        'data-article-id': a.id,
        title: a.warning ? `${a.path}: ${a.warning}` : a.path,
        onclick: () => (a.error || a.ocr ? undefined : this.onOpen(a.id)),
      },
      h('div', { class: 'sw-library-title' }, a.title),
      h(
        'div',
        { class: 'sw-library-meta' },
        a.ocr
          ? this.ocrState(a)
          : a.error
            ? h('span', { class: 'sw-error-text' }, a.error)
            : a.warning // read, but the file said something the user should know (not valid UTF-8)
              ? h('span', { class: 'sw-warning-text' }, a.warning)
              : h('span', { class: 'sw-path' }, a.path),
        a.error || a.ocr ? null : counts,
      ),
    )
  }

  /** A scan's row while OCR reads it: "reading (OCR) page 3 of 12", a bar, and Cancel. */
  private ocrState(a: ArticleSummary): HTMLElement {
    const ocr = a.ocr!
    if (ocr.state === 'stopped') return h('span', { class: 'sw-ocr-state' }, t('library.ocrCancelled'))
    const reading = ocr.state === 'reading' && ocr.page && ocr.pages
    const fill = h('span', { class: 'sw-progress-fill' })
    if (reading) fill.style.width = `${(100 * (ocr.page! - 1)) / ocr.pages!}%`
    return h(
      'span',
      { class: 'sw-ocr-state' },
      h(
        'span',
        { class: 'sw-ocr-label' },
        reading ? t('library.ocrReading', { page: ocr.page!, pages: ocr.pages! }) : t('library.ocrWaiting'),
      ),
      h('span', { class: 'sw-progress-bar' }, fill),
      h(
        'button',
        {
          class: 'sw-link-button',
          name: 'cancel-ocr',
          onclick: (e: Event) => {
            e.stopPropagation()
            this.onCancelOcr(a.id)
          },
        },
        t('common.cancel'),
      ),
    )
  }
}
