/**
 * Workspace search (a sidebar tab): one box over every article's text, annotations, notes and entity
 * names; results grouped by article with the matched words marked. Typing never waits: queries go to
 * main after a short pause and an answer to an older query is dropped. It follows the session: a
 * different workspace runs the query again, and choosing the tab puts the focus in the box.
 */
import { msg, onDidChangeLanguage, t } from '../../shared/i18n'
import type { SearchResults } from '../../shared/model'
import type { WorkbenchClient } from '../../shared/api'
import { h } from './dom'
import type { Session } from './session'

export interface SearchActions {
  openText(articleId: string, start: number, end: number): void
  openAnnotation(articleId: string, annotationId: string): void
  openEntity(entityId: string): void
}

const PAUSE_MS = 120

export class SearchView {
  readonly element: HTMLElement
  readonly input = h('input', {
    type: 'search',
    name: 'workspace-search',
    placeholder: msg('search.placeholder'),
    'aria-label': msg('search.label'),
  }) as HTMLInputElement
  private readonly results = h('div', { class: 'sw-search-results', role: 'list' })
  private timer = 0
  private sequence = 0
  private shown: SearchResults | null = null

  constructor(
    session: Session,
    private readonly api: WorkbenchClient,
    private readonly actions: SearchActions,
  ) {
    // Another workspace: the results shown belong to the old one, so ask again.
    session.onDidChangeWorkspace(({ switched }) => switched && void this.run())
    // After the listener that puts this view on screen has run: focus() needs the box in the document.
    session.onDidChangeSidebarTab((tab) => tab === 'search' && queueMicrotask(() => this.focus()))
    this.element = h('section', { class: 'sw-search' }, h('div', { class: 'sw-entity-search' }, this.input), this.results)
    this.input.addEventListener('input', () => {
      clearTimeout(this.timer)
      this.timer = window.setTimeout(() => void this.run(), PAUSE_MS)
    })
    onDidChangeLanguage(() => this.shown && this.render(this.shown))
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.results.querySelector<HTMLElement>('.sw-search-hit')?.click()
      else if (e.key === 'ArrowDown') this.moveFocus(e, 0)
    })
    // ↑/↓ move through the results (↑ from the first goes back to the box); Enter opens one.
    this.results.addEventListener('keydown', (e) => {
      const hits = [...this.results.querySelectorAll<HTMLElement>('.sw-search-hit')]
      const at = hits.indexOf(e.target as HTMLElement)
      if (at < 0) return
      if (e.key === 'ArrowDown') this.moveFocus(e, Math.min(hits.length - 1, at + 1))
      else if (e.key === 'ArrowUp' && at === 0) {
        e.preventDefault()
        this.input.focus()
      } else if (e.key === 'ArrowUp') this.moveFocus(e, at - 1)
    })
  }

  private moveFocus(e: KeyboardEvent, index: number): void {
    const hit = this.results.querySelectorAll<HTMLElement>('.sw-search-hit')[index]
    if (!hit) return
    e.preventDefault()
    hit.focus()
    hit.scrollIntoView({ block: 'nearest' })
  }

  focus(): void {
    this.input.focus()
    this.input.select()
  }

  private async run(): Promise<void> {
    const query = this.input.value.trim()
    const sequence = ++this.sequence
    if (!query) {
      delete this.results.dataset.query
      this.shown = null
      return this.results.replaceChildren()
    }
    const results = await this.api.search(query).catch(() => null)
    if (sequence !== this.sequence || !results) return
    this.render(results)
    // What the list answers, for whoever reads it (tests wait for a complete answer to their query).
    this.results.dataset.query = query
    this.results.dataset.complete = String(results.complete)
    // While the index is still being built, ask again so results fill in as articles are indexed.
    if (!results.complete) this.timer = window.setTimeout(() => void this.run(), 400)
  }

  private render(results: SearchResults): void {
    this.shown = results
    const progress = results.indexing ? t('search.indexing', { ...results.indexing }) : ''
    const indexing = results.complete ? null : h('p', { class: 'sw-hint sw-search-partial' }, t('search.partial', { progress }))
    if (results.total === 0)
      return this.results.replaceChildren(...(indexing ? [indexing] : []), h('p', { class: 'sw-hint' }, t('search.nothing')))
    this.results.replaceChildren(
      ...(indexing ? [indexing] : []),
      h('div', { class: 'sw-pane-title' }, matchCount(results)),
      ...results.groups.map((group) =>
        h(
          'div',
          { class: 'sw-search-group', role: 'listitem' },
          h(
            'div',
            { class: 'sw-mention-article' },
            group.title,
            group.path ? h('span', { class: 'sw-path', title: group.path }, ` ${group.path}`) : null,
          ),
          ...withoutRepeats(group.hits).map((hit) =>
            h(
              'button',
              {
                class: `sw-search-hit sw-hit-${hit.kind}`,
                onclick: () => {
                  if (hit.entityId) this.actions.openEntity(hit.entityId)
                  else if (group.articleId && hit.annotationId) this.actions.openAnnotation(group.articleId, hit.annotationId)
                  else if (group.articleId) this.actions.openText(group.articleId, hit.start, hit.end)
                },
              },
              hit.kind === 'text'
                ? null
                : h('span', { class: 'sw-hit-kind' }, hit.kind === 'annotation' ? t('search.annotation') : t('search.entity')),
              ...marked(hit.snippet, hit.highlights),
            ),
          ),
        ),
      ),
    )
  }
}

type Hit = SearchResults['groups'][number]['hits'][number]

/**
 * One span listed once: a text match that falls inside an annotation listed too is that annotation
 * (which opens with its editor), not a second row.
 */
function withoutRepeats(hits: readonly Hit[]): Hit[] {
  const spans = hits.filter((x) => x.kind === 'annotation')
  return hits.filter((x) => x.kind !== 'text' || !spans.some((a) => a.start <= x.start && x.end <= a.end))
}

/** "12 matches", or "1,204 matches in 310 articles, the best 40 shown" when not all are listed. */
function matchCount(results: SearchResults): string {
  const matches = t('search.matches', { count: results.total })
  const articles = results.articles ?? results.groups.length
  if (articles <= results.groups.length) return matches
  return t('search.matchesIn', { matches, articles, shown: results.groups.length })
}

/** The snippet as text nodes with <mark> around the matched words. */
function marked(snippet: string, highlights: [number, number][]): (string | HTMLElement)[] {
  const out: (string | HTMLElement)[] = []
  let at = 0
  for (const [s, e] of highlights) {
    if (s < at) continue
    out.push(snippet.slice(at, s), h('mark', {}, snippet.slice(s, e)))
    at = e
  }
  out.push(snippet.slice(at))
  return out
}
