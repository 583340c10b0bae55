/**
 * The legend of claim statuses: each verdict with the line it draws under the claim in the text, so a
 * green "accurate" rule is not taken for an entity. Shown by the claims board and the claim editor.
 */
import { CLAIM_STATUSES } from '../../shared/vocabulary'
import { msg } from '../../shared/i18n'
import { h } from './dom'
import { statusMeaning } from './labels'

/** A compact legend; `keys` prefixes each status with its number key (the claims board's shortcut). */
export function claimLegend(statuses: readonly string[] = CLAIM_STATUSES, keys = false): HTMLElement {
  return h(
    'div',
    { class: 'sw-claim-legend', role: 'note', 'aria-label': msg('legend.title') },
    ...statuses.map((s, i) =>
      h(
        'span',
        { class: 'sw-legend-item', 'data-status': s },
        keys && i < 9 ? h('kbd', {}, String(i + 1)) : null,
        h('span', { class: `sw-legend-sample sw-claim sw-status-${s}` }, 'Abc'),
        ' ',
        statusMeaning(s),
      ),
    ),
  )
}
