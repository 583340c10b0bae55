import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { CSV_BOM, CSV_COLUMNS, csvFormat, neutraliseFormula } from '../../../src/shared/export/csv'
import { renderExport } from '../../../src/shared/export/formats'
import type { Annotation } from '../../../src/shared/model'
import { ARTICLES, ARTICLE_EMPTY, CTX, SOURCE } from './fixtures'

const OUTPUT = renderExport(csvFormat, ARTICLES, CTX)

function parse(csv: string): Record<string, string>[] {
  const result = Papa.parse<Record<string, string>>(csv.slice(CSV_BOM.length), {
    header: true,
    skipEmptyLines: true,
    newline: '\r\n',
  })
  expect(result.errors).toEqual([])
  return result.data
}

/** The row each annotation should come back as, built from the source annotations, not the export. */
function expectedRow(articleIndex: number, a: Annotation): Record<string, string> {
  const article = ARTICLES[articleIndex]
  const text = article.text
  const cp = (utf16: number) => Array.from(text.slice(0, utf16)).length
  const attrs = a.attributes as Record<string, string | undefined>
  const safe = (s: string) => (/^(?:[=+\-@\t\r]|\s*[=+\-@])/.test(s) ? `'${s}` : s)
  const raw: Record<string, string> = {
    article_id: article.id,
    article_path: article.path,
    article_title: article.metadata.title ?? '',
    annotation_id: a.id,
    kind: a.kind,
    // An orphan keeps its stored offsets, converted against today's text like any other.
    start: String(cp(a.start)),
    end: String(cp(a.end)),
    text: a.exact,
    speaker: attrs.speaker ?? '',
    quote_mode: attrs.mode ?? '',
    claim_status: attrs.status ?? '',
    entity_type: attrs.entityType ?? '',
    note: a.note,
    tags: a.tags.join('; '),
    created_at: a.createdAt,
    updated_at: a.updatedAt,
    anchor: a.anchor ?? '',
  }
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, safe(v)]))
}

describe('CSV export', () => {
  it('starts with a UTF-8 byte order mark and the header row', () => {
    expect(OUTPUT.startsWith(CSV_BOM)).toBe(true)
    expect(OUTPUT.slice(1).split('\r\n')[0]).toBe(CSV_COLUMNS.join(','))
  })

  it('parses back (papaparse) into one row per annotation with the same values', () => {
    const rows = parse(OUTPUT)
    const expected = ARTICLES.flatMap((article, i) => article.annotations.map((a) => expectedRow(i, SOURCE.get(a.id)!)))
    expect(rows).toEqual(expected)
    expect(rows).toHaveLength(SOURCE.size)
  })

  it('ends every record with CRLF; bare newlines only inside quoted cells', () => {
    expect(OUTPUT.endsWith('\r\n')).toBe(true)
    const unquoted = OUTPUT.replace(/"(?:[^"]|"")*"/g, '""')
    expect(unquoted).not.toMatch(/(?<!\r)\n/)
    expect(unquoted).not.toMatch(/\r(?!\n)/)
  })

  it('quotes commas, double quotes and newlines as RFC 4180 says', () => {
    expect(OUTPUT).toContain('"Vérifié, ""mot pour mot"",\nselon l\'enregistrement"')
    expect(OUTPUT).toContain('"Les prix, selon «Reuters»"')
  })

  it('neutralises every cell a spreadsheet would run as a formula', () => {
    const rows = parse(OUTPUT)
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
    const c3 = rows.find((r) => r.annotation_id === 'c3')!
    expect(c3.text).toBe("'=SUM(A1) est une formule")
    expect(c3.tags).toBe("'+danger; @mention")
    expect(rows.find((r) => r.annotation_id === 'q2')!.speaker).toBe("'-1+1")
    expect(rows.find((r) => r.annotation_id === 'c9')!.article_title).toBe('\'=HYPERLINK("http://evil")')
    expect(neutraliseFormula('\tcmd')).toBe("'\tcmd")
    expect(neutraliseFormula('\rcmd')).toBe("'\rcmd")
    expect(neutraliseFormula('  =1+1')).toBe("'  =1+1")
    expect(neutraliseFormula('a=1')).toBe('a=1')
  })

  it('counts start and end in code points', () => {
    const e3 = parse(OUTPUT).find((r) => r.annotation_id === 'e3')!
    expect(Number(e3.end) - Number(e3.start)).toBe(1)
  })

  it('writes no row for an article without annotations', () => {
    expect(csvFormat.article(ARTICLE_EMPTY, CTX, 0)).toBe('')
    expect(parse(renderExport(csvFormat, [ARTICLE_EMPTY], CTX))).toEqual([])
  })
})
