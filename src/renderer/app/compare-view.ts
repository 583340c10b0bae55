/**
 * Two versions of a story side by side (compare v2): paragraphs paired across languages with their
 * confidence, scrolling one side keeps the paired paragraph of the other in view, each item that
 * differs a click away (its exact words marked on both sides), Make claim over the two sentences,
 * the paragraphs only in one version, quotes checked for a tagged counterpart, spans linked.
 */
import type { WorkbenchClient } from '../../shared/api'
import { itemMessage } from '../../shared/compare/item-message'
import { formatNumber, msg, onDidChangeLanguage, t } from '../../shared/i18n'
import type { Annotation, Comparison, LinkRelation, OpenedArticle } from '../../shared/model'
import { mountArticle, type ArticleViewHandle, type TextRange } from '../article-view'
import { lastAtOrBefore } from '../../shared/sorted'
import { h } from './dom'

export interface CompareActions {
  close(): void
  /** Turn an item into a claim over its sentence on the left, linked to the sentence on the right. */
  makeClaim(left: TextRange, right: TextRange, note: string): Promise<void>
  /** Link a span on each side (annotations are created where there are none). */
  linkRanges(left: TextRange, right: TextRange, relation: LinkRelation): Promise<void>
  chooseRelation(): Promise<LinkRelation | null>
  notify(message: string): void
}

type Item = Comparison['items'][number]
type Side = 'left' | 'right'

/** Ids of the marks showing the item in focus: its words on each side, or where it is missing. */
const SHOWN = 'shown-item'
const WHERE = 'shown-where'

const percent = (x: number) => formatNumber(x, { style: 'percent' })

export class CompareView {
  readonly element: HTMLElement
  private readonly leftHost = h('div', { class: 'sw-compare-pane' })
  private readonly rightHost = h('div', { class: 'sw-compare-pane' })
  private readonly sideList = h('div', { class: 'sw-compare-list' })
  private left: ArticleViewHandle | null = null
  private right: ArticleViewHandle | null = null
  private comparison: Comparison = { pairs: [], onlyLeft: [], onlyRight: [], items: [], quotes: [] }
  /** Ids of the marks now drawn for the item in focus, per side. */
  private shown: Record<Side, string[]> = { left: [], right: [] }
  private syncing = false

  constructor(
    private readonly api: WorkbenchClient,
    readonly leftArticle: OpenedArticle,
    readonly rightArticle: OpenedArticle,
    private readonly titles: [string, string],
    private readonly actions: CompareActions,
  ) {
    this.element = h(
      'section',
      { class: 'sw-compare', 'aria-label': msg('compare.label') },
      h(
        'header',
        { class: 'sw-compare-head' },
        h('span', { class: 'sw-compare-title' }, titles[0]),
        h('span', { class: 'sw-compare-title' }, titles[1]),
        h(
          'span',
          { class: 'sw-compare-tools' },
          h(
            'button',
            { name: 'link-sides', onclick: () => void this.linkSelections(), title: msg('compare.linkSidesTitle') },
            msg('compare.linkSides'),
          ),
          h(
            'button',
            {
              name: 'pair-paragraphs',
              onclick: () => void this.pairAtSelections(),
              title: msg('compare.pairTitle'),
            },
            msg('compare.pair'),
          ),
          h('button', { name: 'close-compare', onclick: () => this.actions.close() }, msg('common.close')),
        ),
      ),
      h('div', { class: 'sw-compare-body' }, this.leftHost, this.rightHost, this.sideList),
    )
    const following = onDidChangeLanguage(() => (this.element.isConnected ? this.renderList() : following.dispose()))
  }

  async mount(): Promise<void> {
    const [left, right, comparison] = await Promise.all([
      mountArticle(this.leftHost, {
        text: this.leftArticle.text,
        blocks: this.leftArticle.blocks,
        annotations: drawable(this.leftArticle.annotations),
      }),
      mountArticle(this.rightHost, {
        text: this.rightArticle.text,
        blocks: this.rightArticle.blocks,
        annotations: drawable(this.rightArticle.annotations),
      }),
      this.api.compareArticles(this.leftArticle.id, this.rightArticle.id),
    ])
    this.left = left
    this.right = right
    this.comparison = comparison
    this.renderList()
    this.keepInStep(this.leftHost, left, right, 'left')
    this.keepInStep(this.rightHost, right, left, 'right')
  }

  /** Shows an annotation created from the compare view on its side. */
  addAnnotation(side: 'left' | 'right', annotation: Annotation): void {
    ;(side === 'left' ? this.leftArticle : this.rightArticle).annotations.push(annotation)
    void (side === 'left' ? this.left : this.right)?.add(annotation)
    this.renderList()
  }

  /** Takes an annotation created from the compare view off its side again (its creation was undone). */
  removeAnnotation(side: Side, id: string): void {
    const article = side === 'left' ? this.leftArticle : this.rightArticle
    const at = article.annotations.findIndex((a) => a.id === id)
    if (at >= 0) article.annotations.splice(at, 1)
    ;(side === 'left' ? this.left : this.right)?.remove(id)
    this.renderList()
  }

  destroy(): void {
    this.left?.destroy()
    this.right?.destroy()
    this.element.remove()
  }

  /** Scrolling one side brings the paragraph paired with the one at its top to the top of the other. */
  private keepInStep(host: HTMLElement, from: ArticleViewHandle, to: ArticleViewHandle, side: 'left' | 'right'): void {
    let frame = 0
    host.addEventListener(
      'scroll',
      () => {
        if (this.syncing || frame) return
        frame = requestAnimationFrame(() => {
          frame = 0
          const mine = side === 'left' ? this.leftArticle : this.rightArticle
          const other = side === 'left' ? this.rightArticle : this.leftArticle
          const block = blockAt(mine.blocks, from.topOffset())
          const pair = this.comparison.pairs.find((p) => (side === 'left' ? p.left : p.right) === block)
          if (!pair) return
          const target = other.blocks[side === 'left' ? pair.right : pair.left]
          if (!target) return
          this.syncing = true
          void to.scrollToOffset(target.start).then(() => requestAnimationFrame(() => (this.syncing = false)))
        })
      },
      { capture: true, passive: true },
    )
  }

  private renderList(): void {
    const { items, pairs, onlyLeft, onlyRight } = this.comparison
    const low = pairs.length ? Math.min(...pairs.map((p) => p.confidence)) : 1
    this.sideList.replaceChildren(
      h('div', { class: 'sw-pane-title' }, t('compare.differs', { count: items.length })),
      ...items.map((item, i) => this.itemRow(item, i)),
      ...this.onlyIn('left', onlyLeft),
      ...this.onlyIn('right', onlyRight),
      h('div', { class: 'sw-pane-title' }, t('compare.quotes')),
      ...this.quoteCounterparts(),
      h(
        'div',
        { class: 'sw-hint sw-compare-pairs' },
        t('compare.paired', { count: pairs.length, fixed: pairs.filter((p) => p.how === 'fixed').length }) +
          (pairs.length ? t('compare.leastSure', { percent: percent(low) }) : '.'),
      ),
    )
  }

  private itemRow(item: Item, index: number): HTMLElement {
    const pair = this.comparison.pairs.find((p) => p.left === item.leftBlock && p.right === item.rightBlock)
    const quoteLink =
      (item.kind === 'quote' || item.kind === 'speaker') && item.left.length && item.right.length
        ? h(
            'button',
            {
              class: 'sw-compare-item-action',
              name: 'link-quotes',
              title: t('compare.linkQuotesTitle'),
              onclick: () => void this.linkQuotes(item),
            },
            t('compare.linkQuotes'),
          )
        : null
    return h(
      'div',
      {
        class: `sw-compare-item is-${item.severity}`,
        'data-index': index,
        'data-kind': item.kind,
        'data-severity': item.severity,
      },
      h(
        'button',
        { class: 'sw-compare-item-show', title: t('compare.showTitle'), onclick: () => void this.show(item) },
        h(
          'span',
          { class: 'sw-compare-item-kind' },
          `${t(`compare.severity_${item.severity}`)} · ${t(`compare.kind_${item.kind}`)}`,
        ),
        h('span', { class: 'sw-compare-item-message' }, itemMessage(item)),
        pair ? h('span', { class: 'sw-hint' }, t('compare.pairedAt', { percent: percent(pair.confidence) })) : null,
      ),
      h(
        'span',
        { class: 'sw-compare-item-actions' },
        h(
          'button',
          {
            class: 'sw-compare-item-action',
            name: 'make-claim',
            title: t('compare.makeClaimTitle'),
            onclick: () => void this.claim(item),
          },
          t('compare.makeClaim'),
        ),
        quoteLink,
      ),
    )
  }

  /** The paragraphs of one version that have no counterpart in the other: each a finding of its own. */
  private onlyIn(side: Side, blocks: readonly number[]): HTMLElement[] {
    if (blocks.length === 0) return []
    const article = side === 'left' ? this.leftArticle : this.rightArticle
    const title = side === 'left' ? this.titles[0] : this.titles[1]
    return [
      h('div', { class: 'sw-pane-title' }, t('compare.onlyIn', { title, count: blocks.length })),
      ...blocks.map((b) => {
        const block = article.blocks[b]
        const text = article.text.slice(block.start, block.end)
        return h(
          'button',
          {
            class: 'sw-compare-only',
            'data-side': side,
            title: t('compare.showParagraph'),
            onclick: () => void this.mark({ [side]: [{ start: block.start, end: block.end }] }, WHERE),
          },
          text.length > 90 ? `${text.slice(0, 90)}…` : text,
        )
      }),
    ]
  }
  /** For each quote tagged on the left: is its counterpart tagged on the right, with the same speaker? */
  private quoteCounterparts(): HTMLElement[] {
    const rightQuotes = this.rightArticle.annotations.filter(
      (a): a is Extract<Annotation, { kind: 'quote' }> => a.kind === 'quote',
    )
    return this.leftArticle.annotations
      .filter((a): a is Extract<Annotation, { kind: 'quote' }> => a.kind === 'quote')
      .map((q) => {
        const pair = this.comparison.pairs.find((p) => p.left === blockAt(this.leftArticle.blocks, q.start))
        const block = pair ? this.rightArticle.blocks[pair.right] : undefined
        const counterpart = block ? rightQuotes.find((r) => r.start < block.end && r.end > block.start) : undefined
        const state = !counterpart
          ? t('compare.notTagged')
          : (q.attributes.speakerId ?? q.attributes.speaker) ===
              (counterpart.attributes.speakerId ?? counterpart.attributes.speaker)
            ? t('compare.sameSpeaker')
            : t('compare.speakerDiffers', { speaker: counterpart.attributes.speaker || t('compare.noSpeaker') })
        return h(
          'div',
          { class: `sw-counterpart${counterpart ? '' : ' is-missing'}` },
          h('span', { class: 'sw-suggestion-text' }, q.exact.slice(0, 60)),
          h('span', { class: 'sw-hint' }, ` ${state}`),
        )
      })
  }

  /**
   * Marks the item's words on both sides (one view only can hold the text selection, so marks) and
   * scrolls to them; on a side where the thing is missing, the sentence where it would be is marked.
   */
  private async show(item: Item): Promise<void> {
    await this.mark({ left: item.left, right: item.right }, SHOWN, {
      left: item.leftSentence,
      right: item.rightSentence,
    })
  }

  private async mark(
    spans: Partial<Record<Side, readonly TextRange[]>>,
    id: string,
    missing: Partial<Record<Side, TextRange>> = {},
  ): Promise<void> {
    this.syncing = true
    for (const side of ['left', 'right'] as const) {
      const view = side === 'left' ? this.left : this.right
      if (!view) continue
      for (const old of this.shown[side]) view.remove(old)
      const ranges = spans[side]?.length ? spans[side].map((r) => ({ r, id: `${id}-${side}` })) : []
      const where = missing[side]
      if (ranges.length === 0 && where) ranges.push({ r: where, id: `${WHERE}-${side}` })
      this.shown[side] = ranges.map((x, i) => `${x.id}-${i}`)
      for (const [i, { r, id: base }] of ranges.entries()) {
        await view.add({ id: `${base}-${i}`, kind: 'claim', start: r.start, end: r.end, suggestion: true })
      }
      if (this.shown[side][0]) await view.reveal(this.shown[side][0])
    }
    requestAnimationFrame(() => (this.syncing = false))
  }

  /** Claims over the item's sentence on each side, linked as contradicting, the message as the note. */
  private async claim(item: Item): Promise<void> {
    await this.actions.makeClaim(item.leftSentence, item.rightSentence, itemMessage(item))
  }

  private async linkQuotes(item: Item): Promise<void> {
    const relation = await this.actions.chooseRelation()
    if (relation) await this.actions.linkRanges(item.left[0], item.right[0], relation)
  }

  private async linkSelections(): Promise<void> {
    const l = this.left?.selection()
    const r = this.right?.selection()
    if (!l || !r) return this.actions.notify(t('compare.selectBoth'))
    const relation = await this.actions.chooseRelation()
    if (relation) await this.actions.linkRanges(l, r, relation)
  }

  private async pairAtSelections(): Promise<void> {
    const l = this.left?.selection()
    const r = this.right?.selection()
    if (!l || !r) return this.actions.notify(t('compare.selectToPair'))
    this.comparison = await this.api.fixAlignment(
      this.leftArticle.id,
      this.rightArticle.id,
      blockAt(this.leftArticle.blocks, l.start),
      blockAt(this.rightArticle.blocks, r.start),
    )
    this.renderList()
    this.actions.notify(t('compare.pairedKept'))
  }
}

function drawable(annotations: readonly Annotation[]): Annotation[] {
  return annotations.filter((a) => a.anchor !== 'orphaned')
}

/** Index of the block holding (or last before) a text offset. */
function blockAt(blocks: readonly { start: number; end: number }[], offset: number): number {
  return lastAtOrBefore(blocks.length, (i) => blocks[i].start, offset)
}
