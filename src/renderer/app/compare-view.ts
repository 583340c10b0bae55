/**
 * Two versions of a story side by side: paragraphs aligned across languages, scrolling one side keeps
 * the paired paragraph of the other in view, the discrepancies between paired paragraphs each a click
 * away on both sides, quotes checked for a tagged counterpart, and spans on the two sides linked.
 */
import type { WorkbenchClient } from '../../shared/api'
import type { Annotation, Comparison, LinkRelation, OpenedArticle } from '../../shared/model'
import { mountArticle, type ArticleViewHandle, type TextRange } from '../article-view'
import { lastAtOrBefore } from '../../shared/sorted'
import { h } from './dom'

export interface CompareActions {
  close(): void
  /** Turn a discrepancy into a claim on the left with its evidence on the right. */
  makeClaim(left: TextRange, right: TextRange, note: string): Promise<void>
  /** Link a span on each side (annotations are created where there are none). */
  linkRanges(left: TextRange, right: TextRange, relation: LinkRelation): Promise<void>
  chooseRelation(): Promise<LinkRelation | null>
  notify(message: string): void
}

type Discrepancy = Comparison['discrepancies'][number]

/** The id of the mark showing the discrepancy in focus, on each side. */
const SHOWN = 'shown-discrepancy'

export class CompareView {
  readonly element: HTMLElement
  private readonly leftHost = h('div', { class: 'sw-compare-pane' })
  private readonly rightHost = h('div', { class: 'sw-compare-pane' })
  private readonly sideList = h('div', { class: 'sw-compare-list' })
  private left: ArticleViewHandle | null = null
  private right: ArticleViewHandle | null = null
  private comparison: Comparison = { pairs: [], discrepancies: [] }
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
      { class: 'sw-compare', 'aria-label': 'Compare two articles' },
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
            { name: 'link-sides', onclick: () => void this.linkSelections(), title: 'Link the text selected on each side' },
            'Link selections…',
          ),
          h(
            'button',
            {
              name: 'pair-paragraphs',
              onclick: () => void this.pairAtSelections(),
              title: 'Pair the paragraphs where the two selections are',
            },
            'Pair paragraphs',
          ),
          h('button', { name: 'close-compare', onclick: () => this.actions.close() }, 'Close'),
        ),
      ),
      h('div', { class: 'sw-compare-body' }, this.leftHost, this.rightHost, this.sideList),
    )
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
    const { discrepancies, pairs } = this.comparison
    this.sideList.replaceChildren(
      h('div', { class: 'sw-pane-title' }, `Discrepancies (${discrepancies.length})`),
      ...discrepancies.map((d, i) =>
        h(
          'div',
          { class: `sw-discrepancy sw-discrepancy-${d.type}`, 'data-index': i },
          h(
            'button',
            { class: 'sw-discrepancy-show', onclick: () => void this.show(d) },
            h('span', { class: 'sw-hit-kind' }, d.type),
            ` ${d.message}`,
          ),
          h(
            'button',
            {
              class: 'sw-discrepancy-claim',
              name: 'make-claim',
              title: 'Make this a claim with its evidence linked',
              onclick: () => void this.claim(d),
            },
            'Make claim',
          ),
        ),
      ),
      h('div', { class: 'sw-pane-title' }, 'Quotes and their counterparts'),
      ...this.quoteCounterparts(),
      h('div', { class: 'sw-hint' }, `${pairs.length} paragraphs paired (${pairs.filter((p) => p.fixed).length} by hand).`),
    )
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
          ? 'not tagged there'
          : (q.attributes.speakerId ?? q.attributes.speaker) ===
              (counterpart.attributes.speakerId ?? counterpart.attributes.speaker)
            ? 'tagged there, same speaker'
            : `tagged there, speaker differs (${counterpart.attributes.speaker || 'none'})`
        return h(
          'div',
          { class: `sw-counterpart${counterpart ? '' : ' is-missing'}` },
          h('span', { class: 'sw-suggestion-text' }, q.exact.slice(0, 60)),
          h('span', { class: 'sw-hint' }, ` ${state}`),
        )
      })
  }

  /** The spans of a discrepancy, or the paired paragraphs where one side has nothing to point at. */
  private ranges(d: Discrepancy): [TextRange, TextRange] {
    const lb = this.leftArticle.blocks[d.leftBlock]
    const rb = this.rightArticle.blocks[d.rightBlock]
    return [
      d.left ? { start: d.left.start, end: d.left.end } : { start: lb.start, end: lb.end },
      d.right ? { start: d.right.start, end: d.right.end } : { start: rb.start, end: rb.end },
    ]
  }

  /** Marks the discrepancy's spans on both sides (only one view can hold the text selection) and scrolls to them. */
  private async show(d: Discrepancy): Promise<void> {
    const [l, r] = this.ranges(d)
    this.syncing = true
    for (const [view, range] of [
      [this.left, l],
      [this.right, r],
    ] as const) {
      if (!view) continue
      view.remove(SHOWN)
      await view.add({ id: SHOWN, kind: 'claim', start: range.start, end: range.end, suggestion: true })
      await view.reveal(SHOWN)
    }
    requestAnimationFrame(() => (this.syncing = false))
  }

  private async claim(d: Discrepancy): Promise<void> {
    const [l, r] = this.ranges(d)
    await this.actions.makeClaim(l, r, `Discrepancy (${d.type}): ${d.message}`)
  }

  private async linkSelections(): Promise<void> {
    const l = this.left?.selection()
    const r = this.right?.selection()
    if (!l || !r) return this.actions.notify('Select a span on each side first.')
    const relation = await this.actions.chooseRelation()
    if (relation) await this.actions.linkRanges(l, r, relation)
  }

  private async pairAtSelections(): Promise<void> {
    const l = this.left?.selection()
    const r = this.right?.selection()
    if (!l || !r) return this.actions.notify('Select some text in the paragraph to pair on each side first.')
    this.comparison = await this.api.fixAlignment(
      this.leftArticle.id,
      this.rightArticle.id,
      blockAt(this.leftArticle.blocks, l.start),
      blockAt(this.rightArticle.blocks, r.start),
    )
    this.renderList()
    this.actions.notify('Paragraphs paired; the pairing is kept for these two articles.')
  }
}

function drawable(annotations: readonly Annotation[]): Annotation[] {
  return annotations.filter((a) => a.anchor !== 'orphaned')
}

/** Index of the block holding (or last before) a text offset. */
function blockAt(blocks: readonly { start: number; end: number }[], offset: number): number {
  return lastAtOrBefore(blocks.length, (i) => blocks[i].start, offset)
}
