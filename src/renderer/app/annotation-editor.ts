/**
 * The editor under the annotation panel: for the selected annotation, the speaker and mode of a quote,
 * the status of a claim, the registry entity and type of a mention, note and tags of any, and its links
 * both ways; when the workspace syncs, who last changed it and when, and a conflict with a teammate's
 * version side by side (conflict-view.ts). Drawn from the session and the SyncStore; never redrawn
 * under the user's fingers.
 */
import { onDidChangeLanguage, t } from '../../shared/i18n'
import type { Annotation, AnnotationPatch, EntityType } from '../../shared/model'
import { ENTITY_TYPES, QUOTE_MODES } from '../../shared/vocabulary'
import { Autocomplete } from './autocomplete'
import { claimLegend } from './claim-legend'
import { authorNote, conflictView, type ConflictViewDeps } from './conflict-view'
import { h } from './dom'
import type { EntityStore } from './entity-store'
import { entityTypeLabel, kindLabel, modeLabel, relationLabel, statusLabel } from './labels'
import type { PanelActions } from './annotation-panel'
import type { Session } from './session'
import type { SyncStore } from './sync-store'

/** The value of the status menu's last entry, which adds a label of the user's own. */
const NEW_LABEL = '\u0000new-label'

export class AnnotationEditor {
  readonly element = h('div', { class: 'sw-editor-host' })
  private editingId: string | null = null
  /** A redraw was held back while the user was in the editor. */
  private behind = false

  constructor(
    private readonly session: Session,
    private readonly entities: EntityStore,
    private readonly actions: PanelActions,
    private readonly sync: SyncStore,
    private readonly conflicts: ConflictViewDeps,
  ) {
    session.onDidChangeLinks(() => this.renderEditorUnlessTyping())
    sync.onDidChange(() => this.renderEditorUnlessTyping())
    this.element.addEventListener('focusout', (e) => {
      if (!this.behind || this.element.contains((e as FocusEvent).relatedTarget as Node | null)) return
      // After the field's own blur has saved what was typed.
      setTimeout(() => this.behind && this.renderEditorUnlessTyping(), 0)
    })
    session.onDidChangeWorkspace(() => this.renderEditorUnlessTyping())
    onDidChangeLanguage(() => {
      // What is being typed is saved first (a field saves when it loses focus), then drawn again.
      if (this.element.contains(document.activeElement)) (document.activeElement as HTMLElement).blur()
      this.renderEditor()
    })
  }

  /** Edits this annotation (or shows the hint, with null); redrawn only when it is another one. */
  show(id: string | null): void {
    if (this.editingId === id) return
    this.editingId = id
    this.renderEditor()
  }

  /** Puts the keyboard focus in the editor's first field. */
  focus(): void {
    this.element.querySelector<HTMLElement>('input, select, textarea')?.focus()
  }

  renderEditorUnlessTyping(): void {
    // Never redraw the editor under the user's fingers: what they type is the newer state. What changed
    // meanwhile (a teammate's version, a conflict) is drawn once the focus leaves the editor.
    if (!this.editingId) return
    if (this.element.contains(document.activeElement)) this.behind = true
    else this.renderEditor()
  }

  private renderEditor(): void {
    this.behind = false
    const a = this.editingId ? this.session.annotation(this.editingId) : undefined
    if (!a) {
      this.element.replaceChildren(h('p', { class: 'sw-hint' }, t('editor.hint')))
      return
    }
    const edit = (patch: AnnotationPatch) => this.actions.edit(a.id, patch)
    const fields: HTMLElement[] = []
    if (a.kind === 'quote') {
      const speaker = new Autocomplete({
        name: 'speaker',
        placeholder: t('editor.speakerPlaceholder'),
        value: a.attributes.speaker,
        choices: (q) => this.entities.choices(q, 'person', false), // a speaker is a person
        onPick: (choice, query) => this.actions.pickEntity(a.id, choice, query),
        onFreeText: (text) => {
          // A speaker linked to the registry keeps its link unless another entity is picked (or the
          // field is cleared): text typed and left without a pick goes back to the linked name.
          if (a.attributes.speakerId && text.trim()) speaker.input.value = a.attributes.speaker
          else edit({ attributes: { speaker: text.trim(), speakerId: null } })
        },
      })
      fields.push(
        field(t('editor.speaker'), speaker.element),
        field(
          t('editor.mode'),
          choice(QUOTE_MODES, a.attributes.mode, (mode) => edit({ attributes: { mode } }), 'mode', modeLabel),
        ),
      )
    } else if (a.kind === 'claim') {
      const statuses = this.session.claimStatuses.includes(a.attributes.status)
        ? this.session.claimStatuses
        : [...this.session.claimStatuses, a.attributes.status]
      const status = choice(
        [...statuses, NEW_LABEL],
        a.attributes.status,
        (value) => {
          if (value === NEW_LABEL) {
            status.value = a.attributes.status
            this.actions.addClaimStatus(a.id)
          } else edit({ attributes: { status: value } })
        },
        'status',
        (s) => (s === NEW_LABEL ? t('editor.newLabel') : statusLabel(s)),
      )
      fields.push(field(t('editor.status'), status), claimLegend(this.session.claimStatuses))
    } else {
      const entity = this.entities.get(a.attributes.entityId)
      const picker = new Autocomplete({
        name: 'entity',
        placeholder: t('editor.entityPlaceholder'),
        value: entity?.name ?? '',
        choices: (q) => this.entities.choices(q || a.exact, a.attributes.entityType),
        onPick: (c, query) => this.actions.pickEntity(a.id, c, query || a.exact),
      })
      fields.push(
        field(t('editor.entity'), picker.element),
        field(
          t('editor.type'),
          choice(
            ENTITY_TYPES,
            a.attributes.entityType,
            // Linked: the type is the registry entity's, and changes there (all its mentions follow).
            (entityType) => {
              // Looked up now: an entity created from this editor reaches the registry's copy after it rendered.
              const now = this.session.annotation(a.id)
              const linked = this.entities.get(now?.kind === 'entity' ? now.attributes.entityId : undefined)
              if (linked) this.actions.setEntityType(linked.id, entityType as EntityType)
              else edit({ attributes: { entityType } })
            },
            'entityType',
            entityTypeLabel,
          ),
        ),
      )
      if (entity) fields.push(h('p', { class: 'sw-hint sw-type-hint' }, t('editor.typeHint', { name: entity.name })))
      if (entity) {
        fields.push(
          h(
            'button',
            {
              type: 'button',
              name: 'find-mentions',
              onclick: () => this.actions.suggestMentions(entity.id),
              title: t('editor.findMentionsTitle'),
            },
            t('editor.findMentions', { name: entity.name }),
          ),
        )
      }
    }
    const note = h('textarea', { rows: 3, placeholder: t('editor.note'), name: 'note' }) as HTMLTextAreaElement
    note.value = a.note
    debounce(note, (value) => edit({ note: value }))
    fields.push(field(t('editor.note'), note))
    fields.push(
      field(
        t('editor.tags'),
        textInput(
          a.tags.join(', '),
          t('editor.tagsPlaceholder'),
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
    const articleId = this.session.article?.id ?? ''
    const author = this.sync.authorOf(articleId, a.id)
    const conflict = this.sync.conflictOf(articleId, a.id)
    this.element.replaceChildren(
      h(
        'form',
        { class: `sw-editor sw-editor-${a.kind}`, 'data-annotation-id': a.id, onsubmit: (e: Event) => e.preventDefault() },
        h(
          'div',
          { class: 'sw-editor-head' },
          h('span', { class: `sw-kind sw-kind-${a.kind}` }, kindLabel(a.kind)),
          h(
            'button',
            { type: 'button', class: 'sw-danger', onclick: () => this.actions.remove(a.id), title: t('editor.deleteTitle') },
            t('common.delete'),
          ),
        ),
        a.anchor === 'orphaned'
          ? h(
              'div',
              { class: 'sw-orphan' },
              t('editor.orphan'),
              h('button', { type: 'button', name: 'reattach', onclick: () => this.actions.reattach(a.id) }, t('editor.reattach')),
            )
          : null,
        authorNote('p', 'sw-editor-author', author),
        conflict ? conflictView(conflict, this.conflicts) : null,
        h('blockquote', { class: 'sw-editor-exact' }, a.exact),
        ...fields,
      ),
    )
  }

  /** Evidence and other links of this annotation, both directions, each a click away. */
  private linksSection(a: Annotation): HTMLElement {
    const mine = this.session.links.filter((v) => (v.outgoing ? v.link.from.annotationId : v.link.to.annotationId) === a.id)
    return h(
      'div',
      { class: 'sw-links' },
      h(
        'div',
        { class: 'sw-links-head' },
        h('span', {}, a.kind === 'claim' ? t('editor.evidence') : t('editor.links')),
        h(
          'button',
          {
            type: 'button',
            name: 'link',
            onclick: () => this.actions.startLinking(a.id),
            title: t('editor.linkTitle'),
          },
          a.kind === 'claim' ? t('editor.linkEvidence') : t('editor.link'),
        ),
      ),
      ...mine.map((v) =>
        h(
          'div',
          { class: 'sw-link', 'data-link-id': v.link.id },
          h(
            'span',
            { class: 'sw-link-relation' },
            v.outgoing ? relationLabel(v.link.relation) : t('editor.fromRelation', { relation: relationLabel(v.link.relation) }),
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'sw-link-target',
              onclick: () => this.actions.followLink(v),
              title: t('editor.openIn', { path: v.other.path }),
            },
            h('span', { class: `sw-kind sw-kind-${v.other.kind}` }, kindLabel(v.other.kind)),
            ` ${v.other.exact.slice(0, 80)}`,
            h('span', { class: 'sw-link-article' }, ` — ${v.other.title}`),
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'sw-link-remove',
              'aria-label': t('editor.removeLink'),
              onclick: () => this.actions.unlink(v),
            },
            '×',
          ),
        ),
      ),
    )
  }
}

function field(label: string, control: HTMLElement): HTMLElement {
  return h('label', { class: 'sw-field' }, h('span', {}, label), control)
}

function choice<T extends string>(
  options: readonly T[],
  value: T,
  onChange: (v: T) => void,
  name: string,
  label: (option: T) => string,
): HTMLSelectElement {
  const select = h(
    'select',
    { name, onchange: () => onChange(select.value as T) },
    ...options.map((o) => h('option', { value: o }, label(o))),
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
