/** Modal dialogs: the export chooser and the keyboard shortcut overlay. */
import { LINK_RELATIONS, type LinkRelation } from '../../shared/vocabulary'
import { h } from './dom'

/**
 * Keys of the text, the lists and the dialogs, and the menu's (main/index.ts). The window's own
 * shortcuts come from their bindings (keys.ts `KEY_BINDINGS`) and are added to these by `showHelp`.
 */
export const TEXT_KEYS: [string, string][] = [
  ['Shift + arrows, or drag', 'Select text in the article'],
  ['Q', 'Tag the selection as a quote'],
  ['C', 'Tag the selection as a claim'],
  ['E', 'Tag the selection as an entity'],
  ['Click, click again', 'Select the shortest highlight under the pointer, then the longer ones'],
  ['Delete', 'Delete the selected annotation'],
  ['A / R', 'Accept / reject the selected suggestion'],
  ['↑ / ↓, Enter', 'Choose in an autocomplete or in the search results'],
  ['Escape', 'Back to the text; cancel linking; leave reading mode; close a dialog or the notices'],
]
export const MENU_KEYS: [string, string][] = [
  ['Ctrl/Cmd + O', 'Open a workspace folder'],
  ['Ctrl/Cmd + I', 'Import article files'],
  ['Ctrl/Cmd + Shift + V', 'New article from pasted text'],
  ['Ctrl/Cmd + E', 'Export annotations'],
  ['Ctrl/Cmd + Shift + E', 'Export a report for the editor'],
]

/** The modals open now, innermost last: keys belong to the top one only. */
const openDialogs: HTMLElement[] = []

/**
 * While a dialog is open, no key reaches what is behind it: a key aimed anywhere outside the top dialog
 * (the article, the panel, the page itself) is stopped before the app's listeners see it, and focus is
 * brought back into the dialog. Registered once, in the capture phase, ahead of every other listener.
 */
function guardKeys(e: KeyboardEvent): void {
  const top = openDialogs.at(-1)
  if (!top || top.contains(e.target as Node)) return
  e.stopImmediatePropagation()
  e.preventDefault()
  firstFocus(top)?.focus()
}
let guarded = false

/** Where focus starts in a dialog: the field to fill, the checked choice, else the main action. */
function firstFocus(dialog: HTMLElement): HTMLElement | null {
  for (const selector of ['[autofocus]', 'input:checked', 'button.sw-primary', 'input, select, textarea, button']) {
    const found = dialog.querySelector<HTMLElement>(selector)
    if (found) return found
  }
  return null
}

/** Elements whose own Enter is right: a button (clicks itself), a multi-line field, a text field (submits its form). */
function keepsEnter(target: HTMLElement): boolean {
  if (target.tagName === 'TEXTAREA' || target.tagName === 'BUTTON' || target.closest('.sw-ac-list')) return true
  const input = target.tagName === 'INPUT' ? (target as HTMLInputElement) : null
  return !!input && input.type !== 'radio' && input.type !== 'checkbox' && !!input.form
}

/** Tab and Shift+Tab cycle within the dialog. */
function trapTab(dialog: HTMLElement, e: KeyboardEvent): void {
  const focusable = [...dialog.querySelectorAll<HTMLElement>('input, select, textarea, button, [tabindex]')].filter(
    (el) => !(el as HTMLButtonElement).disabled && el.tabIndex >= 0,
  )
  if (focusable.length === 0) return
  const first = focusable[0]
  const last = focusable[focusable.length - 1]
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault()
    last.focus()
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault()
    first.focus()
  }
}

/**
 * Shows a modal; resolves with what `build` passes to `close`. Escape or the backdrop closes with null;
 * Enter performs the main action (the `sw-primary` button) unless focus is on another button or in a
 * multi-line field; no key reaches what is behind the dialog.
 */
export function modal<T>(title: string, build: (close: (value: T | null) => void) => HTMLElement[]): Promise<T | null> {
  if (!guarded) {
    window.addEventListener('keydown', guardKeys, true)
    guarded = true
  }
  return new Promise((resolve) => {
    const previous = document.activeElement as HTMLElement | null
    let closed = false
    const close = (value: T | null) => {
      if (closed) return
      closed = true
      backdrop.remove()
      openDialogs.splice(openDialogs.indexOf(dialog), 1)
      previous?.focus()
      resolve(value)
    }
    const dialog = h(
      'div',
      { class: 'sw-dialog', role: 'dialog', 'aria-modal': 'true', 'aria-label': title, tabindex: -1 },
      h('h2', {}, title),
      ...build(close),
    )
    const backdrop = h('div', { class: 'sw-backdrop', onclick: (e: Event) => e.target === backdrop && close(null) }, dialog)
    backdrop.addEventListener('keydown', (event) => {
      const e = event as KeyboardEvent
      const target = e.target as HTMLElement
      if (e.key === 'Escape') close(null)
      else if (e.key === 'Tab') trapTab(dialog, e)
      else if (e.key === 'Enter' && !e.isComposing && !keepsEnter(target)) {
        e.preventDefault()
        dialog.querySelector<HTMLButtonElement>('button.sw-primary')?.click()
      }
      // Nothing typed in a dialog is a shortcut of the window behind it.
      e.stopPropagation()
    })
    document.body.append(backdrop)
    openDialogs.push(dialog)
    firstFocus(dialog)?.focus()
  })
}

/** The help overlay: each group of keys under its heading. */
export function showShortcuts(groups: [string, [string, string][]][]): Promise<null> {
  return modal<null>('Keyboard shortcuts', (close) => [
    h(
      'table',
      { class: 'sw-shortcuts' },
      ...groups.flatMap(([heading, rows]) => [
        h('tr', {}, h('th', { colspan: 2, class: 'sw-shortcuts-group' }, heading)),
        ...rows.map(([keys, what]) => h('tr', {}, h('th', {}, h('kbd', {}, keys)), h('td', {}, what))),
      ]),
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
  ['report', 'Report for the editor: a memo to read (HTML, opens in any browser)'],
  ['report-pdf', 'Report for the editor, as PDF'],
]

export interface ExportChoice {
  scope: ExportScope
  format: string
  articleIds: string[]
}

/** Asks what to export (this article, chosen articles or everything) and in which format. */
export function chooseExport(
  current: string | null,
  articles: { id: string; title: string }[],
  preferredFormat?: string,
): Promise<ExportChoice | null> {
  return modal<ExportChoice>(preferredFormat?.startsWith('report') ? 'Export a report' : 'Export annotations', (close) => {
    const option = (value: ExportScope, label: string, enabled: boolean, checked: boolean) =>
      h('label', { class: 'sw-radio' }, h('input', { type: 'radio', name: 'scope', value, disabled: !enabled, checked }), label)
    const format = h(
      'select',
      { name: 'format', class: 'sw-dialog-input' },
      ...FORMAT_CHOICES.map(([id, label]) => h('option', { value: id }, label)),
    ) as HTMLSelectElement
    if (preferredFormat) format.value = preferredFormat
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

/** One end of a link as the dialog shows it: its kind, its text and the article holding it. */
export interface LinkEnd {
  kind: string
  exact: string
  article: string
}

/** Each relation in words, the selected annotation ("to") first: "the quote supports the claim". */
const RELATION_WORDS: Record<LinkRelation, (to: string, from: string) => string> = {
  supports: (to, from) => `The ${to} supports the ${from}`,
  contradicts: (to, from) => `The ${to} contradicts the ${from}`,
  'same-statement': (to, from) => `The ${to} is the same statement as the ${from}`,
  'translation-of': (to, from) => `The ${to} is a translation of the ${from}`,
}

const short = (text: string) => (text.length > 160 ? `${text.slice(0, 157)}…` : text)

/**
 * Asks how the selected annotation (`to`) relates to the one the link started from (`from`): both
 * spans are shown with their text and article, and each choice says the direction in words.
 */
export function chooseRelation(preselected: LinkRelation, ends?: { from: LinkEnd; to: LinkEnd }): Promise<LinkRelation | null> {
  const fromKind = ends ? `${ends.from.kind} you started from` : 'annotation you started from'
  const toKind = ends ? `selected ${ends.to.kind}` : 'selected annotation'
  const end = (role: string, e: LinkEnd) =>
    h(
      'div',
      { class: `sw-link-end sw-link-end-${role}` },
      h('div', { class: 'sw-link-end-head' }, `${role === 'from' ? 'Started from' : 'Selected'}: ${e.kind} · ${e.article}`),
      h('blockquote', { class: 'sw-link-end-text' }, `“${short(e.exact)}”`),
    )
  return modal<LinkRelation>('Link two annotations', (close) => {
    const form = h(
      'form',
      {
        class: 'sw-link-dialog',
        onsubmit: (e: Event) => {
          e.preventDefault()
          close(new FormData(form).get('relation') as LinkRelation)
        },
      },
      ends ? end('from', ends.from) : '',
      ends ? end('to', ends.to) : '',
      h('p', { class: 'sw-hint' }, 'How does the selected one relate to the one you started from?'),
      ...LINK_RELATIONS.map((r) =>
        h(
          'label',
          { class: 'sw-radio' },
          h('input', { type: 'radio', name: 'relation', value: r, checked: r === preselected }),
          RELATION_WORDS[r](toKind, fromKind),
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
