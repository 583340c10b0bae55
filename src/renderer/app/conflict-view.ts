/**
 * One sync conflict shown on the item: "Changed by a teammate (Name) and by you" with the versions side
 * by side, field by field, the fields that differ marked; Keep mine, Keep theirs (one button per
 * teammate) and Merge, a form prefilled with mine where the user picks each differing field and may
 * edit the note, saved as one merged version. An edit against a delete says so in words, with Keep
 * deleted and Restore. Used by the annotation editor, the entities view and the sync dialog's list (any
 * kind of item). Also the "by Ana · 5 min ago" note of the annotation list and editor.
 */
import { formatDate, formatList, msgAgo, t } from '../../shared/i18n'
import type { AnnotationKind, EntityType, QuoteMode } from '../../shared/vocabulary'
import type { ConflictChoice, ConflictVersion, SyncAuthor, SyncConflict } from '../../shared/sync'
import { conflictFields, mergeValue, valueAt, type ConflictField } from '../../shared/sync-merge'
import { h } from './dom'
import { entityTypeLabel, kindLabel, modeLabel, statusLabel } from './labels'

export interface ConflictViewDeps {
  /** Ends the conflict (the caller tells the user when it fails). */
  resolve(id: string, choice: ConflictChoice): Promise<void>
  /** A registry entity's name, for an annotation's entity or speaker. */
  entityName(id: string): string | undefined
}

const FIELD_LABELS = [
  'span',
  'kind',
  'status',
  'speaker',
  'mode',
  'entity',
  'note',
  'tags',
  'value',
  'name',
  'type',
  'aliases',
  'relation',
  'from',
  'to',
  'title',
  'byline',
  'outlet',
  'date',
  'url',
  'language',
] as const
type LabelledField = (typeof FIELD_LABELS)[number]

const fieldLabel = (key: string): string =>
  (FIELD_LABELS as readonly string[]).includes(key) ? t(`sync.fields.${key as LabelledField}`) : key

/** "by Ana · 5 min ago" (the exact time on hover), or nothing when nobody is known to have changed it. */
export function authorNote(tag: 'span' | 'p', className: string, author: SyncAuthor | undefined): HTMLElement | null {
  if (!author) return null
  const text = msgAgo('sync.byAuthor', { name: author.author }, 'time', author.changedAt)
  return h(tag, { class: className, title: formatDate(author.changedAt, { dateStyle: 'medium', timeStyle: 'short' }) }, text)
}

export function conflictView(c: SyncConflict, deps: ConflictViewDeps): HTMLElement {
  const element = h('section', { class: 'sw-conflict', 'data-conflict-id': c.id, role: 'group' })
  const present = [c.mine, ...c.theirs].filter((v) => !v.removed)
  const names = formatList([...new Set(c.theirs.map((v) => v.author))])
  const decide = (choice: ConflictChoice) => {
    // The views redraw once the choice is made, which they never do under the user's focus.
    if (element.contains(document.activeElement)) (document.activeElement as HTMLElement).blur()
    for (const b of element.querySelectorAll('button')) b.disabled = true
    void deps.resolve(c.id, choice).finally(() => {
      for (const b of element.querySelectorAll('button')) b.disabled = false
    })
  }
  const button = (name: string, label: string, choice: ConflictChoice) =>
    h('button', { type: 'button', name, onclick: () => decide(choice) }, label)

  if (c.mine.removed || c.theirs.some((v) => v.removed)) {
    // An edit against a delete: say which side deleted, and offer to keep it deleted or restore an edit.
    const deleter = c.theirs.find((v) => v.removed)
    element.append(
      h(
        'p',
        { class: 'sw-conflict-head' },
        c.mine.removed
          ? t('sync.deletedByYou', { name: formatList(c.theirs.map((v) => v.author)) })
          : t('sync.deletedByThem', { name: deleter!.author }),
      ),
      versionsTable(c, present, deps),
      h(
        'div',
        { class: 'sw-conflict-actions' },
        button('keep-deleted', t('sync.keepDeleted'), c.mine.removed ? { keep: 'mine' } : { keep: 'theirs', rev: deleter!.rev }),
        ...(c.mine.removed
          ? c.theirs
              .filter((v) => !v.removed)
              .map((v) => button('restore-theirs', t('sync.restoreTheirs', { name: v.author }), { keep: 'theirs', rev: v.rev }))
          : [button('restore-mine', t('sync.restoreMine'), { keep: 'mine' })]),
      ),
    )
    return element
  }

  const actions = h(
    'div',
    { class: 'sw-conflict-actions' },
    button('keep-mine', t('sync.keepMine'), { keep: 'mine' }),
    ...c.theirs.map((v) =>
      button('keep-theirs', c.theirs.length > 1 ? t('sync.keepTheirsOf', { name: v.author }) : t('sync.keepTheirs'), {
        keep: 'theirs',
        rev: v.rev,
      }),
    ),
    h('button', { type: 'button', name: 'merge', onclick: () => showMerge() }, t('sync.merge')),
  )
  const table = versionsTable(c, present, deps)
  const showMerge = () => {
    const form = mergeForm(c, deps, decide, () => form.replaceWith(table, actions))
    table.replaceWith(form)
    actions.remove()
    form.querySelector<HTMLElement>('input, textarea')?.focus()
  }
  const head = c.crossedMerge ? t('sync.mergedBothWays', { name: names }) : t('sync.changedByTeammate', { name: names })
  element.append(h('p', { class: 'sw-conflict-head' }, head), table, actions)
  return element
}

/** The versions side by side: a row per field, the fields that differ marked. */
function versionsTable(c: SyncConflict, versions: readonly ConflictVersion[], deps: ConflictViewDeps): HTMLElement {
  const fields = conflictFields(
    c.kind,
    versions.map((v) => v.value),
  )
  const head = (v: ConflictVersion) =>
    h(
      'th',
      { scope: 'col' },
      v.rev === c.mine.rev ? t('sync.yours') : t('sync.theirs', { name: v.author }),
      h('small', {}, msgAgo('sync.versionBy', { name: v.author }, 'time', v.changedAt)),
    )
  return h(
    'table',
    { class: 'sw-conflict-table' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('sync.field')), ...versions.map(head))),
    h(
      'tbody',
      {},
      ...fields.map((f) =>
        h(
          'tr',
          { class: f.differs ? 'is-different' : undefined, 'data-field': f.key },
          h('th', { scope: 'row' }, fieldLabel(f.key), f.differs ? h('small', {}, t('sync.differs')) : null),
          ...versions.map((v) => h('td', {}, describeField(c, f, v.value, deps))),
        ),
      ),
    ),
  )
}

/** The merge form: for each differing field, one choice per version (mine first and picked); the note editable. */
function mergeForm(
  c: SyncConflict,
  deps: ConflictViewDeps,
  decide: (choice: ConflictChoice) => void,
  back: () => void,
): HTMLElement {
  const versions = [c.mine, ...c.theirs]
  const values = versions.map((v) => v.value)
  const fields = conflictFields(c.kind, values).filter((f) => f.differs)
  const picks: Record<string, number> = {}
  const mineNote = valueAt(c.mine.value, 'note')
  const note =
    typeof mineNote === 'string'
      ? (h('textarea', { name: 'merged-note', rows: 3, 'aria-label': t('sync.fields.note') }) as HTMLTextAreaElement)
      : null
  if (note) note.value = mineNote as string
  const rows = fields.map((f) =>
    h(
      'fieldset',
      { class: 'sw-merge-field', 'data-field': f.key },
      h('legend', {}, fieldLabel(f.key)),
      ...versions.map((v, i) =>
        h(
          'label',
          { class: 'sw-merge-choice' },
          h('input', {
            type: 'radio',
            name: `merge-${f.key}`,
            value: String(i),
            checked: i === 0,
            onchange: () => {
              picks[f.key] = i
              const picked = valueAt(v.value, 'note')
              if (f.key === 'note' && note && typeof picked === 'string') note.value = picked
            },
          }),
          h('span', { class: 'sw-merge-who' }, i === 0 ? t('sync.yours') : t('sync.theirs', { name: v.author })),
          h('span', { class: 'sw-merge-value' }, describeField(c, f, v.value, deps)),
        ),
      ),
      f.key === 'note' && note ? note : null,
    ),
  )
  return h(
    'div',
    { class: 'sw-merge', role: 'group' },
    h('p', { class: 'sw-hint' }, t('sync.mergeIntro')),
    ...rows,
    note && !fields.some((f) => f.key === 'note')
      ? h('label', { class: 'sw-field' }, h('span', {}, t('sync.fields.note')), note)
      : null,
    h(
      'div',
      { class: 'sw-conflict-actions' },
      h('button', { type: 'button', name: 'merge-back', onclick: back }, t('sync.cancelMerge')),
      h(
        'button',
        {
          type: 'button',
          name: 'save-merge',
          class: 'sw-primary',
          onclick: () => decide({ keep: 'merged', value: mergeValue(c.kind, values, picks, note?.value) }),
        },
        t('sync.saveMerge'),
      ),
    ),
  )
}

/** A field of one version as the user reads it: the span's text, a status's label, an entity's name. */
function describeField(c: SyncConflict, f: ConflictField, value: unknown, deps: ConflictViewDeps): string {
  const at = (path: string) => valueAt(value, path)
  if (c.kind === 'annotation') {
    if (f.key === 'span') return `«${String(at('exact') ?? '')}» (${String(at('start'))}–${String(at('end'))})`
    if (f.key === 'kind' && typeof at('kind') === 'string') return kindLabel(at('kind') as AnnotationKind)
    if (f.key === 'status' && typeof at('attributes.status') === 'string') return statusLabel(at('attributes.status') as string)
    if (f.key === 'mode' && typeof at('attributes.mode') === 'string') return modeLabel(at('attributes.mode') as QuoteMode)
    if (f.key === 'speaker') return String(at('attributes.speaker') ?? '') || '—'
    if (f.key === 'entity') {
      const id = at('attributes.entityId')
      const name = typeof id === 'string' ? deps.entityName(id) : undefined
      const type = at('attributes.entityType')
      return [name, typeof type === 'string' ? entityTypeLabel(type as EntityType) : undefined].filter(Boolean).join(' · ') || '—'
    }
  }
  if (c.kind === 'entity' && f.key === 'type' && typeof at('type') === 'string') return entityTypeLabel(at('type') as EntityType)
  const v = f.paths.length === 1 ? at(f.paths[0]) : Object.fromEntries(f.paths.map((p) => [p, at(p)]))
  if (v === undefined || v === null || v === '') return '—'
  if (Array.isArray(v)) return v.every((x) => typeof x === 'string') ? v.join(', ') || '—' : JSON.stringify(v)
  return typeof v === 'object' ? JSON.stringify(v) : String(v)
}
