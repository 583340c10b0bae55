/**
 * The annotation panel: the open article's annotations in text order, filtered by kind, status,
 * entity and free text, the suggestions to accept or reject, and the editor for the selected one
 * (annotation-editor.ts). When the workspace syncs, each row says who last changed it and when, and
 * marks a conflict. Everything it shows comes from the session and the SyncStore, which it subscribes to.
 */
import { msg, onDidChangeLanguage, t } from '../../shared/i18n'
import type { Annotation, AnnotationPatch, EntityType, LinkView } from '../../shared/model'
import { ANNOTATION_KINDS, type AnnotationKind } from '../../shared/vocabulary'
import { AnnotationEditor } from './annotation-editor'
import { authorNote, type ConflictViewDeps } from './conflict-view'
import type { Choice } from './autocomplete'
import { h } from './dom'
import type { EntityStore } from './entity-store'
import { entityOf } from './filter'
import { entityTypeLabel, kindLabel, modeLabel, statusLabel } from './labels'
import type { Session } from './session'
import type { SyncStore } from './sync-store'
import { VirtualList } from './virtual-list'

export type { Suggestion } from './session'

const ROW_HEIGHT = 56
export interface PanelActions {
  select(id: string): void
  edit(id: string, patch: AnnotationPatch): void
  remove(id: string): void
  /** Link an entity mention (or a quote's speaker) to a registry entity, or create one from `query`. */
  pickEntity(id: string, choice: Choice, query: string): void
  /** A linked mention's Type: changes the registry entity's type. */
  setEntityType(entityId: string, type: EntityType): void
  addClaimStatus(id: string): void
  startLinking(id: string): void
  followLink(view: LinkView): void
  unlink(view: LinkView): void
  /** Re-attach an annotation to the text selected in the article. */
  reattach(id: string): void
  suggestQuotes(): void
  suggestMentions(entityId: string): void
  selectSuggestion(id: string): void
  acceptSuggestions(ids: string[]): void
  rejectSuggestions(ids: string[]): void
}

const ANCHOR_HELP = {
  moved: 'panel.anchorMoved',
  fuzzy: 'panel.anchorFuzzy',
  orphaned: 'panel.anchorOrphaned',
} as const

/** Suggestions listed at most; the rest are reachable with Accept all / J-K after accepting. */
const MAX_SUGGESTION_ROWS = 200

export class AnnotationPanel {
  readonly element: HTMLElement
  private readonly list: VirtualList<Annotation>
  private readonly editor: AnnotationEditor
  private readonly filterBar: HTMLElement
  private readonly heading: HTMLElement
  private readonly suggestionBox = h('div', { class: 'sw-suggestions' })
  /** What the list shows: the session's annotations as of the last (coalesced) change. */
  private annotations: readonly Annotation[] = []
  private visible: readonly Annotation[] = []
  private selectedId: string | null = null

  constructor(
    private readonly session: Session,
    private readonly entities: EntityStore,
    private readonly sync: SyncStore,
    conflicts: ConflictViewDeps,
    private readonly actions: PanelActions,
  ) {
    this.list = new VirtualList(ROW_HEIGHT, (a) => this.row(a), 'sw-annotation-list')
    this.heading = h('div', { class: 'sw-pane-title' }, t('panel.title', { count: 0 }))
    this.filterBar = h('div', { class: 'sw-filters' })
    this.editor = new AnnotationEditor(session, entities, actions, sync, conflicts)
    this.element = h(
      'aside',
      { class: 'sw-panel', 'aria-label': msg('panel.label') },
      this.heading,
      this.filterBar,
      this.suggestionBox,
      this.list.element,
      this.editor.element,
    )
    this.renderSuggestions()
    entities.onChange(() => this.refresh())
    session.onDidChangeArticle(() => (this.refresh(), this.select(null)))
    session.onDidChangeAnnotations(() => (this.refresh(), this.select(session.selectedId)))
    session.onDidChangeFilter(() => this.refresh())
    session.onDidChangeSuggestions(() => this.renderSuggestions())
    sync.onDidChange(() => this.list.refresh())
    // While a coalesced update is pending, it selects the row itself once the row exists.
    session.onDidChangeSelection(({ id }) => session.panelBehind || this.select(id))
    onDidChangeLanguage(() => {
      this.refresh()
      this.renderSuggestions()
    })
  }

  private renderSuggestions(): void {
    const head = h(
      'div',
      { class: 'sw-suggestions-head' },
      h(
        'button',
        {
          type: 'button',
          name: 'suggest-quotes',
          onclick: () => this.actions.suggestQuotes(),
          title: t('panel.suggestQuotesTitle'),
        },
        t('panel.suggestQuotes'),
      ),
      this.session.suggestions.length
        ? h(
            'span',
            { class: 'sw-suggestions-actions' },
            `${t('panel.suggested', { count: this.session.suggestions.length })} `,
            h(
              'button',
              {
                type: 'button',
                name: 'accept-all',
                onclick: () => this.actions.acceptSuggestions(this.session.suggestions.map((x) => x.id)),
              },
              t('panel.acceptAll'),
            ),
            h(
              'button',
              {
                type: 'button',
                name: 'reject-all',
                onclick: () => this.actions.rejectSuggestions(this.session.suggestions.map((x) => x.id)),
              },
              t('panel.rejectAll'),
            ),
          )
        : null,
    )
    const rows = this.session.suggestions.slice(0, MAX_SUGGESTION_ROWS).map((x) =>
      h(
        'div',
        {
          class: `sw-suggestion-row${x.id === this.session.selectedSuggestion ? ' is-selected' : ''}`,
          'data-suggestion-id': x.id,
          onclick: () => this.actions.selectSuggestion(x.id),
        },
        h(
          'span',
          { class: `sw-kind sw-kind-${x.kind}` },
          x.kind === 'quote' ? t('panel.quoteSuggestion') : t('panel.entitySuggestion'),
        ),
        h('span', { class: 'sw-suggestion-text' }, x.exact.replace(/\s+/g, ' ')),
        h(
          'button',
          {
            type: 'button',
            class: 'sw-accept',
            title: t('panel.acceptTitle'),
            'aria-label': t('panel.accept'),
            onclick: (e: Event) => (e.stopPropagation(), this.actions.acceptSuggestions([x.id])),
          },
          '✓',
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'sw-reject',
            title: t('panel.rejectTitle'),
            'aria-label': t('panel.reject'),
            onclick: (e: Event) => (e.stopPropagation(), this.actions.rejectSuggestions([x.id])),
          },
          '✗',
        ),
      ),
    )
    this.suggestionBox.replaceChildren(head, ...(rows.length ? [h('div', { class: 'sw-suggestion-list' }, ...rows)] : []))
    this.suggestionBox.querySelector('.sw-suggestion-row.is-selected')?.scrollIntoView({ block: 'nearest' })
  }

  private select(id: string | null): void {
    this.selectedId = id
    const i = id ? this.visible.findIndex((a) => a.id === id) : -1
    if (i >= 0) this.list.scrollToIndex(i)
    else this.list.refresh()
    this.editor.show(id)
  }

  /** Puts the keyboard focus in the editor's first field. */
  focusEditor(): void {
    this.editor.focus()
  }

  /** Puts the keyboard focus in the filter's search field. */
  focusSearch(): void {
    this.filterBar.querySelector<HTMLInputElement>('input[name="filter-text"]')?.focus()
  }

  private refresh(): void {
    this.annotations = this.session.annotations
    this.visible = this.session.shown()
    const filtered = this.visible.length !== this.annotations.length
    this.heading.textContent = filtered
      ? t('panel.titleFiltered', { shown: this.visible.length, count: this.annotations.length })
      : t('panel.title', { count: this.annotations.length })
    this.list.setItems(this.visible)
    this.renderFilters()
    if (this.selectedId && !this.annotations.some((a) => a.id === this.selectedId)) this.select(null)
    else this.editor.renderEditorUnlessTyping()
  }

  /** Kind toggles with counts, a status and an entity menu, and a search field. */
  private renderFilters(): void {
    if (this.filterBar.contains(document.activeElement) && document.activeElement?.tagName === 'INPUT') return
    const counts = { quote: 0, claim: 0, entity: 0 }
    const statusCounts = new Map<string, number>()
    const entityCounts = new Map<string, number>()
    for (const a of this.annotations) {
      counts[a.kind]++
      if (a.kind === 'claim') statusCounts.set(a.attributes.status, (statusCounts.get(a.attributes.status) ?? 0) + 1)
      const e = entityOf(a)
      if (e) entityCounts.set(e, (entityCounts.get(e) ?? 0) + 1)
    }
    const kindToggle = (kind: AnnotationKind) =>
      h(
        'button',
        {
          class: `sw-filter-kind sw-kind-${kind}${this.session.filter.kinds.has(kind) ? ' is-on' : ''}`,
          'aria-pressed': String(this.session.filter.kinds.has(kind)),
          'data-filter-kind': kind,
          onclick: () => {
            const kinds = new Set(this.session.filter.kinds)
            if (kinds.has(kind)) kinds.delete(kind)
            else kinds.add(kind)
            this.session.setFilter({ kinds })
          },
        },
        `${kindLabel(kind)} ${counts[kind]}`,
      )
    const status = h(
      'select',
      {
        name: 'filter-status',
        title: t('panel.statusFilterTitle'),
        onchange: () => this.session.setFilter({ status: status.value }),
      },
      h('option', { value: '' }, t('panel.anyStatus')),
      ...[...statusCounts].map(([s, n]) => h('option', { value: s }, `${statusLabel(s)} (${n})`)),
    ) as HTMLSelectElement
    status.value = this.session.filter.status
    const entity = h(
      'select',
      {
        name: 'filter-entity',
        title: t('panel.entityFilterTitle'),
        onchange: () => this.session.setFilter({ entityId: entity.value }),
      },
      h('option', { value: '' }, t('panel.anyEntity')),
      ...[...entityCounts].map(([id, n]) =>
        h('option', { value: id }, `${this.entities.get(id)?.name ?? t('panel.unknownEntity')} (${n})`),
      ),
    ) as HTMLSelectElement
    entity.value = this.session.filter.entityId
    const text = h('input', {
      type: 'search',
      name: 'filter-text',
      placeholder: t('panel.searchPlaceholder'),
    }) as HTMLInputElement
    text.value = this.session.filter.text
    text.addEventListener('input', () => {
      this.session.setFilter({ text: text.value })
    })
    this.filterBar.replaceChildren(
      h('div', { class: 'sw-filter-kinds' }, ...ANNOTATION_KINDS.map(kindToggle)),
      h('div', { class: 'sw-filter-menus' }, status, entity),
      text,
    )
  }

  private row(a: Annotation): HTMLElement {
    const articleId = this.session.article?.id ?? ''
    const author = this.sync.authorOf(articleId, a.id)
    const conflict = this.sync.conflictOf(articleId, a.id)
    return h(
      'div',
      {
        class: `sw-annotation-row sw-row-${a.kind}${a.id === this.selectedId ? ' is-selected' : ''}${conflict ? ' is-conflict' : ''}`,
        role: 'option',
        'aria-selected': a.id === this.selectedId ? 'true' : 'false',
        'data-annotation-id': a.id,
        onclick: () => this.actions.select(a.id),
      },
      h(
        'div',
        { class: 'sw-row-head' },
        h('span', { class: `sw-kind sw-kind-${a.kind}` }, kindLabel(a.kind)),
        a.anchor
          ? h(
              'span',
              { class: `sw-anchor sw-anchor-${a.anchor}`, title: t(ANCHOR_HELP[a.anchor]) },
              t(`panel.anchor_${a.anchor}`),
            )
          : null,
        h('span', { class: 'sw-row-attr' }, this.summary(a)),
        a.note ? h('span', { class: 'sw-row-note', title: a.note }, `✎ ${a.note.replace(/\s+/g, ' ')}`) : null,
        conflict ? h('span', { class: 'sw-conflict-mark', title: t('sync.conflictMarkTitle') }, t('sync.conflictMark')) : null,
        authorNote('span', 'sw-row-author', author),
      ),
      h('div', { class: 'sw-row-text' }, a.exact.replace(/\s+/g, ' ')),
    )
  }

  private summary(a: Annotation): string {
    if (a.kind === 'quote') return [a.attributes.speaker || t('panel.noSpeaker'), modeLabel(a.attributes.mode)].join(' · ')
    if (a.kind === 'claim') return statusLabel(a.attributes.status)
    const entity = this.entities.get(a.attributes.entityId)
    return entity
      ? `${entity.name} · ${entityTypeLabel(entity.type)}`
      : `${entityTypeLabel(a.attributes.entityType)} · ${t('panel.notLinked')}`
  }
}
