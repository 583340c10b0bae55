/**
 * The entity view (a sidebar tab): the workspace registry with a search field, and for the chosen
 * entity its name, type, aliases and note (editable), merge and delete, untagged mentions across the
 * workspace to accept or reject, and every mention across all articles grouped by article. Above the
 * registry, the names discovery proposes (entity-proposals-view.ts). When the workspace syncs, an entity
 * a teammate changed too is marked, and its detail shows the conflict (conflict-view.ts).
 */
import { msg, onDidChangeLanguage, t } from '../../shared/i18n'
import type { Entity, EntityMentions, EntityPatch, OccurrenceGroups } from '../../shared/model'
import { ENTITY_TYPES } from '../../shared/vocabulary'
import { Autocomplete } from './autocomplete'
import { conflictView, type ConflictViewDeps } from './conflict-view'
import { confirmAction } from './dialogs'
import { h } from './dom'
import type { EntityStore } from './entity-store'
import { ProposalsView, type ProposalActions } from './entity-proposals-view'
import { entityTypeLabel } from './labels'
import type { SyncStore } from './sync-store'

export interface EntityActions extends ProposalActions {
  mentions(id: string): Promise<EntityMentions>
  open(articleId: string, annotationId: string): void
  update(entity: Entity, patch: EntityPatch): void
  merge(keep: Entity, remove: Entity): void
  remove(entity: Entity): void
  occurrences(id: string): Promise<OccurrenceGroups>
  /** Tags the given occurrences as mentions of the entity (one undoable step). */
  accept(entity: Entity, matches: { articleId: string; start: number; end: number; exact: string }[]): void
}

type Occurrence = { articleId: string; start: number; end: number; exact: string }

export class EntitiesView {
  readonly element: HTMLElement
  private readonly list = h('div', { class: 'sw-entity-list', role: 'listbox', 'aria-label': msg('entities.label') })
  private readonly detail = h('div', { class: 'sw-entity-detail' })
  private readonly search = h('input', {
    type: 'search',
    name: 'entity-search',
    placeholder: msg('entities.find'),
  }) as HTMLInputElement
  private selectedId: string | null = null
  /** Untagged occurrences found for the selected entity, until accepted or rejected. */
  private found: OccurrenceGroups = []
  private readonly proposals: ProposalsView

  constructor(
    private readonly store: EntityStore,
    private readonly sync: SyncStore,
    private readonly conflicts: ConflictViewDeps,
    private readonly actions: EntityActions,
  ) {
    this.proposals = new ProposalsView(actions)
    this.element = h(
      'section',
      { class: 'sw-entities' },
      h('div', { class: 'sw-entity-search' }, this.search),
      this.proposals.element,
      this.list,
      this.detail,
    )
    this.search.addEventListener('input', () => this.renderList())
    onDidChangeLanguage(() => {
      this.renderList()
      if (this.selectedId) void this.renderDetail()
    })
    sync.onDidChange(() => {
      this.renderList()
      if (this.selectedId && !this.detail.contains(document.activeElement)) void this.renderDetail()
    })
    store.onChange(() => {
      // The registry changed (an accept, a reject, an undo): proposals follow it, in the background.
      if (this.element.isConnected) void this.proposals.refresh()
      this.renderList()
      if (this.selectedId) void this.renderDetail()
    })
  }

  async refresh(): Promise<void> {
    await this.store.refresh()
  }

  private renderList(): void {
    const entities = this.search.value.trim() ? this.store.search(this.search.value, 200) : this.store.all()
    this.list.replaceChildren(
      ...(entities.length === 0 ? [h('p', { class: 'sw-hint' }, t('entities.empty'))] : []),
      ...entities.map((e) =>
        h(
          'div',
          {
            class: `sw-entity-row${e.id === this.selectedId ? ' is-selected' : ''}`,
            role: 'option',
            'data-entity-id': e.id,
            tabindex: 0,
            onclick: () => this.choose(e.id),
            onkeydown: (ev: Event) => (ev as KeyboardEvent).key === 'Enter' && this.choose(e.id),
          },
          h('span', { class: 'sw-entity-name' }, e.name),
          h('span', { class: 'sw-entity-type' }, entityTypeLabel(e.type)),
          this.sync.entityConflictOf(e.id)
            ? h('span', { class: 'sw-conflict-mark', title: t('sync.conflictMarkTitle') }, t('sync.conflictMark'))
            : null,
        ),
      ),
    )
  }

  private choose(id: string): void {
    if (id !== this.selectedId) this.found = []
    this.selectedId = id
    this.renderList()
    void this.renderDetail()
  }

  private async renderDetail(): Promise<void> {
    const entity = this.store.get(this.selectedId ?? undefined)
    if (!entity) {
      this.selectedId = null
      this.detail.replaceChildren()
      return
    }
    const mentions = await this.actions.mentions(entity.id).catch(() => [] as EntityMentions)
    if (this.selectedId !== entity.id) return
    const name = h('input', { type: 'text', name: 'entity-name', value: entity.name }) as HTMLInputElement
    name.addEventListener(
      'change',
      () => name.value.trim() && name.value.trim() !== entity.name && this.actions.update(entity, { name: name.value.trim() }),
    )
    const type = h(
      'select',
      { name: 'entity-type' },
      ...ENTITY_TYPES.map((type) => h('option', { value: type }, entityTypeLabel(type))),
    ) as HTMLSelectElement
    type.value = entity.type
    type.addEventListener('change', () => this.actions.update(entity, { type: type.value as Entity['type'] }))
    const newAlias = h('input', {
      type: 'text',
      name: 'entity-alias',
      placeholder: t('entities.aliasPlaceholder'),
    }) as HTMLInputElement
    newAlias.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && newAlias.value.trim()) {
        e.preventDefault()
        this.actions.update(entity, { aliases: [...entity.aliases, newAlias.value.trim()] })
      }
    })
    const note = h('textarea', { name: 'entity-note', rows: 2, placeholder: t('entities.note') }) as HTMLTextAreaElement
    note.value = entity.note
    note.addEventListener('change', () => this.actions.update(entity, { note: note.value }))
    const merge = new Autocomplete({
      name: 'merge',
      placeholder: t('entities.mergePlaceholder'),
      value: '',
      choices: (q) =>
        this.store
          .search(q)
          .filter((e) => e.id !== entity.id)
          .map((e) => ({ id: e.id, label: e.name, detail: e.type })),
      onPick: (choice) => {
        const other = this.store.get(choice.id)
        if (!other) return
        void confirmAction(
          t('entities.mergeTitle'),
          t('entities.mergeConfirm', { other: other.name, entity: entity.name }),
          t('entities.merge'),
        ).then((ok) => ok && this.actions.merge(entity, other))
      },
    })
    const total = mentions.reduce((n, g) => n + g.mentions.length, 0)
    const conflict = this.sync.entityConflictOf(entity.id)
    this.detail.replaceChildren(
      conflict ? conflictView(conflict, this.conflicts) : '',
      h('label', { class: 'sw-field' }, h('span', {}, t('entities.name')), name),
      h('label', { class: 'sw-field' }, h('span', {}, t('entities.type')), type),
      h(
        'div',
        { class: 'sw-field' },
        h('span', {}, t('entities.aliases')),
        h(
          'div',
          { class: 'sw-aliases' },
          ...entity.aliases.map((alias) =>
            h(
              'span',
              { class: 'sw-alias' },
              alias,
              h(
                'button',
                {
                  class: 'sw-alias-remove',
                  'aria-label': t('entities.removeAlias', { alias }),
                  onclick: () => this.actions.update(entity, { aliases: entity.aliases.filter((a) => a !== alias) }),
                },
                '×',
              ),
            ),
          ),
        ),
        newAlias,
      ),
      h('label', { class: 'sw-field' }, h('span', {}, t('entities.note')), note),
      h('div', { class: 'sw-field' }, h('span', {}, t('entities.merge')), merge.element),
      h(
        'div',
        { class: 'sw-entity-actions' },
        h('button', { class: 'sw-danger', onclick: () => this.actions.remove(entity) }, t('entities.delete')),
      ),
      this.propagation(entity),
      h('div', { class: 'sw-pane-title' }, t('entities.mentions', { count: total })),
      h(
        'div',
        { class: 'sw-mentions' },
        ...mentions.map((group) =>
          h(
            'div',
            { class: 'sw-mention-group' },
            h(
              'div',
              { class: 'sw-mention-article' },
              group.title,
              h('span', { class: 'sw-path', title: group.path }, ` ${group.path}`),
            ),
            ...group.mentions.map((m) =>
              h(
                'button',
                {
                  class: 'sw-mention',
                  'data-annotation-id': m.annotationId,
                  onclick: () => this.actions.open(group.articleId, m.annotationId),
                },
                m.role === 'speaker' ? t('entities.says', { text: m.exact.slice(0, 70) }) : m.exact,
              ),
            ),
          ),
        ),
      ),
    )
  }

  /** "Find untagged mentions" across the workspace, each to accept or reject, or all at once. */
  private propagation(entity: Entity): HTMLElement {
    const all = (): Occurrence[] => this.found.flatMap((g) => g.matches.map((m) => ({ articleId: g.articleId, ...m })))
    const drop = (handled: Occurrence[]) => {
      const gone = new Set(handled.map((o) => `${o.articleId}:${o.start}`))
      this.found = this.found
        .map((g) => ({ ...g, matches: g.matches.filter((m) => !gone.has(`${g.articleId}:${m.start}`)) }))
        .filter((g) => g.matches.length > 0)
      void this.renderDetail()
    }
    const accept = (items: Occurrence[]) => {
      this.actions.accept(entity, items)
      drop(items)
    }
    const count = all().length
    const articles = this.found.length
    const acceptAllSays = t('entities.acceptAllSays', {
      occurrences: t('entities.occurrences', { count }),
      articles: t('entities.inArticles', { count: articles }),
      name: entity.name,
    })
    return h(
      'div',
      { class: 'sw-propagation' },
      h(
        'div',
        { class: 'sw-entity-actions' },
        h(
          'button',
          {
            name: 'find-occurrences',
            onclick: () => void this.actions.occurrences(entity.id).then((found) => ((this.found = found), this.renderDetail())),
          },
          t('entities.findOccurrences'),
        ),
        count
          ? h(
              'span',
              {},
              ` ${t('entities.found', { count })} `,
              h(
                'button',
                { name: 'accept-occurrences', title: acceptAllSays, onclick: () => accept(all()) },
                t('entities.acceptAll'),
              ),
              h('button', { name: 'reject-occurrences', onclick: () => drop(all()) }, t('entities.rejectAll')),
            )
          : null,
      ),
      count ? h('p', { class: 'sw-hint sw-accept-all-says' }, acceptAllSays) : null,
      ...this.found.map((g) =>
        h(
          'div',
          { class: 'sw-mention-group' },
          h('div', { class: 'sw-mention-article' }, g.title),
          ...g.matches.slice(0, 50).map((m) => {
            const item = { articleId: g.articleId, ...m }
            return h(
              'div',
              { class: 'sw-occurrence', 'data-article-id': g.articleId },
              // The sentence around it; a click shows it in the text.
              h(
                'button',
                {
                  class: 'sw-occurrence-text',
                  title: t('entities.showInText'),
                  onclick: () => this.actions.openAt(g.articleId, m.start, m.end),
                },
                m.before ?? '',
                h('mark', {}, m.exact),
                m.after ?? '',
              ),
              h('button', { class: 'sw-accept', 'aria-label': t('panel.accept'), onclick: () => accept([item]) }, '✓'),
              h('button', { class: 'sw-reject', 'aria-label': t('panel.reject'), onclick: () => drop([item]) }, '✗'),
            )
          }),
        ),
      ),
    )
  }
}
