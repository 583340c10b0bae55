/**
 * The open article: opening one (the session holds it, the host mounts its view), closing it, its
 * header and details, reopening it when its file changes on disk, going to an annotation or a text
 * range, the compare view, and what the article area shows with no article (welcome, empty folder).
 */
import { language, msg, onDidChangeLanguage, t } from '../../shared/i18n'
import type { OcrLanguage, OpenedArticle, WorkspaceState } from '../../shared/model'
import { unpackArticle } from '../../shared/packed-article'
import type { TextRange } from '../article-view'
import { headlineBlock, type ArticleHost, type ArticleKeys } from './article-host'
import { CompareView } from './compare-view'
import { call, type AppContext } from './context'
import { chooseArticle, chooseRelation, editMetadata } from './dialogs'
import { h } from './dom'
import { articleDate } from './labels'
import type { Layout } from './layout'
import type { Linking } from './linking'
import { errorText } from './error-text'
import { Welcome } from './welcome'

export class ArticleController {
  private openSeq = 0
  private compare: CompareView | null = null
  /** The welcome screen with the recent workspaces; kept to follow their changes. */
  readonly welcome: Welcome
  /** The OCR languages installed, once asked (installedOcr). */
  private installed: Promise<OcrLanguage[]> | null = null

  constructor(
    private readonly ctx: AppContext,
    private readonly host: ArticleHost,
    private readonly layout: Layout,
    private readonly linking: Linking,
    private readonly keys: ArticleKeys,
    private readonly chooseWorkspace: () => void,
  ) {
    this.welcome = new Welcome(ctx, chooseWorkspace)
    ctx.session.onDidChangeWorkspace(({ state, switched }) => this.workspaceChanged(state, switched))
    ctx.session.onDidChangeMetadata((article) => this.renderHeader(article))
    onDidChangeLanguage(() => ctx.session.article && this.renderHeader(ctx.session.article))
  }

  private workspaceChanged(state: WorkspaceState | null, switched: boolean): void {
    if (!state) return this.showWelcome()
    if (!switched) return
    this.ctx.undo.clear()
    this.close()
    this.layout.articleHeader.replaceChildren()
    this.host.showMessage(
      h(
        'div',
        { class: 'sw-empty' },
        state.articles.length ? msg('article.choose') : msg('article.noFiles', { root: state.root }),
      ),
    )
  }

  private showWelcome(): void {
    this.close()
    this.layout.articleHeader.replaceChildren()
    this.host.showMessage(this.welcome.element)
    void this.welcome.refresh()
  }

  private close(): void {
    this.closeCompare()
    if (this.ctx.session.article) this.ctx.session.setArticle(null)
  }

  /** An article from main, its packed annotations unpacked into objects. */
  private async fetch(id: string): Promise<OpenedArticle> {
    return unpackArticle(await this.ctx.api.openArticle(id))
  }

  async open(id: string): Promise<void> {
    const { session } = this.ctx
    const seq = ++this.openSeq
    session.willOpenArticle(id)
    this.layout.main.setAttribute('aria-busy', 'true')
    let article: OpenedArticle
    try {
      article = await this.fetch(id)
    } catch (error) {
      this.ctx.notify(errorText(error), 'error')
      if (seq === this.openSeq) this.layout.main.setAttribute('aria-busy', 'false')
      return
    }
    if (seq !== this.openSeq) return // the user clicked another article meanwhile
    this.closeCompare()
    session.setArticle(article)
    this.renderHeader(article)
    await this.host.mount(article, this.keys, this.titleOf(article))
    this.host.view?.focus()
    if (seq === this.openSeq) this.layout.main.setAttribute('aria-busy', 'false')
  }

  /** An article file changed on disk: reopen it if it is the one on screen (its annotations re-anchor). */
  async articlesChanged(ids: string[]): Promise<void> {
    const { session } = this.ctx
    const open = session.article
    if (!open || !ids.includes(open.id)) return
    if (session.workspace?.articles.some((a) => a.id === open.id && !a.error)) {
      const selected = session.selectedId
      await this.open(open.id)
      if (selected && session.annotation(selected)) session.select(selected, true)
    } else {
      this.close()
      this.host.showMessage(h('div', { class: 'sw-empty' }, msg('article.removed', { path: open.path })))
    }
  }

  /** Annotations of these articles changed elsewhere (the claims board): the open one's are fetched again. */
  async reloadAnnotations(ids: readonly string[]): Promise<void> {
    const { session } = this.ctx
    const article = session.article
    if (!article || !ids.includes(article.id)) return
    const fresh = await call(this.ctx, () => this.fetch(article.id))
    if (!fresh || session.article?.id !== article.id) return
    for (const a of fresh.annotations) session.replaceAnnotation(article.id, a)
  }

  /** Opens an article (if needed) and reveals one of its annotations. */
  async goTo(articleId: string, annotationId: string): Promise<void> {
    if (this.ctx.session.article?.id !== articleId) await this.open(articleId)
    if (this.ctx.session.article?.id === articleId) this.ctx.session.select(annotationId, true)
  }

  /** Opens an article with a text range selected and in view (a search result). */
  async openAt(articleId: string, range: TextRange): Promise<void> {
    if (this.ctx.session.article?.id !== articleId) await this.open(articleId)
    await this.host.view?.revealRange(range)
  }

  private titleOf(article: OpenedArticle): string {
    return this.ctx.session.workspace?.articles.find((a) => a.id === article.id)?.title ?? article.path
  }

  private renderHeader(article: OpenedArticle): void {
    const m = article.metadata
    const title = this.titleOf(article)
    const details = [m.byline, m.outlet, m.date && articleDate(m.date), m.language?.toUpperCase()].filter(Boolean).join(' · ')
    this.layout.articleHeader.replaceChildren(
      // The headline in the text is shown as the title (article-host.ts): not twice.
      headlineBlock(article, title) < 0 ? h('h1', { class: 'sw-article-title' }, title) : '',
      h(
        'div',
        { class: 'sw-article-meta' },
        h('span', { class: 'sw-path' }, article.path),
        details ? ` · ${details}` : '',
        m.url ? h('span', { class: 'sw-url', title: m.url }, ` · ${m.url}`) : '',
        m.source
          ? h(
              'span',
              { class: 'sw-ocr-note' },
              ' · ',
              msg('ocr.note', {
                languages: m.source.languages.map((code) => languageName(code)).join(' + '),
                confidence: Math.round(m.source.confidence),
              }),
            )
          : '',
        m.source ? this.ocrLanguageChoice(article) : '',
        ' ',
        h(
          'button',
          { class: 'sw-link-button', name: 'edit-details', onclick: () => void this.editDetails() },
          t('article.editDetails'),
        ),
        h(
          'button',
          {
            class: 'sw-link-button',
            name: 'compare',
            onclick: () => void this.startCompare(),
            title: t('article.compareTitle'),
          },
          t('article.compare'),
        ),
      ),
    )
  }

  /**
   * A scan's "Read again in…" menu: each installed OCR language, and Spanish + English together; the
   * choice reads the scan again (its library row shows the pages, with Cancel) and is remembered.
   */
  private ocrLanguageChoice(article: OpenedArticle): HTMLElement {
    const select = h(
      'select',
      {
        class: 'sw-ocr-language',
        name: 'ocr-language',
        title: msg('ocr.readAgainTitle'),
        onchange: () => {
          const models = select.value.split('+').filter(Boolean)
          select.value = ''
          if (models.length) void call(this.ctx, () => this.ctx.api.rereadOcr(article.id, models))
        },
      },
      h('option', { value: '' }, msg('ocr.readAgain')),
    )
    void this.installedOcr().then((installed) => {
      const used = (article.metadata.source?.languages ?? []).join('+')
      for (const choice of ocrChoices(installed)) {
        const option = h('option', { value: choice.models.join('+') }, choice.label)
        if (choice.languages.join('+') === used) option.disabled = true // what it was read with
        select.append(option)
      }
    })
    return select
  }

  /** The OCR languages installed (asked once). */
  private installedOcr(): Promise<OcrLanguage[]> {
    this.installed ??= this.ctx.api.ocrLanguages().catch(() => {
      this.installed = null
      return []
    })
    return this.installed
  }

  private async editDetails(): Promise<void> {
    const { api, session } = this.ctx
    const article = session.article
    if (!article) return
    const title = session.workspace?.articles.find((a) => a.id === article.id)?.title
    const current: Record<string, string | undefined> = { ...article.metadata, source: undefined, title } // the OCR source is not editable
    const edited = await editMetadata(current)
    if (!edited) return
    // Only what the user changed becomes an override; the rest keeps following the file.
    const patch = Object.fromEntries(
      Object.entries(edited).filter(([key, value]) => value.trim() !== (current[key] ?? '').trim()),
    )
    if (Object.keys(patch).length === 0) return
    const state = await call(this.ctx, () => api.updateArticleMetadata(article.id, patch))
    if (!state || session.article?.id !== article.id) return
    const fresh = await call(this.ctx, () => this.fetch(article.id))
    if (fresh && session.article?.id === article.id) session.setMetadata(fresh.metadata)
  }

  // ── Compare two versions ───────────────────────────────────────────────────────────────────────

  private async startCompare(): Promise<void> {
    const { api, session } = this.ctx
    const article = session.article
    const workspace = session.workspace
    if (!article || !workspace) return
    const others = workspace.articles.filter((a) => a.id !== article.id && !a.error)
    if (others.length === 0) return this.ctx.notify(t('article.nothingToCompare'), 'info')
    const otherId = await chooseArticle(others)
    if (!otherId) return
    const [left, right] = await Promise.all([this.fetch(article.id), this.fetch(otherId)])
    const title = (id: string) => workspace.articles.find((a) => a.id === id)?.title ?? ''
    this.closeCompare()
    const compare: CompareView = new CompareView(api, left, right, [title(left.id), title(right.id)], {
      close: () => this.closeCompare(true),
      makeClaim: async (l, r, note) => this.linking.linkAcross(compare, l, r, 'contradicts', note),
      linkRanges: async (l, r, relation) => this.linking.linkAcross(compare, l, r, relation, ''),
      chooseRelation: () => chooseRelation('same-statement'),
      notify: (message) => this.ctx.notify(message, 'info'),
    })
    this.compare = compare
    this.layout.main.classList.add('is-comparing')
    this.layout.main.append(compare.element)
    await compare.mount()
  }

  private closeCompare(reopen = false): void {
    if (!this.compare) return
    this.compare.destroy()
    this.compare = null
    this.layout.main.classList.remove('is-comparing')
    const article = this.ctx.session.article
    if (reopen && article) void this.open(article.id)
  }
}

/** A language's name in the window's language ("es" → "Spanish" / "español"); the code when unknown. */
function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([language()], { type: 'language' }).of(code) ?? code
  } catch {
    return code // a tesseract code that is no language tag (chi_sim)
  }
}

/** The "Read again in…" choices: each installed model, and Spanish + English together when both are. */
function ocrChoices(installed: readonly OcrLanguage[]): Array<{ models: string[]; languages: string[]; label: string }> {
  const one = installed.map((m) => ({ models: [m.model], languages: [m.language], label: languageName(m.language) }))
  const spa = installed.find((m) => m.model === 'spa')
  const eng = installed.find((m) => m.model === 'eng')
  if (!spa || !eng) return one
  const both = {
    models: ['spa', 'eng'],
    languages: [spa.language, eng.language],
    label: t('ocr.languages', { first: languageName(spa.language), second: languageName(eng.language) }),
  }
  return [...one, both]
}
