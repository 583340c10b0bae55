/** Modal dialogs: the export chooser and the keyboard shortcut overlay. */
import { LINK_RELATIONS, type LinkRelation } from '../../shared/vocabulary'
import { h } from './dom'

export const SHORTCUTS: [string, string][] = [
  ['Shift + arrows, or drag', 'Select text in the article'],
  ['Q', 'Tag the selection as a quote'],
  ['C', 'Tag the selection as a claim'],
  ['E', 'Tag the selection as an entity'],
  ['J / K  or  Alt + ↓ / ↑', "Next / previous annotation (in the panel's filter)"],
  ['Enter', 'Edit the selected annotation (speaker, status, entity…)'],
  ['↑ / ↓, Enter', 'Choose in an autocomplete (entity, speaker, merge)'],
  ['Delete', 'Delete the selected annotation'],
  ['L', 'Link the selected annotation to evidence or another annotation'],
  ['/', 'Search the annotations of this article'],
  ['A / R', 'Accept / reject the selected suggestion'],
  ['Ctrl/Cmd + Z', 'Undo'],
  ['Ctrl/Cmd + Shift + Z, Ctrl + Y', 'Redo'],
  ['Escape', 'Back to the text; cancel linking; close a dialog'],
  ['Alt + Page Down / Up', 'Next / previous article'],
  ['?', 'Show this help'],
]

/** Shows a modal; resolves with what `build` passes to `close`. Escape or the backdrop closes with null. */
export function modal<T>(title: string, build: (close: (value: T | null) => void) => HTMLElement[]): Promise<T | null> {
  return new Promise((resolve) => {
    const previous = document.activeElement as HTMLElement | null
    const close = (value: T | null) => {
      backdrop.remove()
      previous?.focus()
      resolve(value)
    }
    const dialog = h(
      'div',
      { class: 'sw-dialog', role: 'dialog', 'aria-modal': 'true', 'aria-label': title },
      h('h2', {}, title),
      ...build(close),
    )
    const backdrop = h('div', { class: 'sw-backdrop', onclick: (e: Event) => e.target === backdrop && close(null) }, dialog)
    backdrop.addEventListener('keydown', (e) => {
      if ((e as KeyboardEvent).key === 'Escape') {
        e.stopPropagation()
        close(null)
      }
    })
    document.body.append(backdrop)
    dialog.querySelector<HTMLElement>('input:checked, button.sw-primary, button')?.focus()
  })
}

export function showShortcuts(): Promise<null> {
  return modal<null>('Keyboard shortcuts', (close) => [
    h(
      'table',
      { class: 'sw-shortcuts' },
      ...SHORTCUTS.map(([keys, what]) => h('tr', {}, h('th', {}, h('kbd', {}, keys)), h('td', {}, what))),
    ),
    h('div', { class: 'sw-dialog-actions' }, h('button', { class: 'sw-primary', onclick: () => close(null) }, 'Close')),
  ])
}

export type ExportScope = 'article' | 'articles' | 'workspace'

/** The formats offered in the export dialog, with what each is for. */
const FORMAT_CHOICES: [string, string][] = [
  ['json', 'Spanwise JSON: everything (text, metadata, annotations, links, entities)'],
  ['w3c', 'W3C Web Annotation (JSON-LD), as Hypothesis and Recogito read'],
  ['jsonl', 'JSONL for NLP tools (spaCy, doccano, Prodigy)'],
  ['brat', 'brat standoff: a folder of .txt and .ann files'],
  ['csv', 'CSV for spreadsheets, one row per annotation'],
  ['claimreview', 'ClaimReview (schema.org) for claims with a verdict'],
]

export interface ExportChoice {
  scope: ExportScope
  format: string
  articleIds: string[]
}

/** Asks what to export (this article, chosen articles or everything) and in which format. */
export function chooseExport(current: string | null, articles: { id: string; title: string }[]): Promise<ExportChoice | null> {
  return modal<ExportChoice>('Export annotations', (close) => {
    const option = (value: ExportScope, label: string, enabled: boolean, checked: boolean) =>
      h('label', { class: 'sw-radio' }, h('input', { type: 'radio', name: 'scope', value, disabled: !enabled, checked }), label)
    const format = h(
      'select',
      { name: 'format', class: 'sw-dialog-input' },
      ...FORMAT_CHOICES.map(([id, label]) => h('option', { value: id }, label)),
    ) as HTMLSelectElement
    const picks = h(
      'div',
      { class: 'sw-export-picks' },
      ...articles.map((a) =>
        h(
          'label',
          { class: 'sw-radio' },
          h('input', { type: 'checkbox', name: 'article', value: a.id, checked: a.id === current }),
          a.title,
        ),
      ),
    )
    const form = h(
      'form',
      {
        onsubmit: (e: Event) => {
          e.preventDefault()
          const data = new FormData(form)
          close({
            scope: (data.get('scope') as ExportScope) ?? 'workspace',
            format: format.value,
            articleIds: data.getAll('article').map(String),
          })
        },
      },
      h('label', { class: 'sw-field' }, h('span', {}, 'Format'), format),
      option('article', 'This article', current !== null, current !== null),
      option('articles', 'The articles ticked below', articles.length > 0, false),
      option('workspace', `The whole workspace (${articles.length} articles)`, true, current === null),
      picks,
      h(
        'div',
        { class: 'sw-dialog-actions' },
        h('button', { type: 'button', onclick: () => close(null) }, 'Cancel'),
        h('button', { type: 'submit', class: 'sw-primary' }, 'Export…'),
      ),
    ) as HTMLFormElement
    return [form]
  })
}

const RELATION_TEXT: Record<LinkRelation, string> = {
  supports: 'supports it',
  contradicts: 'contradicts it',
  'same-statement': 'is the same statement',
  'translation-of': 'is a translation of it',
}

/** Asks how the chosen annotation relates to the one the link started from. */
export function chooseRelation(preselected: LinkRelation): Promise<LinkRelation | null> {
  return modal<LinkRelation>('How does the selected annotation relate?', (close) => {
    const form = h(
      'form',
      {
        onsubmit: (e: Event) => {
          e.preventDefault()
          close(new FormData(form).get('relation') as LinkRelation)
        },
      },
      ...LINK_RELATIONS.map((r) =>
        h(
          'label',
          { class: 'sw-radio' },
          h('input', { type: 'radio', name: 'relation', value: r, checked: r === preselected }),
          RELATION_TEXT[r],
        ),
      ),
      h(
        'div',
        { class: 'sw-dialog-actions' },
        h('button', { type: 'button', onclick: () => close(null) }, 'Cancel'),
        h('button', { type: 'submit', class: 'sw-primary' }, 'Link'),
      ),
    ) as HTMLFormElement
    return [form]
  })
}

/** Asks for one line of text; null when cancelled or left empty. */
export function askText(title: string, placeholder: string): Promise<string | null> {
  return modal<string>(title, (close) => {
    const input = h('input', { type: 'text', name: 'text', placeholder, class: 'sw-dialog-input' }) as HTMLInputElement
    const form = h(
      'form',
      {
        onsubmit: (e: Event) => {
          e.preventDefault()
          close(input.value.trim() || null)
        },
      },
      input,
      h(
        'div',
        { class: 'sw-dialog-actions' },
        h('button', { type: 'button', onclick: () => close(null) }, 'Cancel'),
        h('button', { type: 'submit', class: 'sw-primary' }, 'Add'),
      ),
    )
    queueMicrotask(() => input.focus())
    return [form]
  })
}

/** Asks the user to confirm a change that is hard to take back. */
export function confirmAction(title: string, message: string, action: string): Promise<boolean> {
  return modal<boolean>(title, (close) => [
    h('p', {}, message),
    h(
      'div',
      { class: 'sw-dialog-actions' },
      h('button', { onclick: () => close(false) }, 'Cancel'),
      h('button', { class: 'sw-primary', onclick: () => close(true) }, action),
    ),
  ]).then((v) => v === true)
}

/** Asks for pasted text (and an optional title) to save as a new article. */
export function askPastedArticle(): Promise<{ title: string; text: string } | null> {
  return modal<{ title: string; text: string }>('New article from pasted text', (close) => {
    const title = h('input', {
      type: 'text',
      name: 'title',
      placeholder: 'Title (optional: the first line otherwise)',
      class: 'sw-dialog-input',
    }) as HTMLInputElement
    const text = h('textarea', {
      name: 'text',
      rows: 12,
      placeholder: 'Paste the article text here',
      class: 'sw-dialog-input',
    }) as HTMLTextAreaElement
    const form = h(
      'form',
      {
        onsubmit: (e: Event) => {
          e.preventDefault()
          if (text.value.trim()) close({ title: title.value, text: text.value })
        },
      },
      title,
      text,
      h('p', { class: 'sw-hint' }, 'Saved as a .txt file in the workspace folder.'),
      h(
        'div',
        { class: 'sw-dialog-actions' },
        h('button', { type: 'button', onclick: () => close(null) }, 'Cancel'),
        h('button', { type: 'submit', class: 'sw-primary' }, 'Create article'),
      ),
    )
    queueMicrotask(() => text.focus())
    return [form]
  })
}

const METADATA_FIELDS = [
  ['title', 'Title'],
  ['byline', 'Byline'],
  ['outlet', 'Outlet'],
  ['date', 'Date'],
  ['url', 'URL'],
  ['language', 'Language (e.g. es, en)'],
] as const

/** Edits an article's metadata; empty fields fall back to what the file states. */
export function editMetadata(current: Record<string, string | undefined>): Promise<Record<string, string> | null> {
  return modal<Record<string, string>>('Article details', (close) => {
    const inputs = METADATA_FIELDS.map(([key, label]) => {
      const input = h('input', { type: 'text', name: key, class: 'sw-dialog-input' }) as HTMLInputElement
      input.value = current[key] ?? ''
      return [key, label, input] as const
    })
    const form = h(
      'form',
      {
        onsubmit: (e: Event) => {
          e.preventDefault()
          close(Object.fromEntries(inputs.map(([key, , input]) => [key, input.value])))
        },
      },
      ...inputs.map(([, label, input]) => h('label', { class: 'sw-field' }, h('span', {}, label), input)),
      h(
        'div',
        { class: 'sw-dialog-actions' },
        h('button', { type: 'button', onclick: () => close(null) }, 'Cancel'),
        h('button', { type: 'submit', class: 'sw-primary' }, 'Save'),
      ),
    )
    return [form]
  })
}

/** Asks which article to open beside the current one. */
export function chooseArticle(articles: { id: string; title: string; path: string }[]): Promise<string | null> {
  return modal<string>('Compare with…', (close) => {
    const select = h(
      'select',
      { name: 'article', class: 'sw-dialog-input', size: Math.min(10, Math.max(2, articles.length)) },
      ...articles.map((a) => h('option', { value: a.id }, `${a.title} — ${a.path}`)),
    ) as HTMLSelectElement
    if (articles[0]) select.value = articles[0].id
    const form = h(
      'form',
      {
        onsubmit: (e: Event) => {
          e.preventDefault()
          close(select.value || null)
        },
      },
      select,
      h(
        'div',
        { class: 'sw-dialog-actions' },
        h('button', { type: 'button', onclick: () => close(null) }, 'Cancel'),
        h('button', { type: 'submit', class: 'sw-primary' }, 'Compare'),
      ),
    )
    queueMicrotask(() => select.focus())
    return [form]
  })
}
