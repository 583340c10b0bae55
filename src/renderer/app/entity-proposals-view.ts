/**
 * The Entities tab's proposals: the people, organisations and places the articles name that are not
 * in the registry yet (or spellings of an entity that is), each with its mentions in context, to
 * accept (the entity created or extended and every mention tagged, one undo step) or reject
 * (remembered for the workspace). Discovery runs in main when the tab is shown, never while typing.
 */
import { formatList, msg, onDidChangeLanguage, t } from '../../shared/i18n'
import type { EntityProposal } from '../../shared/model'
import { h } from './dom'
import { entityTypeLabel } from './labels'

export interface ProposalActions {
  proposals(): Promise<EntityProposal[]>
  acceptProposal(proposal: EntityProposal): void
  rejectProposal(proposal: EntityProposal): void
  /** The registry entity's name, for "adds to …". */
  entityName(id: string): string | undefined
  articleTitle(articleId: string): string
  openAt(articleId: string, start: number, end: number): void
}

/** Mentions shown per proposal (the rest are counted). */
const SHOWN_MENTIONS = 3

export class ProposalsView {
  readonly element = h('section', { class: 'sw-proposals', 'aria-label': msg('proposals.label') })
  private proposals: EntityProposal[] = []
  private loading: Promise<void> | null = null
  private again = false
  private open = true

  constructor(private readonly actions: ProposalActions) {
    onDidChangeLanguage(() => this.proposals.length > 0 && this.render())
  }

  /** Fetches the proposals again (one request at a time; a request meanwhile asks once more after it). */
  refresh(): Promise<void> {
    if (this.loading) {
      this.again = true
      return this.loading
    }
    this.loading = this.actions
      .proposals()
      .then((p) => {
        this.proposals = p
        this.render()
      })
      .catch(() => undefined)
      .finally(() => {
        this.loading = null
        if (this.again) {
          this.again = false
          void this.refresh()
        }
      })
    return this.loading
  }

  private render(): void {
    const toggle = h(
      'button',
      {
        class: 'sw-pane-title sw-proposals-toggle',
        'aria-expanded': String(this.open),
        onclick: () => {
          this.open = !this.open
          this.render()
        },
      },
      `${this.open ? '▾' : '▸'} ${t('proposals.toggle', { count: this.proposals.length })}`,
    )
    this.element.replaceChildren(
      toggle,
      ...(this.open ? [h('div', { class: 'sw-proposal-list' }, ...this.proposals.map((p) => this.row(p)))] : []),
    )
  }

  private row(p: EntityProposal): HTMLElement {
    const extended = p.extends ? this.actions.entityName(p.extends) : undefined
    const take = (act: (p: EntityProposal) => void) => () => {
      // Gone from the list at once; an undo brings it back with the next refresh.
      this.proposals = this.proposals.filter((x) => x !== p)
      this.render()
      act(p)
    }
    return h(
      'div',
      { class: 'sw-proposal', 'data-key': p.key },
      h(
        'div',
        { class: 'sw-proposal-head' },
        h('span', { class: 'sw-entity-name' }, p.name),
        h('span', { class: 'sw-entity-type' }, entityTypeLabel(p.type)),
        h(
          'span',
          { class: 'sw-hint' },
          extended
            ? ` ${
                p.newAliases.length
                  ? t('proposals.addsAliases', { aliases: formatList(p.newAliases.map((a) => `“${a}”`)), entity: extended })
                  : t('proposals.addsMentions', { entity: extended })
              }`
            : p.variants.length > 1
              ? ` ${t('proposals.also', { variants: formatList(p.variants.filter((v) => v !== p.name)) })}`
              : '',
        ),
      ),
      ...p.mentions.slice(0, SHOWN_MENTIONS).map((m) =>
        h(
          'button',
          {
            class: 'sw-proposal-mention',
            title: this.actions.articleTitle(m.articleId),
            onclick: () => this.actions.openAt(m.articleId, m.start, m.end),
          },
          h('span', { class: 'sw-hint' }, m.before ?? ''),
          h('mark', {}, m.text),
          h('span', { class: 'sw-hint' }, m.after ?? ''),
        ),
      ),
      h(
        'div',
        { class: 'sw-entity-actions' },
        h(
          'button',
          { name: 'accept-proposal', onclick: take((x) => this.actions.acceptProposal(x)) },
          t(extended ? 'proposals.add' : 'proposals.create', { count: p.mentionCount ?? p.mentions.length }),
        ),
        h('button', { name: 'reject-proposal', onclick: take((x) => this.actions.rejectProposal(x)) }, t('proposals.reject')),
      ),
    )
  }
}
