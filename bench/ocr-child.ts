/**
 * Reads one scanned PDF by OCR in a process of its own, so its peak memory is OCR's and nothing else's
 * (the worker thread that renders and reads the pages is in this process). Prints one JSON line:
 * { pageSeconds: [per page, in order], cachedMs, peakRssMB, words }.
 * Usage: node --import tsx bench/ocr-child.ts <scan.pdf> <cache folder>
 */
import { readFileSync } from 'node:fs'
import { extractArticle } from '../src/main/import'
import { stopOcr } from '../src/main/import/ocr'
import { peakResidentMB } from './peak-rss'

async function main(): Promise<void> {
  const [file, cacheDir] = process.argv.slice(2)
  const bytes = readFileSync(file)
  const marks: number[] = []
  const t0 = performance.now()
  const article = await extractArticle(bytes, 'scan.pdf', {
    ocr: { cacheDir, onProgress: () => marks.push(performance.now()) },
  })
  const end = performance.now()
  // Page n's time runs from its progress call to the next one's (the last page's, to the end).
  const pageSeconds = marks.map((at, i) => ((marks[i + 1] ?? end) - at) / 1000)
  pageSeconds[0] += (marks[0] - t0) / 1000 // the text-layer pass before the first page
  const c0 = performance.now()
  await extractArticle(bytes, 'scan.pdf', { ocr: { cacheDir } })
  const cachedMs = performance.now() - c0
  await stopOcr()
  console.log(JSON.stringify({ pageSeconds, cachedMs, peakRssMB: peakResidentMB(), words: article.text.split(/\s+/).length }))
}

void main()
