/**
 * The editor's report (shared/export/report.ts): what an editor reads is there (claims by verdict with
 * who made them, notes and evidence; quotes by speaker; entities; sources), every piece of user text
 * is escaped, and the document can make no request (no script, link, image, font or stylesheet URL).
 */
import { describe, expect, it } from 'vitest'
import { escapeHtml, renderReport, type ReportInput } from '../../../src/shared/export/report'
import { CATALOGS } from '../../../src/shared/i18n'
import type { Annotation, LinkView } from '../../../src/shared/model'

const HOSTILE = '<img src=x onerror="alert(1)"> & </style><script>fetch("https://evil.example")</script>'
const TEXT = `Titular\n\nEl ministro dijo: «Bajamos el paro un 20 %». ${HOSTILE} La cifra real es del 3 %.`
const at = (s: string) => ({ start: TEXT.indexOf(s), end: TEXT.indexOf(s) + s.length, exact: s })
const base = { prefix: '', suffix: '', tags: [] as string[], createdAt: 'x', updatedAt: '2026-11-30T10:00:00.000Z' }

const annotations: Annotation[] = [
  {
    id: 'q',
    kind: 'quote',
    ...at('«Bajamos el paro un 20 %»'),
    ...base,
    note: '',
    attributes: { speaker: 'El ministro', speakerId: 'm', mode: 'direct' },
  },
  {
    id: 'c',
    kind: 'claim',
    ...at('Bajamos el paro un 20 %'),
    ...base,
    note: `Falso: ${HOSTILE}`,
    tags: ['paro'],
    attributes: { status: 'false' },
  },
  { id: 'u', kind: 'claim', ...at('La cifra real es del 3 %'), ...base, note: '', attributes: { status: 'unchecked' } },
  { id: 'h', kind: 'claim', ...at(HOSTILE), ...base, note: '', attributes: { status: HOSTILE.slice(0, 40) } },
  { id: 'e', kind: 'entity', ...at('ministro'), ...base, note: '', attributes: { entityType: 'person', entityId: 'm' } },
]
const links: LinkView[] = [
  {
    link: {
      id: 'L',
      from: { articleId: 'a', annotationId: 'c' },
      to: { articleId: 'b', annotationId: 'x' },
      relation: 'contradicts',
      createdAt: 'x',
    },
    outgoing: true,
    other: { articleId: 'b', path: 'b.txt', title: 'INE data', annotationId: 'x', kind: 'claim', exact: 'El paro bajó un 3 %' },
  },
]

const input: ReportInput = {
  workspaceName: `Paro ${HOSTILE}`,
  generatedAt: '2026-11-30T12:00:00.000Z',
  scope: 'workspace',
  statuses: ['unchecked', 'accurate', 'false', 'misleading', 'unverifiable'],
  articles: [
    {
      id: 'a',
      title: `El paro ${HOSTILE}`,
      path: 'a.txt',
      metadata: {
        outlet: 'Diario',
        url: 'https://diario.example/paro?a=1&b="2"',
        byline: HOSTILE,
        date: '2026-11-29',
        language: 'es',
      },
      annotations,
      links,
      text: TEXT,
    },
  ],
  entities: [
    { id: 'm', name: 'Ministro de Trabajo', type: 'person', aliases: ['el ministro'], note: '', createdAt: 'x', updatedAt: 'x' },
  ],
}

describe('report', () => {
  const html = renderReport(input)

  it('has what an editor reads: claims by verdict with maker, note and evidence; quotes by speaker; entities; sources', () => {
    const claims = html.slice(html.indexOf('id="claims"'), html.indexOf('id="quotes"'))
    // Problems first: the false claim before the unchecked one.
    expect(claims.indexOf('verdict-false')).toBeLessThan(claims.indexOf('verdict-unchecked'))
    expect(claims).toContain('Bajamos el paro un 20 %')
    expect(claims).toContain('<dd>Ministro de Trabajo</dd>')
    expect(claims).toContain('contradicts it')
    expect(claims).toContain('El paro bajó un 3 %')
    expect(claims).toContain('<cite>INE data</cite>')
    expect(html.slice(html.indexOf('id="quotes"'))).toMatch(/Ministro de Trabajo[\s\S]*«Bajamos el paro un 20 %»/)
    expect(html.slice(html.indexOf('id="entities"'))).toMatch(/Ministro de Trabajo[\s\S]*<mark>ministro<\/mark>/)
    expect(html.slice(html.indexOf('id="sources"'))).toContain('<dd>Diario</dd>')
  })

  it('escapes every piece of user text', () => {
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<script')
    expect(html.match(/<\/style>/g)).toHaveLength(1)
    expect(html).toContain(escapeHtml(HOSTILE))
    expect(html).toContain('https://diario.example/paro?a=1&amp;b=&quot;2&quot;')
  })

  it('makes no request: no URL in any attribute, no script, stylesheet link, image, font or url()', () => {
    // Every real tag (escaped text has no "<"): none that loads, no attribute that names a URL.
    const tags = html.match(/<[a-z][^>]*>/gi) ?? []
    expect(tags.length).toBeGreaterThan(50)
    for (const tag of tags) {
      expect(tag).not.toMatch(/^<(script|link|img|iframe|object|embed|svg|video|audio|base|source)\b/i)
      expect(tag).not.toMatch(/\s(href|src|srcset|action|poster|data|background|on\w+)\s*=/i)
    }
    const css = html.slice(html.indexOf('<style>'), html.indexOf('</style>'))
    expect(css).not.toMatch(/url\(|@import|@font-face/i)
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`)
  })

  it('says so when there is nothing to report', () => {
    const empty = renderReport({ ...input, articles: [{ ...input.articles[0], annotations: [], links: [] }], entities: [] })
    expect(empty).toContain('No claims were tagged')
    expect(empty).toContain('No quotes were tagged')
  })
})

/** The fixed words (between placeholders, two words or more) of the English report messages. */
const ENGLISH_REPORT_RUNS = Object.values(CATALOGS.en.report)
  .flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v)))
  .flatMap((m) => m.split(/\{\{[^}]*\}\}/))
  .map((s) => s.replace(/^[\s(:,.·…]+|[\s(:,.·…)]+$/g, ''))
  .filter((s) => /[a-z]{2,}\s+[a-z]{2,}/i.test(s))

describe("report in the reader's language", () => {
  it('is written in Spanish when asked: headings, verdicts, relations, counts, dates and languages', () => {
    const es = renderReport(input, 'es')
    expect(es).toContain('<html lang="es">')
    expect(es).toContain('Informe de verificación: Paro')
    expect(es).toContain('Afirmaciones por veredicto')
    expect(es).toContain('Falsa')
    expect(es).toContain('la contradice')
    expect(es).toContain('30 de noviembre de 2026')
    expect(es).toContain('29 de noviembre de 2026') // the article's date, as Spanish writes it
    expect(es).toContain('<dd>español</dd>')
    expect(es).toContain('1 cita, 3 afirmaciones y 1 mención de entidad')
    const english = ENGLISH_REPORT_RUNS.filter((run) => es.includes(run))
    expect(english).toEqual([])
    expect(ENGLISH_REPORT_RUNS).toContain('Claims by verdict') // the check can see
  })

  it('is written in English by default, dates and counts as English writes them', () => {
    const html = renderReport(input)
    expect(html).toContain('<html lang="en">')
    expect(html).toContain('November 30, 2026')
    expect(html).toContain('1 quote, 3 claims, and 1 entity mention')
  })
})
