/**
 * The annotation panel: the open article's annotations in text order, and an editor for the selected
 * one (speaker and mode of a quote, status of a claim, type of an entity, note and tags of any).
 */
import type { Annotation, AnnotationPatch } from '../../shared/model'
import { CLAIM_STATUSES, ENTITY_TYPES, QUOTE_MODES } from '../../shared/vocabulary'
import { h } from './dom'
import { VirtualList } from './virtual-list'

const ROW_HEIGHT = 56
const KIND_LABEL = { quote: 'Quote', claim: 'Claim', entity: 'Entity' } as const

export interface PanelActions {
  select(id: string): void
  edit(id: string, patch: AnnotationPatch): void
  remove(id: string): void
}

export class AnnotationPanel {
  readonly element: HTMLElement
  private readonly list: VirtualList<Annotation>
  private readonly editorHost: HTMLElement
  private readonly heading: HTMLElement
  private annotations: Annotation[] = []
  private selectedId: string | null = null
  private editingId: string | null = null

  constructor(private readonly actions: PanelActions) {
    this.list = new VirtualList(ROW_HEIGHT, (a) => this.row(a), 'sw-annotation-list')
    this.heading = h('div', { class: 'sw-pane-title' }, 'Annotations')
    this.editorHost = h('div', { class: 'sw-editor-host' })
    this.element = h('aside', { class: 'sw-panel', 'aria-label': 'Annotations' }, this.heading, this.list.element, this.editorHost)
  }

  /** Annotations in text order (the caller keeps them sorted). */
  setAnnotations(annotations: Annotation[]): void {
    this.annotations = annotations
    this.heading.textContent = `Annotations (${annotations.length})`
    this.list.setItems(annotations)
    if (this.selectedId && !annotations.some((a) => a.id === this.selectedId)) this.select(null)
    // Never redraw the editor under the user's fingers: what they type is the newer state.
    else if (this.editingId && !this.editorHost.contains(document.activeElement)) this.renderEditor()
  }

  select(id: string | null): void {
    this.selectedId = id
    const i = id ? this.annotations.findIndex((a) => a.id === id) : -1
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
      h('div', { class: 'sw-row-head' }, h('span', { class: `sw-kind sw-kind-${a.kind}` }, KIND_LABEL[a.kind]), h('span', { class: 'sw-row-attr' }, summary(a))),
      h('div', { class: 'sw-row-text' }, a.exact.replace(/\s+/g, ' ')),
    )
  }

  private renderEditor(): void {
    const a = this.annotations.find((x) => x.id === this.editingId)
    if (!a) {
      this.editorHost.replaceChildren(h('p', { class: 'sw-hint' }, 'Select text and press Q, C or E to tag it. Click a highlight or a row to edit it.'))
      return
    }
    const edit = (patch: AnnotationPatch) => this.actions.edit(a.id, patch)
    const fields: HTMLElement[] = []
    if (a.kind === 'quote') {
      fields.push(
        field('Speaker', debouncedInput(a.attributes.speaker, 'Who said it', (speaker) => edit({ attributes: { speaker } }), 'speaker')),
        field('Mode', choice(QUOTE_MODES, a.attributes.mode, (mode) => edit({ attributes: { mode } }), 'mode')),
      )
    } else if (a.kind === 'claim') {
      fields.push(field('Status', choice(CLAIM_STATUSES, a.attributes.status, (status) => edit({ attributes: { status } }), 'status')))
    } else {
      fields.push(field('Type', choice(ENTITY_TYPES, a.attributes.entityType, (entityType) => edit({ attributes: { entityType } }), 'entityType')))
    }
    const note = h('textarea', { rows: 3, placeholder: 'Note', name: 'note' }) as HTMLTextAreaElement
    note.value = a.note
    debounce(note, (value) => edit({ note: value }))
    fields.push(field('Note', note))
    fields.push(
      field(
        'Tags',
        debouncedInput(a.tags.join(', '), 'comma, separated', (value) => edit({ tags: [...new Set(value.split(',').map((t) => t.trim()).filter(Boolean))] }), 'tags'),
      ),
    )
    this.editorHost.replaceChildren(
      h(
        'form',
        { class: `sw-editor sw-editor-${a.kind}`, 'data-annotation-id': a.id, onsubmit: (e: Event) => e.preventDefault() },
        h('div', { class: 'sw-editor-head' }, h('span', { class: `sw-kind sw-kind-${a.kind}` }, KIND_LABEL[a.kind]), h('button', { type: 'button', class: 'sw-danger', onclick: () => this.actions.remove(a.id), title: 'Delete (Del)' }, 'Delete')),
        h('blockquote', { class: 'sw-editor-exact' }, a.exact),
        ...fields,
      ),
    )
  }
}

function summary(a: Annotation): string {
  if (a.kind === 'quote') return [a.attributes.speaker || 'no speaker', a.attributes.mode].join(' · ')
  if (a.kind === 'claim') return a.attributes.status
  return a.attributes.entityType
}

function field(label: string, control: HTMLElement): HTMLElement {
  return h('label', { class: 'sw-field' }, h('span', {}, label), control)
}

function choice<T extends string>(options: readonly T[], value: T, onChange: (v: T) => void, name: string): HTMLSelectElement {
  const select = h('select', { name, onchange: () => onChange(select.value as T) }, ...options.map((o) => h('option', { value: o }, o))) as HTMLSelectElement
  select.value = value
  return select
}

function debouncedInput(value: string, placeholder: string, onChange: (v: string) => void, name: string): HTMLInputElement {
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
