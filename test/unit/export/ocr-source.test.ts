/** An article read by OCR says so in the exports that carry metadata (Spanwise JSON, JSONL). */
import { describe, expect, it } from 'vitest'
import { jsonlRecord } from '../../../src/shared/export/jsonl'
import { exportArticle, ExportedArticle } from '../../../src/shared/export/spanwise-json'

const article = {
  id: 'scan',
  path: 'scans/resolución.png',
  metadata: {
    title: 'Resolución',
    language: 'es',
    source: {
      kind: 'ocr' as const,
      languages: ['es', 'en'],
      confidence: 91.5,
      pages: 1,
      uncertain: [[0, 4, 40]] as [number, number, number][],
    },
  },
  contentHash: 'sha256:00',
  text: 'Texto leído por OCR.',
  annotations: [],
  links: [],
}

describe('export of OCR text', () => {
  it('carries the source (ocr, languages, mean confidence) in Spanwise JSON and JSONL', () => {
    const exported = exportArticle(article)
    expect(exported.metadata.source).toEqual({ kind: 'ocr', languages: ['es', 'en'], confidence: 91.5, pages: 1 })
    expect(ExportedArticle.safeParse(exported).success).toBe(true)
    expect(jsonlRecord(exported).meta.source).toEqual({ kind: 'ocr', languages: ['es', 'en'], confidence: 91.5 })
  })

  it('says nothing of a source for typed text', () => {
    const exported = exportArticle({ ...article, metadata: { title: 'Nota' } })
    expect(exported.metadata).toEqual({ title: 'Nota' })
    expect(jsonlRecord(exported).meta).not.toHaveProperty('source')
  })
})
