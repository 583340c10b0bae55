/** Spanwise's own article view, exactly as the app mounts it. */
import { mountArticle } from '../../src/renderer/article-view'
import type { BenchAnnotation } from '../generate'
import type { MountView } from './view-types'

export const mountSpanwise: MountView = async (stage, article, annotations) => {
  let pending: { annotation: BenchAnnotation; resolve: (t: number) => void } | null = null
  const handle = await mountArticle(stage, {
    text: article.text,
    blocks: article.blocks,
    annotations,
    onTagKey(kind, range) {
      const armed = pending
      if (!armed) return
      pending = null
      // What the app does on a tag key: the highlight is added at once, the save goes on behind it.
      void handle
        .add({ id: armed.annotation.id, kind, start: range.start, end: range.end })
        .then(() => armed.resolve(performance.now()))
    },
  })
  const scroller = stage.querySelector<HTMLElement>('.sw-article-scroll')!
  return {
    scroller,
    highlightSelector: '[data-annotation-id]',
    highlightOf: (id) => scroller.querySelector(`[data-annotation-id="${id}"]`),
    armTag(annotation) {
      handle.focus()
      handle.setSelection({ start: annotation.start, end: annotation.end })
      return new Promise((resolve) => (pending = { annotation, resolve }))
    },
    jump: (id) => handle.reveal(id),
  }
}
