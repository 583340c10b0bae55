/** What the bench page needs of each implementation it compares. */
import type { BenchAnnotation, BenchArticle } from '../generate'

export interface MountedView {
  /** The element that scrolls the article. */
  scroller: HTMLElement
  /** Matches every highlight element (for DOM counts). */
  highlightSelector: string
  /** One element of an annotation's highlight, or null when none is in the DOM. */
  highlightOf(id: string): Element | null
  /**
   * Makes the next 'q' key press tag `annotation` (selecting its range first where the view has a
   * selection). Resolves with performance.now() once the new highlight is painted.
   */
  armTag(annotation: BenchAnnotation): Promise<number>
  /** Brings an annotation on screen the way the implementation offers; resolves when it says done. */
  jump(id: string): Promise<void>
}

/** Mounts a view and resolves once the implementation considers the first screen painted. */
export type MountView = (
  stage: HTMLElement,
  article: BenchArticle,
  annotations: readonly BenchAnnotation[],
) => Promise<MountedView>
