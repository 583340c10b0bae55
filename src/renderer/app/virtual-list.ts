/**
 * A list that renders only the rows in view (fixed row height), so a panel of 50,000 annotations or a
 * library of 100,000 articles costs the DOM a screenful of rows. While it scrolls, the rows that stay in
 * view are kept as they are (each one's layout contained by its stylesheet): a frame builds and lays out
 * only the rows coming into view, reusing the elements of rows that left when the list can rewrite them
 * (`reuse`: fewer new elements, less garbage, fewer collections while scrolling). `refresh()` builds the
 * rows in view again (an item changed).
 */

/**
 * Rows built beyond each edge of the view: enough for a key press to find its row built, no more (when
 * scrolling fast every row of a frame is new anyway, and each costs its build and layout).
 */
const OVERSCAN = 2
/** At most this many rows that left are kept for reuse (a screenful or two). */
const SPARE_ROWS = 64

export class VirtualList<T> {
  readonly element: HTMLElement
  private readonly spacer: HTMLElement
  private items: readonly T[] = []
  private frame = 0
  /** The rows in the DOM by index, in order: kept while they stay in view, so scrolling builds only new ones. */
  private readonly rendered = new Map<number, HTMLElement>()
  /** Rows that left the view, for `reuse` to rewrite rather than build new ones. */
  private spare: HTMLElement[] = []

  constructor(
    private readonly rowHeight: number,
    private readonly renderRow: (item: T, index: number) => HTMLElement,
    className: string,
    /** Rewrites a row that left the view as the row of `item`; false when it cannot (a new one is built). */
    private readonly reuse?: (row: HTMLElement, item: T, index: number) => boolean,
  ) {
    this.element = document.createElement('div')
    this.element.className = `sw-vlist ${className}`
    this.element.setAttribute('role', 'listbox')
    this.spacer = document.createElement('div')
    this.spacer.className = 'sw-vlist-spacer'
    this.element.append(this.spacer)
    this.element.addEventListener('scroll', () => this.schedule(), { passive: true })
    new ResizeObserver(() => this.schedule()).observe(this.element)
  }

  setItems(items: readonly T[]): void {
    this.items = items
    this.spacer.style.height = `${items.length * this.rowHeight}px`
    this.refresh()
  }

  /** Re-renders the visible rows (after an item changed). */
  refresh(): void {
    this.rendered.clear()
    this.spare = []
    this.spacer.replaceChildren()
    this.render()
  }

  scrollToIndex(index: number): void {
    const top = index * this.rowHeight
    const view = this.element.clientHeight
    if (top < this.element.scrollTop) this.element.scrollTop = top
    else if (top + this.rowHeight > this.element.scrollTop + view) this.element.scrollTop = top + this.rowHeight - view
    this.refresh()
  }

  private schedule(): void {
    if (this.frame) return
    this.frame = requestAnimationFrame(() => {
      this.frame = 0
      this.render()
    })
  }

  /**
   * Keeps the rows in view (and a few beyond) in the DOM: rows that left are removed, rows that came
   * are built and put before or after the kept ones, so the DOM stays in list order for screen readers
   * and the rows kept are neither rebuilt nor laid out again.
   */
  private render(): void {
    const height = this.element.clientHeight || 600
    const first = Math.max(0, Math.floor(this.element.scrollTop / this.rowHeight) - OVERSCAN)
    const last = Math.min(this.items.length, Math.ceil((this.element.scrollTop + height) / this.rowHeight) + OVERSCAN)
    for (const [i, row] of this.rendered)
      if (i < first || i >= last) {
        row.remove()
        this.rendered.delete(i)
        if (this.reuse && this.spare.length < SPARE_ROWS) this.spare.push(row)
      }
    const build = (i: number) => {
      const spare = this.spare.pop()
      const row = spare && this.reuse!(spare, this.items[i], i) ? spare : this.renderRow(this.items[i], i)
      row.style.transform = `translateY(${i * this.rowHeight}px)`
      row.style.height = `${this.rowHeight}px`
      return row
    }
    const kept = [...this.rendered.keys()]
    const keptFirst = kept.length ? Math.min(...kept) : last
    const before: HTMLElement[] = []
    const after: HTMLElement[] = []
    for (let i = first; i < last; i++) {
      if (this.rendered.has(i)) continue
      const row = build(i)
      this.rendered.set(i, row)
      ;(i < keptFirst ? before : after).push(row)
    }
    this.spacer.prepend(...before)
    this.spacer.append(...after)
  }
}
