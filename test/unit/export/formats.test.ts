import { describe, expect, it } from 'vitest'
import {
  EXPORT_FORMAT_IDS,
  MULTI_FILE_FORMATS,
  STREAM_FORMATS,
  isStreamFormat,
  renderExport,
  streamExport,
  streamExportAsync,
  type ArticleStreamFormat,
} from '../../../src/shared/export/formats'
import { ARTICLES, ARTICLE_1, ARTICLE_EMPTY, CTX } from './fixtures'

describe('export format registry', () => {
  it('lists every format once, json first, each registered under its own id', () => {
    expect(EXPORT_FORMAT_IDS).toEqual(['json', 'w3c', 'jsonl', 'brat', 'csv', 'claimreview'])
    const registered = [...Object.keys(STREAM_FORMATS), ...Object.keys(MULTI_FILE_FORMATS)]
    expect(new Set([...registered, 'json'])).toEqual(new Set(EXPORT_FORMAT_IDS))
    for (const [id, format] of Object.entries({ ...STREAM_FORMATS, ...MULTI_FILE_FORMATS })) expect(format.id).toBe(id)
    expect(isStreamFormat('csv')).toBe(true)
    expect(isStreamFormat('brat')).toBe(false)
    expect(isStreamFormat('toString')).toBe(false)
  })

  it('writes separators only between non-empty chunks', () => {
    const format: ArticleStreamFormat = {
      id: 'w3c',
      extension: 'x',
      mediaType: 'x',
      separator: ',',
      head: () => '[',
      article: (a) => (a.annotations.length ? a.id : ''),
      tail: () => ']',
    }
    expect([...streamExport(format, [ARTICLE_EMPTY, ARTICLE_1, ARTICLE_EMPTY, ARTICLE_1, ARTICLE_EMPTY], CTX)].join('')).toBe(
      '[art-1,art-1]',
    )
    expect(renderExport(format, [], CTX)).toBe('[]')
  })

  it('streams the same bytes from an async source', async () => {
    async function* source() {
      for (const a of ARTICLES) yield a
    }
    for (const format of Object.values(STREAM_FORMATS)) {
      let out = ''
      for await (const chunk of streamExportAsync(format, source(), CTX)) out += chunk
      expect(out).toBe(renderExport(format, ARTICLES, CTX))
    }
  })

  it('keeps the formatters pure: the same input gives the same output', () => {
    for (const format of Object.values(STREAM_FORMATS))
      expect(renderExport(format, ARTICLES, CTX)).toBe(renderExport(format, ARTICLES, CTX))
  })
})
