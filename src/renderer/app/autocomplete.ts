/**
 * A text field with a list of choices that follows what is typed: arrows move, Enter picks, Escape
 * closes. Used to link an entity mention or a quote's speaker to the registry, and to merge entities.
 */
import { h } from './dom'

export interface Choice {
  /** The entity id, or a key of the caller's for special rows ("create"). */
  id: string
  label: string
  detail?: string
}

export interface AutocompleteOptions {
  name: string
  placeholder: string
  value: string
  /** The choices for what is typed, best first. */
  choices(query: string): Choice[]
  onPick(choice: Choice, query: string): void
  /** The field lost focus with text that was not picked from the list. */
  onFreeText?(text: string): void
}

let instances = 0

export class Autocomplete {
  readonly element: HTMLElement
  readonly input: HTMLInputElement
  private readonly list: HTMLElement
  private current: Choice[] = []
  private active = 0
  private picked = false

  constructor(private readonly options: AutocompleteOptions) {
    const listId = `sw-ac-${++instances}`
    this.input = h('input', {
      type: 'text',
      name: options.name,
      placeholder: options.placeholder,
      autocomplete: 'off',
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-controls': listId,
      'aria-expanded': 'false',
    }) as HTMLInputElement
    this.input.value = options.value
    this.list = h('div', { class: 'sw-ac-list', role: 'listbox', id: listId, hidden: true })
    this.element = h('div', { class: 'sw-ac' }, this.input, this.list)
    this.input.addEventListener('input', () => {
      this.picked = false
      this.open()
    })
    this.input.addEventListener('focus', () => this.open())
    this.input.addEventListener('keydown', (e) => this.onKey(e))
    this.input.addEventListener('blur', () => {
      // Let a click on a row land before the list goes away.
      setTimeout(() => {
        this.close()
        if (!this.picked && this.input.value !== this.options.value) this.options.onFreeText?.(this.input.value)
      }, 150)
    })
  }

  private open(): void {
    this.current = this.options.choices(this.input.value)
    this.active = 0
    this.render()
  }

  private close(): void {
    this.list.hidden = true
    this.input.setAttribute('aria-expanded', 'false')
  }

  private render(): void {
    this.list.replaceChildren(
      ...this.current.map((c, i) =>
        h(
          'div',
          {
            class: `sw-ac-row${i === this.active ? ' is-active' : ''}`,
            role: 'option',
            'aria-selected': i === this.active ? 'true' : 'false',
            'data-choice': c.id,
            onmousedown: (e: Event) => {
              e.preventDefault()
              this.pick(i)
            },
          },
          h('span', { class: 'sw-ac-label' }, c.label),
          c.detail ? h('span', { class: 'sw-ac-detail' }, c.detail) : null,
        ),
      ),
    )
    this.list.hidden = this.current.length === 0
    this.input.setAttribute('aria-expanded', String(!this.list.hidden))
  }

  private pick(index: number): void {
    const choice = this.current[index]
    if (!choice) return
    this.picked = true
    this.close()
    this.options.onPick(choice, this.input.value)
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      if (this.list.hidden) return this.open()
      const n = this.current.length
      this.active = (this.active + (e.key === 'ArrowDown' ? 1 : -1) + n) % Math.max(1, n)
      this.render()
    } else if (e.key === 'Enter') {
      e.preventDefault()
      if (!this.list.hidden && this.current.length > 0) this.pick(this.active)
    } else if (e.key === 'Escape') {
      // Escape leaves the field at once (the window's handler moves the focus back to the text), list
      // open or not: a key typed next (J, K, Q…) must act on the article, never land in this field.
      this.close()
    }
  }
}
