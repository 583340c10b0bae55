/**
 * A list that renders only the rows in view (fixed row height), so a panel of 50,000 annotations or a
 * library of 10,000 articles costs the DOM a screenful of rows.
 */
export class VirtualList<T> {
  readonly element: HTMLElement
  private readonly spacer: HTMLElement
  private items: readonly T[] = []
  private frame = 0

  constructor(
    private readonly rowHeight: number,
    private readonly renderRow: (item: T, index: number) => HTMLElement,
    className: string,
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
    this.render()
  }

  /** Re-renders the visible rows (after an item changed). */
  refresh(): void {
    this.render()
  }

  scrollToIndex(index: number): void {
    const top = index * this.rowHeight
    const view = this.element.clientHeight
    if (top < this.element.scrollTop) this.element.scrollTop = top
    else if (top + this.rowHeight > this.element.scrollTop + view) this.element.scrollTop = top + this.rowHeight - view
    this.render()
  }

  private schedule(): void {
    if (this.frame) return
    this.frame = requestAnimationFrame(() => {
      this.frame = 0
      this.render()
    })
  }

  private render(): void {
    const height = this.element.clientHeight || 600
    const first = Math.max(0, Math.floor(this.element.scrollTop / this.rowHeight) - 5)
    const last = Math.min(this.items.length, Math.ceil((this.element.scrollTop + height) / this.rowHeight) + 5)
    const rows: HTMLElement[] = []
    for (let i = first; i < last; i++) {
      const row = this.renderRow(this.items[i], i)
      row.style.transform = `translateY(${i * this.rowHeight}px)`
      row.style.height = `${this.rowHeight}px`
      rows.push(row)
    }
    this.spacer.replaceChildren(...rows)
  }
}
