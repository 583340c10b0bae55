/**
 * The peer: @recogito/text-annotator over the same paragraphs (plain <p> elements, the article view's
 * typography), annotations given as W3C TextQuote + TextPosition selectors through its W3C adapter.
 * Its offsets count the container's text content, which has no separators between paragraphs, so
 * article offsets are shifted per paragraph.
 */
import { W3CTextFormat, createTextAnnotator, type W3CTextAnnotation } from '@recogito/text-annotator'
import '@recogito/text-annotator/text-annotator.css'
import '../../src/renderer/article-view/article-view.css'
import type { BenchAnnotation, BenchArticle } from '../generate'
import { paintedWhen } from './frames'
import type { MountView } from './view-types'

const SOURCE = 'bench:article'

/** Article offset → offset in the concatenated paragraph texts (the peer's text content). */
function peerOffsets(article: BenchArticle): (offset: number) => number {
  const shift: number[] = []
  let passed = 0
  for (const b of article.blocks) {
    shift.push(passed - b.start)
    passed += b.end - b.start
  }
  return (offset) => {
    let lo = 0
    let hi = article.blocks.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (article.blocks[mid].start <= offset) lo = mid
      else hi = mid - 1
    }
    return Math.min(offset, article.blocks[lo].end) + shift[lo]
  }
}

function w3c(a: BenchAnnotation, article: BenchArticle, toPeer: (o: number) => number): W3CTextAnnotation {
  return {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    type: 'Annotation',
    id: a.id,
    body: [{ type: 'TextualBody', purpose: 'tagging', value: a.kind }] as W3CTextAnnotation['body'],
    target: {
      source: SOURCE,
      selector: [
        { type: 'TextQuoteSelector' as const, exact: article.text.slice(a.start, a.end) },
        { type: 'TextPositionSelector' as const, start: toPeer(a.start), end: toPeer(a.end) },
      ],
    },
  }
}

export const mountPeer: MountView = async (stage, article, annotations) => {
  const scroller = document.createElement('div')
  scroller.className = 'sw-article-scroll'
  const column = document.createElement('div')
  column.className = 'sw-article'
  const fragment = document.createDocumentFragment()
  for (const b of article.blocks) {
    const el = document.createElement(b.type === 'heading' ? 'h2' : 'p')
    el.className = 'sw-block'
    el.textContent = article.text.slice(b.start, b.end)
    fragment.appendChild(el)
  }
  column.appendChild(fragment)
  scroller.appendChild(column)
  stage.appendChild(scroller)
  const toPeer = peerOffsets(article)
  const anno = createTextAnnotator(column, { adapter: W3CTextFormat(SOURCE, column) })
  anno.setAnnotations(annotations.map((a) => w3c(a, article, toPeer)))
  // The peer draws highlights for the viewport after its own debounce: wait until one is there.
  const first = annotations[0]
  await paintedWhen(() => !!first && !!column.querySelector('.r6o-annotation'))
  let pending: { annotation: BenchAnnotation; resolve: (t: number) => void } | null = null
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'q' || !pending) return
    const armed = pending
    pending = null
    anno.addAnnotation(w3c(armed.annotation, article, toPeer))
    void paintedWhen(() => !!column.querySelector(`.r6o-annotation[data-annotation="${armed.annotation.id}"]`)).then(
      armed.resolve,
    )
  })
  return {
    scroller,
    highlightSelector: '.r6o-annotation',
    highlightOf: (id) => column.querySelector(`.r6o-annotation[data-annotation="${id}"]`),
    armTag: (annotation) => new Promise((resolve) => (pending = { annotation, resolve })),
    async jump(id) {
      anno.scrollIntoView(id, scroller)
    },
  }
}
