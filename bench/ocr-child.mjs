/**
 * Reads the scans of a folder by OCR with the built command line (`out/main/cli.js`: the code the app
 * ships, without tsx), in a process of its own so that its peak memory is OCR's and nothing else's (the
 * worker thread that renders and reads the pages is in this process). Prints one JSON line:
 * { pageSeconds: [per page, in order], peakRssMB }. Plain JavaScript: run with `node`, no loader.
 * Usage: node bench/ocr-child.mjs <folder holding one scan>
 */
import { readFileSync } from 'node:fs'
import { peakResidentMB } from './peak-rss.mjs'

const [folder] = process.argv.slice(2)
const { main } = await import(new URL('../out/main/cli.js', import.meta.url).href)
const marks = []
const write = process.stderr.write.bind(process.stderr)
process.stderr.write = (chunk, ...rest) => {
  if (/reading \(OCR\) .*: page \d+ of \d+/.test(String(chunk))) marks.push(performance.now())
  return rest.length ? write(chunk, ...rest) : true
}
const t0 = performance.now()
const stdout = process.stdout.write.bind(process.stdout)
process.stdout.write = () => true // the stats themselves
const code = await main(['stats', folder])
const end = performance.now()
process.stdout.write = stdout
process.stderr.write = write
if (code !== 0) throw new Error(`spanwise stats exited ${code}`)
// Page n's time runs from its progress line to the next one's (the last page's, to the end; the
// end includes the article's statistics, milliseconds). The first includes the text-layer pass.
const pageSeconds = marks.map((at, i) => ((marks[i + 1] ?? end) - (i === 0 ? t0 : at)) / 1000)
console.log(
  JSON.stringify({
    pageSeconds,
    peakRssMB: peakResidentMB(),
    bytes: readFileSync(new URL('scan.pdf', `file://${folder}/`)).length,
  }),
)
