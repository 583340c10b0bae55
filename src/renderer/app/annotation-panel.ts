/**
 * The annotation panel: the open article's annotations in text order, filtered by kind, status,
 * entity and free text, and an editor for the selected one (speaker and mode of a quote, status and
 * evidence of a claim, the registry entity of a mention, note and tags of any, its links).
 */
import type { Annotation, AnnotationPatch, LinkView } from '../../shared/model'
import {
  ANNOTATION_KINDS,
  CLAIM_STATUSES,
  ENTITY_TYPES,
  LINK_RELATIONS,
  QUOTE_MODES,
  type AnnotationKind,
} from '../../shared/vocabulary'
import { Autocomplete, type Choice } from './autocomplete'
import { claimLegend } from './claim-legend'
import { h } from './dom'
import type { EntityStore } from './entity-store'
import { VirtualList } from './virtual-list'

const ROW_HEIGHT = 56
export const KIND_LABEL = { quote: 'Quote', claim: 'Claim', entity: 'Entity' } as const
export const RELATION_LABEL: Record<(typeof LINK_RELATIONS)[number], string> = {
  supports: 'supports',
  contradicts: 'contradicts',
  'same-statement': 'same statement',
  'translation-of': 'translation of',
}

export interface PanelActions {
  select(id: string): void
  edit(id: string, patch: AnnotationPatch): void
  remove(id: string): void
  /** Link an entity mention (or a quote's speaker) to a registry entity, or create one from `query`. */
  pickEntity(id: string, choice: Choice, query: string): void
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

/** A span the app proposes to tag; accepted, it becomes an annotation. */
export interface Suggestion {
  id: string
  kind: 'quote' | 'entity'
  start: number
  end: number
  exact: string
  /** For mention suggestions: the entity whose name or alias matched. */
  entityId?: string
}

const ANCHOR_HELP = {
  moved: 'The article file changed; this text was found at a new place.',
  fuzzy: 'The article file changed; similar text was found. Check it.',
  orphaned: 'The article file changed and this text was not found: re-attach it.',
} as const

/** Suggestions listed at most; the rest are reachable with Accept all / J-K after accepting. */
const MAX_SUGGESTION_ROWS = 200

interface Filter {
  kinds: Set<AnnotationKind>
  status: string
  entityId: string
  text: string
}

export class AnnotationPanel {
  readonly element: HTMLElement
  private readonly list: VirtualList<Annotation>
  private readonly editorHost: HTMLElement
  private readonly filterBar: HTMLElement
  private readonly heading: HTMLElement
  private readonly suggestionBox = h('div', { class: 'sw-suggestions' })
  private suggestions: Suggestion[] = []
  private selectedSuggestion: string | null = null
  private annotations: Annotation[] = []
  private visible: Annotation[] = []
  private links: LinkView[] = []
  private claimStatuses: string[] = [...CLAIM_STATUSES]
  private selectedId: string | null = null
  private editingId: string | null = null
  private readonly filter: Filter = { kinds: new Set(ANNOTATION_KINDS), status: '', entityId: '', text: '' }

  constructor(
    private readonly actions: PanelActions,
    private readonly entities: EntityStore,
  ) {
    this.list = new VirtualList(ROW_HEIGHT, (a) => this.row(a), 'sw-annotation-list')
    this.heading = h('div', { class: 'sw-pane-title' }, 'Annotations')
    this.filterBar = h('div', { class: 'sw-filters' })
    this.editorHost = h('div', { class: 'sw-editor-host' })
    this.element = h(
      'aside',
      { class: 'sw-panel', 'aria-label': 'Annotations' },
      this.heading,
      this.filterBar,
      this.suggestionBox,
      this.list.element,
      this.editorHost,
    )
    this.renderSuggestions()
    entities.onChange(() => this.refresh())
  }

  /** Annotations in text order (the caller keeps them sorted). */
  setAnnotations(annotations: Annotation[]): void {
    this.annotations = annotations
    this.refresh()
  }

  setSuggestions(suggestions: Suggestion[], selectedId: string | null): void {
    this.suggestions = suggestions
    this.selectedSuggestion = selectedId
    this.renderSuggestions()
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
          title: 'Find quoted passages («», “”, „“, "") not tagged yet',
        },
        'Suggest quotes',
      ),
      this.suggestions.length
        ? h(
            'span',
            { class: 'sw-suggestions-actions' },
            `${this.suggestions.length} suggested `,
            h(
              'button',
              {
                type: 'button',
                name: 'accept-all',
                onclick: () => this.actions.acceptSuggestions(this.suggestions.map((x) => x.id)),
              },
              'Accept all',
            ),
            h(
              'button',
              {
                type: 'button',
                name: 'reject-all',
                onclick: () => this.actions.rejectSuggestions(this.suggestions.map((x) => x.id)),
              },
              'Reject all',
            ),
          )
        : null,
    )
    const rows = this.suggestions.slice(0, MAX_SUGGESTION_ROWS).map((x) =>
      h(
        'div',
        {
          class: `sw-suggestion-row${x.id === this.selectedSuggestion ? ' is-selected' : ''}`,
          'data-suggestion-id': x.id,
          onclick: () => this.actions.selectSuggestion(x.id),
        },
        h('span', { class: `sw-kind sw-kind-${x.kind}` }, x.kind === 'quote' ? 'Quote?' : 'Entity?'),
        h('span', { class: 'sw-suggestion-text' }, x.exact.replace(/\s+/g, ' ')),
        h(
          'button',
          {
            type: 'button',
            class: 'sw-accept',
            title: 'Accept (A)',
            'aria-label': 'Accept',
            onclick: (e: Event) => (e.stopPropagation(), this.actions.acceptSuggestions([x.id])),
          },
          '✓',
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'sw-reject',
            title: 'Reject (R)',
            'aria-label': 'Reject',
            onclick: (e: Event) => (e.stopPropagation(), this.actions.rejectSuggestions([x.id])),
          },
          '✗',
        ),
      ),
    )
    this.suggestionBox.replaceChildren(head, ...(rows.length ? [h('div', { class: 'sw-suggestion-list' }, ...rows)] : []))
    this.suggestionBox.querySelector('.sw-suggestion-row.is-selected')?.scrollIntoView({ block: 'nearest' })
  }

  setLinks(links: LinkView[]): void {
    this.links = links
    this.renderEditorUnlessTyping()
  }

  setClaimStatuses(statuses: string[]): void {
    this.claimStatuses = statuses
    this.renderEditorUnlessTyping()
  }

  /** The annotations that pass the filter, in text order (what J/K step through). */
  shown(): readonly Annotation[] {
    return this.visible
  }

  select(id: string | null): void {
    this.selectedId = id
    const i = id ? this.visible.findIndex((a) => a.id === id) : -1
    if (i >= 0) this.list.scrollToIndex(i)
    else this.list.refresh()
    if (this.editingId !== id) {
      this.editingId = id
      this.renderEditor()
    }
  }

  /** Puts the keyboard focus in the editor's first field. */
  focusEditor(): void {
    this.editorHost.querySelector<HTMLElement>('input, select, textarea')?.focus()
  }

  /** Puts the keyboard focus in the filter's search field. */
  focusSearch(): void {
    this.filterBar.querySelector<HTMLInputElement>('input[name="filter-text"]')?.focus()
  }

  private refresh(): void {
    this.visible = this.annotations.filter((a) => this.passes(a))
    const filtered = this.visible.length !== this.annotations.length
    this.heading.textContent = filtered
      ? `Annotations (${this.visible.length} of ${this.annotations.length})`
      : `Annotations (${this.annotations.length})`
    this.list.setItems(this.visible)
    this.renderFilters()
    if (this.selectedId && !this.annotations.some((a) => a.id === this.selectedId)) this.select(null)
    else this.renderEditorUnlessTyping()
  }

  private passes(a: Annotation): boolean {
    const f = this.filter
    if (!f.kinds.has(a.kind)) return false
    if (f.status && !(a.kind === 'claim' && a.attributes.status === f.status)) return false
    if (f.entityId && entityOf(a) !== f.entityId) return false
    if (f.text) {
      const needle = f.text.toLocaleLowerCase()
      const haystack =
        `${a.exact}\n${a.note}\n${a.tags.join(' ')}\n${a.kind === 'quote' ? a.attributes.speaker : ''}`.toLocaleLowerCase()
      if (!haystack.includes(needle)) return false
    }
    return true
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
          class: `sw-filter-kind sw-kind-${kind}${this.filter.kinds.has(kind) ? ' is-on' : ''}`,
          'aria-pressed': String(this.filter.kinds.has(kind)),
          'data-filter-kind': kind,
          onclick: () => {
            if (this.filter.kinds.has(kind)) this.filter.kinds.delete(kind)
            else this.filter.kinds.add(kind)
            this.refresh()
          },
        },
        `${KIND_LABEL[kind]} ${counts[kind]}`,
      )
    const status = h(
      'select',
      {
        name: 'filter-status',
        title: 'Filter claims by status',
        onchange: () => ((this.filter.status = status.value), this.refresh()),
      },
      h('option', { value: '' }, 'any status'),
      ...[...statusCounts].map(([s, n]) => h('option', { value: s }, `${s} (${n})`)),
    ) as HTMLSelectElement
    status.value = this.filter.status
    const entity = h(
      'select',
      {
        name: 'filter-entity',
        title: 'Filter by entity',
        onchange: () => ((this.filter.entityId = entity.value), this.refresh()),
      },
      h('option', { value: '' }, 'any entity'),
      ...[...entityCounts].map(([id, n]) => h('option', { value: id }, `${this.entities.get(id)?.name ?? 'unknown'} (${n})`)),
    ) as HTMLSelectElement
    entity.value = this.filter.entityId
    const text = h('input', {
      type: 'search',
      name: 'filter-text',
      placeholder: 'Search text, notes, tags  (/)',
    }) as HTMLInputElement
    text.value = this.filter.text
    text.addEventListener('input', () => {
      this.filter.text = text.value
      this.refresh()
    })
    this.filterBar.replaceChildren(
      h('div', { class: 'sw-filter-kinds' }, ...ANNOTATION_KINDS.map(kindToggle)),
      h('div', { class: 'sw-filter-menus' }, status, entity),
      text,
    )
  }

  private row(a: Annotation): HTMLElement {
    return h(
      'div',
      {
        class: `sw-annotation-row sw-row-${a.kind}${a.id === this.selectedId ? ' is-selected' : ''}`,
        role: 'option',
        'aria-selected': a.id === this.selectedId ? 'true' : 'false',
        'data-annotation-id': a.id,
        onclick: () => this.actions.select(a.id),
      },
      h(
        'div',
        { class: 'sw-row-head' },
        h('span', { class: `sw-kind sw-kind-${a.kind}` }, KIND_LABEL[a.kind]),
        a.anchor ? h('span', { class: `sw-anchor sw-anchor-${a.anchor}`, title: ANCHOR_HELP[a.anchor] }, a.anchor) : null,
        h('span', { class: 'sw-row-attr' }, this.summary(a)),
        a.note ? h('span', { class: 'sw-row-note', title: a.note }, `✎ ${a.note.replace(/\s+/g, ' ')}`) : null,
      ),
      h('div', { class: 'sw-row-text' }, a.exact.replace(/\s+/g, ' ')),
    )
  }

  private summary(a: Annotation): string {
    if (a.kind === 'quote') return [a.attributes.speaker || 'no speaker', a.attributes.mode].join(' · ')
    if (a.kind === 'claim') return a.attributes.status
    const entity = this.entities.get(a.attributes.entityId)
    return entity ? `${entity.name} · ${entity.type}` : `${a.attributes.entityType} · not linked`
  }

  private renderEditorUnlessTyping(): void {
    // Never redraw the editor under the user's fingers: what they type is the newer state.
    if (this.editingId && !this.editorHost.contains(document.activeElement)) this.renderEditor()
  }

  private renderEditor(): void {
    const a = this.annotations.find((x) => x.id === this.editingId)
    if (!a) {
      this.editorHost.replaceChildren(
        h(
          'p',
          { class: 'sw-hint' },
          'Select text and press Q, C or E to tag it. Click a highlight or a row to edit it. Press ? for all shortcuts.',
        ),
      )
      return
    }
    const edit = (patch: AnnotationPatch) => this.actions.edit(a.id, patch)
    const fields: HTMLElement[] = []
    if (a.kind === 'quote') {
      const speaker = new Autocomplete({
        name: 'speaker',
        placeholder: 'Who said it (type to search the registry)',
        value: a.attributes.speaker,
        choices: (q) => this.entities.choices(q, 'person'),
        onPick: (choice, query) => this.actions.pickEntity(a.id, choice, query),
        onFreeText: (text) => edit({ attributes: { speaker: text.trim(), speakerId: null } }),
      })
      fields.push(
        field('Speaker', speaker.element),
        field(
          'Mode',
          choice(QUOTE_MODES, a.attributes.mode, (mode) => edit({ attributes: { mode } }), 'mode'),
        ),
      )
    } else if (a.kind === 'claim') {
      const statuses = this.claimStatuses.includes(a.attributes.status)
        ? this.claimStatuses
        : [...this.claimStatuses, a.attributes.status]
      const status = choice(
        [...statuses, '＋ New label…'],
        a.attributes.status,
        (value) => {
          if (value === '＋ New label…') {
            status.value = a.attributes.status
            this.actions.addClaimStatus(a.id)
          } else edit({ attributes: { status: value } })
        },
        'status',
      )
      fields.push(field('Status', status), claimLegend(this.claimStatuses))
    } else {
      const entity = this.entities.get(a.attributes.entityId)
      const picker = new Autocomplete({
        name: 'entity',
        placeholder: 'Link to an entity (type to search)',
        value: entity?.name ?? '',
        choices: (q) => this.entities.choices(q || a.exact, a.attributes.entityType),
        onPick: (c, query) => this.actions.pickEntity(a.id, c, query || a.exact),
      })
      fields.push(
        field('Entity', picker.element),
        field(
          'Type',
          choice(ENTITY_TYPES, a.attributes.entityType, (entityType) => edit({ attributes: { entityType } }), 'entityType'),
        ),
      )
      if (entity) {
        fields.push(
          h(
            'button',
            {
              type: 'button',
              name: 'find-mentions',
              onclick: () => this.actions.suggestMentions(entity.id),
              title: 'Suggest untagged occurrences of the name and aliases in this article',
            },
            `Find other mentions of ${entity.name}`,
          ),
        )
      }
    }
    const note = h('textarea', { rows: 3, placeholder: 'Note', name: 'note' }) as HTMLTextAreaElement
    note.value = a.note
    debounce(note, (value) => edit({ note: value }))
    fields.push(field('Note', note))
    fields.push(
      field(
        'Tags',
        textInput(
          a.tags.join(', '),
          'comma, separated',
          (value) =>
            edit({
              tags: [
                ...new Set(
                  value
                    .split(',')
                    .map((t) => t.trim())
                    .filter(Boolean),
                ),
              ],
            }),
          'tags',
        ),
      ),
    )
    fields.push(this.linksSection(a))
    this.editorHost.replaceChildren(
      h(
        'form',
        { class: `sw-editor sw-editor-${a.kind}`, 'data-annotation-id': a.id, onsubmit: (e: Event) => e.preventDefault() },
        h(
          'div',
          { class: 'sw-editor-head' },
          h('span', { class: `sw-kind sw-kind-${a.kind}` }, KIND_LABEL[a.kind]),
          h(
            'button',
            { type: 'button', class: 'sw-danger', onclick: () => this.actions.remove(a.id), title: 'Delete (Del)' },
            'Delete',
          ),
        ),
        a.anchor === 'orphaned'
          ? h(
              'div',
              { class: 'sw-orphan' },
              'This text is no longer in the article file. Select where it belongs now and ',
              h(
                'button',
                { type: 'button', name: 'reattach', onclick: () => this.actions.reattach(a.id) },
                'Re-attach to selection',
              ),
            )
          : null,
        h('blockquote', { class: 'sw-editor-exact' }, a.exact),
        ...fields,
      ),
    )
  }

  /** Evidence and other links of this annotation, both directions, each a click away. */
  private linksSection(a: Annotation): HTMLElement {
    const mine = this.links.filter((v) => (v.outgoing ? v.link.from.annotationId : v.link.to.annotationId) === a.id)
    return h(
      'div',
      { class: 'sw-links' },
      h(
        'div',
        { class: 'sw-links-head' },
        h('span', {}, a.kind === 'claim' ? 'Evidence' : 'Links'),
        h(
          'button',
          {
            type: 'button',
            name: 'link',
            onclick: () => this.actions.startLinking(a.id),
            title: 'Link to another annotation (L)',
          },
          a.kind === 'claim' ? 'Link evidence…' : 'Link…',
        ),
      ),
      ...mine.map((v) =>
        h(
          'div',
          { class: 'sw-link', 'data-link-id': v.link.id },
          h(
            'span',
            { class: 'sw-link-relation' },
            v.outgoing ? RELATION_LABEL[v.link.relation] : `${RELATION_LABEL[v.link.relation]} (from)`,
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'sw-link-target',
              onclick: () => this.actions.followLink(v),
              title: `Open in ${v.other.path}`,
            },
            h('span', { class: `sw-kind sw-kind-${v.other.kind}` }, KIND_LABEL[v.other.kind]),
            ` ${v.other.exact.slice(0, 80)}`,
            h('span', { class: 'sw-link-article' }, ` — ${v.other.title}`),
          ),
          h(
            'button',
            { type: 'button', class: 'sw-link-remove', 'aria-label': 'Remove link', onclick: () => this.actions.unlink(v) },
            '×',
          ),
        ),
      ),
    )
  }
}

/** The registry entity an annotation refers to, if any. */
function entityOf(a: Annotation): string | undefined {
  if (a.kind === 'entity') return a.attributes.entityId
  if (a.kind === 'quote') return a.attributes.speakerId
  return undefined
}

function field(label: string, control: HTMLElement): HTMLElement {
  return h('label', { class: 'sw-field' }, h('span', {}, label), control)
}

function choice<T extends string>(options: readonly T[], value: T, onChange: (v: T) => void, name: string): HTMLSelectElement {
  const select = h(
    'select',
    { name, onchange: () => onChange(select.value as T) },
    ...options.map((o) => h('option', { value: o }, o)),
  ) as HTMLSelectElement
  select.value = value
  return select
}

function textInput(value: string, placeholder: string, onChange: (v: string) => void, name: string): HTMLInputElement {
  const input = h('input', { type: 'text', placeholder, name }) as HTMLInputElement
  input.value = value
  debounce(input, onChange)
  return input
}

/** Saves typed text after a pause, and at once when the field loses focus or Enter is pressed. */
function debounce(el: HTMLInputElement | HTMLTextAreaElement, onChange: (v: string) => void): void {
  let timer = 0
  let saved = el.value
  const flush = () => {
    clearTimeout(timer)
    if (el.value !== saved) {
      saved = el.value
      onChange(el.value)
    }
  }
  el.addEventListener('input', () => {
    clearTimeout(timer)
    timer = window.setTimeout(flush, 500)
  })
  el.addEventListener('blur', flush)
  el.addEventListener('keydown', (e) => {
    if ((e as KeyboardEvent).key === 'Enter' && el.tagName === 'INPUT') flush()
  })
}
