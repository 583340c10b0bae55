/**
 * The passages of a segment that are not a slice of their article's text (annotations, entities): the
 * reference each stands for, and where its own text is in the segment's texts. Typed arrays by passage
 * id rather than an object each: at 100,000 articles a tenth annotated, some 200,000 of them, held for
 * as long as the app runs.
 */
import type { ArticleEntry } from './segment-codec'

/** One own passage as a segment answers it. */
export interface OwnPassage {
  ref: string | null
  /** Where its text begins in the segment's texts, and its length in characters (null: none). */
  at: number
  chars: number | null
}

export class OwnPassages {
  /** Passage ids, ascending, and per passage its text's offset, length (-1: none) and reference. */
  private readonly passages: Uint32Array
  private readonly at: Float64Array
  private readonly chars: Int32Array
  private readonly refs: (string | null)[]

  /** From the articles' entries, in order, their first passages given (`passageFirst`, one per article). */
  constructor(articles: readonly ArticleEntry[], passageFirst: Uint32Array) {
    let count = 0
    for (const entry of articles) count += entry.own.length
    this.passages = new Uint32Array(count)
    this.at = new Float64Array(count)
    this.chars = new Int32Array(count)
    this.refs = new Array<string | null>(count)
    let k = 0
    articles.forEach((entry, a) => {
      const width = entry.encoding === 'latin1' ? 1 : 2
      let at = entry.textAt + entry.textBytes
      for (const [i, ref, chars] of entry.own) {
        this.passages[k] = passageFirst[a] + i
        this.at[k] = at
        this.chars[k] = chars ?? -1
        this.refs[k++] = ref
        at += width * (chars ?? 0)
      }
    })
  }

  /** Passage `p`'s own reference and text, if it is one of them. */
  get(p: number): OwnPassage | undefined {
    const { passages } = this
    let lo = 0
    let hi = passages.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (passages[mid] < p) lo = mid + 1
      else hi = mid
    }
    if (lo === passages.length || passages[lo] !== p) return undefined
    const chars = this.chars[lo]
    return { ref: this.refs[lo], at: this.at[lo], chars: chars < 0 ? null : chars }
  }
}
