/**
 * The naive baseline: a plain ProseMirror EditorView over the same paragraphs, with one
 * Decoration.inline per annotation, all created at once, and the article view's own stylesheet (same
 * font, column and highlight styles) so only the rendering strategy differs.
 */
import { Schema } from 'prosemirror-model'
import { EditorState, Plugin, PluginKey, TextSelection } from 'prosemirror-state'
import { Decoration, DecorationSet, EditorView } from 'prosemirror-view'
import 'prosemirror-view/style/prosemirror.css'
import '../../src/renderer/article-view/article-view.css'
import type { BenchAnnotation, BenchArticle } from '../generate'
import { nextFrame, paintedWhen } from './frames'
import type { MountView } from './view-types'

const schema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: { group: 'block', content: 'text*', toDOM: () => ['p', { class: 'sw-block' }, 0] },
    heading: { group: 'block', content: 'text*', toDOM: () => ['h2', { class: 'sw-block' }, 0] },
    text: {},
  },
})

const decorationsKey = new PluginKey<DecorationSet>('naive-decorations')

function decoration(from: number, to: number, a: BenchAnnotation): Decoration {
  return Decoration.inline(from, to, { nodeName: 'span', class: `sw-hl sw-${a.kind}`, 'data-annotation-id': a.id })
}

/** Text offset → document position: each block's content starts one position after its opening. */
function positionsOf(article: BenchArticle): (offset: number) => number {
  const starts = article.blocks.map((b) => b.start)
  const pos: number[] = []
  let p = 0
  for (const b of article.blocks) {
    pos.push(p + 1)
    p += b.end - b.start + 2
  }
  return (offset) => {
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid] <= offset) lo = mid
      else hi = mid - 1
    }
    return pos[lo] + Math.min(offset - starts[lo], article.blocks[lo].end - starts[lo])
  }
}

export const mountNaive: MountView = async (stage, article, annotations) => {
  const scroller = document.createElement('div')
  scroller.className = 'sw-article-scroll'
  stage.appendChild(scroller)
  const toPos = positionsOf(article)
  const doc = schema.node(
    'doc',
    null,
    article.blocks.map((b) =>
      schema.node(b.type, null, b.end > b.start ? [schema.text(article.text.slice(b.start, b.end))] : []),
    ),
  )
  const all = DecorationSet.create(
    doc,
    annotations.map((a) => decoration(toPos(a.start), toPos(a.end), a)),
  )
  const plugin = new Plugin<DecorationSet>({
    key: decorationsKey,
    state: {
      init: () => all,
      apply: (tr, set) => {
        const added = tr.getMeta(decorationsKey) as Decoration | undefined
        return added ? set.add(tr.doc, [added]) : set
      },
    },
    props: { decorations: (state) => decorationsKey.getState(state) },
  })
  let pending: { annotation: BenchAnnotation; resolve: (t: number) => void } | null = null
  const view = new EditorView(scroller, {
    state: EditorState.create({ doc, plugins: [plugin] }),
    attributes: { class: 'sw-article' },
    handleKeyDown(v, event) {
      if (event.key !== 'q' || !pending) return false
      const armed = pending
      pending = null
      const { from, to } = v.state.selection
      v.dispatch(v.state.tr.setMeta(decorationsKey, decoration(from, to, armed.annotation)))
      void paintedWhen(() => !!scroller.querySelector(`[data-annotation-id="${armed.annotation.id}"]`)).then(armed.resolve)
      return true
    },
  })
  await nextFrame()
  await nextFrame()
  return {
    scroller,
    highlightSelector: '[data-annotation-id]',
    highlightOf: (id) => scroller.querySelector(`[data-annotation-id="${id}"]`),
    armTag(annotation) {
      view.focus()
      view.dispatch(
        view.state.tr.setSelection(TextSelection.create(view.state.doc, toPos(annotation.start), toPos(annotation.end))),
      )
      return new Promise((resolve) => (pending = { annotation, resolve }))
    },
    async jump(id) {
      scroller.querySelector(`[data-annotation-id="${id}"]`)?.scrollIntoView({ block: 'center' })
    },
  }
}
