/**
 * A list that renders only the rows in view (fixed row height), so a panel of 50,000 annotations or a
 * library of 100,000 articles costs the DOM a screenful of rows. While it scrolls, the rows that stay in
 * view are kept as they are (each one's layout contained by its stylesheet): a frame builds and lays out
 * only the rows coming into view, reusing the elements of rows that left when the list can rewrite them
 * (`reuse`: fewer new elements, less garbage, fewer collections while scrolling). When most rows of a
 * frame are new (a fast scroll), a list with `reuse` rewrites every row where it stands instead, so no
 * row leaves the DOM. `refresh()` builds the rows in view again (an item changed).
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
  /** The rows in the DOM, in list order (as the DOM has them): `rows[j]` shows item `start + j`. */
  private rows: HTMLElement[] = []
  private start = 0
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
    this.rows = []
    this.start = 0
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

  /** Keeps the rows in view (and a few beyond) in the DOM, in list order for screen readers. */
  private render(): void {
    const height = this.element.clientHeight || 600
    const first = Math.max(0, Math.floor(this.element.scrollTop / this.rowHeight) - OVERSCAN)
    const last = Math.min(this.items.length, Math.ceil((this.element.scrollTop + height) / this.rowHeight) + OVERSCAN)
    const kept = Math.max(0, Math.min(last, this.start + this.rows.length) - Math.max(first, this.start))
    if (this.reuse && kept < last - first - kept) this.rewrite(first, last)
    else this.move(first, last)
    this.start = first
  }

  /**
   * Mostly new rows (a fast scroll, a jump): every row is rewritten where it stands, the first one in the
   * DOM as the first in view and so on, so none leaves the DOM. A row that leaves and comes back costs
   * its style, a new layout tree and garbage for the collector; one rewritten in place only the layout
   * of its new text.
   */
  private rewrite(first: number, last: number): void {
    const rows = this.rows
    for (let j = 0; j < last - first; j++) {
      const i = first + j
      if (j >= rows.length) {
        const row = this.build(i)
        rows.push(row)
        this.spacer.append(row)
      } else if (this.start + j !== i) {
        const row = rows[j]
        if (this.reuse!(row, this.items[i], i)) this.place(row, i)
        else {
          rows[j] = this.build(i)
          row.replaceWith(rows[j])
        }
      }
    }
    while (rows.length > last - first) this.drop(rows.pop()!)
  }

  /**
   * Mostly kept rows (a slow scroll): the rows kept stay as they are, neither rebuilt nor laid out
   * again; the rows that left are removed and the new ones put before or after the kept ones.
   */
  private move(first: number, last: number): void {
    let from = 0
    let to = this.rows.length
    while (from < to && this.start + from < first) this.drop(this.rows[from++])
    while (to > from && this.start + to - 1 >= last) this.drop(this.rows[--to])
    const kept = this.rows.slice(from, to)
    // Without rows kept, every row comes after (none before).
    const keptFirst = kept.length ? this.start + from : first
    const keptEnd = kept.length ? this.start + to : first
    const before: HTMLElement[] = []
    for (let i = first; i < keptFirst; i++) before.push(this.build(i))
    const after: HTMLElement[] = []
    for (let i = keptEnd; i < last; i++) after.push(this.build(i))
    if (before.length) this.spacer.prepend(...before)
    if (after.length) this.spacer.append(...after)
    this.rows = before.concat(kept, after)
  }

  /** A row for item `i`: one that left rewritten when the list can, else a new one. */
  private build(i: number): HTMLElement {
    const spare = this.spare.pop()
    if (spare && this.reuse!(spare, this.items[i], i)) return this.place(spare, i)
    const row = this.renderRow(this.items[i], i)
    row.style.height = `${this.rowHeight}px`
    return this.place(row, i)
  }

  private place(row: HTMLElement, i: number): HTMLElement {
    row.style.transform = `translateY(${i * this.rowHeight}px)`
    return row
  }

  private drop(row: HTMLElement): void {
    row.remove()
    if (this.reuse && this.spare.length < SPARE_ROWS) this.spare.push(row)
  }
}
