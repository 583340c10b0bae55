/**
 * The legend of claim statuses: each verdict with the line it draws under the claim in the text, so a
 * green "accurate" rule is not taken for an entity. Shown by the claims board and the claim editor.
 */
import { CLAIM_STATUSES } from '../../shared/vocabulary'
import { h } from './dom'

export const LEGEND_MESSAGES = {
  title: 'How claims are underlined',
  status: {
    unchecked: 'unchecked: not checked yet',
    accurate: 'accurate: checked and true',
    false: 'false',
    misleading: 'misleading',
    unverifiable: 'unverifiable',
  } as Record<string, string>,
  custom: (label: string) => `${label} (this workspace's label)`,
} as const

/** A compact legend; `keys` prefixes each status with its number key (the claims board's shortcut). */
export function claimLegend(statuses: readonly string[] = CLAIM_STATUSES, keys = false): HTMLElement {
  return h(
    'div',
    { class: 'sw-claim-legend', role: 'note', 'aria-label': LEGEND_MESSAGES.title },
    ...statuses.map((s, i) =>
      h(
        'span',
        { class: 'sw-legend-item', 'data-status': s },
        keys && i < 9 ? h('kbd', {}, String(i + 1)) : null,
        h('span', { class: `sw-legend-sample sw-claim sw-status-${s}` }, 'Abc'),
        ' ',
        LEGEND_MESSAGES.status[s] ?? LEGEND_MESSAGES.custom(s),
      ),
    ),
  )
}
