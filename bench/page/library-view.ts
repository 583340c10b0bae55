/**
 * The library list as the app shows it (renderer/app/library.ts over a real Session), with a leak-sized
 * number of rows: what "the library list scrolls without dropped frames" is measured on. The rows are
 * generated (titles of varied length, a language, counts for one in ten, a few errors and scans), not
 * read from a workspace: the list's cost is its rows on screen, whatever the workspace behind it.
 */
import '../../src/renderer/app/base.css'
import '../../src/renderer/app/layout.css'
import '../../src/renderer/app/library.css'
import '../../src/renderer/app/virtual-list.css'
import type { ArticleSummary } from '../../src/shared/model'
import { Library } from '../../src/renderer/app/library'
import { Session } from '../../src/renderer/app/session'
import { prng } from '../generate'
import type { MountedView } from './view-types'

const WORDS = [
  'ministerio',
  'puerto',
  'contrato',
  'denuncia',
  'informe',
  'gobierno',
  'Valparaíso',
  'millones',
  'auditoría',
  'fiscal',
  'minister',
  'harbour',
  'contract',
  'leak',
  'report',
  'council',
  'tender',
  'offshore',
]
const LANGUAGES = ['es', 'en', 'pt', 'fr', undefined]

/** `count` library rows, seeded. */
export function libraryRows(count: number, seed: number): ArticleSummary[] {
  const rnd = prng(seed)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]
  const rows: ArticleSummary[] = []
  for (let i = 0; i < count; i++) {
    const words = Array.from({ length: 3 + Math.floor(rnd() * 16) }, () => pick(WORDS))
    const id = i.toString(16).padStart(16, '0')
    const path = `leak/${id.slice(-3)}/${words[0]}-${i}.txt`
    const row: ArticleSummary = { id, path, title: words.join(' '), language: pick(LANGUAGES) }
    if (i % 10 === 0) row.counts = { quote: Math.floor(rnd() * 9), claim: Math.floor(rnd() * 9), entity: Math.floor(rnd() * 30) }
    if (i % 997 === 0) row.error = 'The file could not be read: it is not a text, PDF, Word or image file.'
    if (i % 1999 === 0) row.ocr = { state: 'reading', page: 2, pages: 12 }
    rows.push(row)
  }
  return rows
}

/** Mounts the library with `rows` in the stage (as tall as the window, as the app's sidebar). */
export function mountLibrary(stage: HTMLElement, rows: ArticleSummary[]): MountedView {
  const session = new Session()
  const library = new Library(
    session,
    () => undefined,
    () => undefined,
    () => undefined,
  )
  library.element.style.height = '100%'
  stage.append(library.element)
  session.setWorkspace({ root: '/leak', name: 'leak', articles: rows, claimStatuses: [] })
  const scroller = library.element.querySelector<HTMLElement>('.sw-vlist')!
  return {
    scroller,
    highlightSelector: '.sw-library-row',
    highlightOf: () => null,
    armTag: () => Promise.reject(new Error('the library has no tags')),
    jump: () => Promise.resolve(),
  }
}
