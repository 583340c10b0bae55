/**
 * The search index's format 5 (segment-codec.ts, postings.ts, shard-file.ts): a shard written and read
 * back holds the same words at the same places, long paragraphs and common words included; damaged
 * bytes are rejected, and a query over damaged postings ends (reports the segment damaged, leaving
 * nothing behind for the next query) instead of running away; a file of another format version is
 * never read; a shard taken back is checked when a
 * query first reaches it, and one that fails the check is dropped, its articles no longer answered
 * from it; its postings stay on disk and are read, and checked, by the blocks a query needs.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SearchIndexFiles } from '../../../src/main/search/index-files'
import { mergeShards, PassageIndex, shardOf } from '../../../src/main/search/passage-index'
import { MemoryPostings, PostingReader, SegmentDamaged } from '../../../src/main/search/postings'
import { Segment } from '../../../src/main/search/segment'
import {
  decodeShard,
  encodeShard,
  HEADER_BYTES,
  INDEX_FORMAT_VERSION,
  readHeader,
  type StoredShard,
} from '../../../src/main/search/segment-codec'
import { Scratch, searchSegments } from '../../../src/main/search/segment-search'
import { tempDir } from '../../helpers/fs'
import { paragraphPassages as paragraphs } from '../../helpers/text'

/** Articles of one shard: 300 short paragraphs, one of 20,000 words, a word said 500 times in one. */
function shardArticles(): { id: string; text: string }[] {
  const short = Array.from({ length: 300 }, (_, i) => `Párrafo ${i} del expediente ${i % 7} con la alcaldesa.`)
  const long = Array.from({ length: 20_000 }, (_, i) => `w${i % 1500}`).join(' ')
  const repeated = Array.from({ length: 500 }, () => 'puerto').join(' ') + ' fin del puerto norte'
  return [
    { id: 'ab01', text: [...short, long, repeated].join('\n\n') },
    { id: 'ab02', text: 'Cumbre en Hanói\n\nLa alcaldesa habló del puerto norte.' },
  ]
}

/** A shard built as the app builds one: articles indexed, then merged and encoded. */
function stored(articles = shardArticles()): StoredShard {
  const index = new PassageIndex()
  for (const { id, text } of articles) index.replace(id, text, paragraphs(text))
  return mergeShards(index.liveIn(shardOf('ab01')).map((l) => ({ vocabulary: l.vocabulary, articles: [l.stored] })))
}

const fileOf = (shard: StoredShard) => Buffer.concat(encodeShard(shard).pieces)

/** Each article's words, as words (ids differ between vocabularies). */
const wordsOf = (shard: StoredShard) => shard.articles.map((a) => Array.from(a.tokens, (t) => shard.vocabulary[t]))

/** Where the compressed postings are in a file (their offset from the start of the file, and length). */
function postingBytes(file: Buffer): { at: number; length: number } {
  const { header } = decodeShard(file)!
  return { at: header.postingsAt, length: header.docBytes }
}

const query = (terms: string[], phrases: string[][] = []) => ({ terms, phrases, lastIsPrefix: false })

/** A passage found, as a reader sees it: its reference, and its text as indexed. */
const shown = (index: PassageIndex, passage: number) => {
  const ref = { segment: index.shard(shardOf('ab01'))!, passage }
  return { ref: index.passage(ref).ref, text: index.passageText(ref)! }
}

describe('the search index on disk', () => {
  it('reads back every word at its place, long paragraphs and words said hundreds of times included', async () => {
    const shard = stored()
    const file = fileOf(shard)
    const parts = decodeShard(file)
    expect(parts).not.toBeNull()
    const segment = new Segment(parts!)
    const back = await segment.expand()
    expect(back).not.toBeNull()
    expect(wordsOf(back!)).toEqual(wordsOf(shard))
    // And what a query finds there: a phrase at the end of the long paragraph, a word 500 times over.
    const found = searchSegments([segment], query(['w1499', 'w0'], [['w1499', 'w0']]), 10, 10, new Scratch())
    expect(found.total).toBe(1)
    expect(searchSegments([segment], query(['puerto', 'norte'], [['puerto', 'norte']]), 10, 10, new Scratch()).total).toBe(2)
    // Smaller than fixed-width tables (a posting was 6 bytes and a position 2 before).
    const { postingCount, positionCount, docBytes, positionBytes } = parts!.header
    expect(docBytes + positionBytes).toBeLessThan(6 * postingCount + 2 * positionCount)
  })

  it('keeps the texts of annotations and entities with the article, read back from the file as written', async () => {
    const root = tempDir()
    const dir = join(root, 'search')
    mkdirSync(dir)
    const files = new SearchIndexFiles(dir, () => true)
    const index = new PassageIndex()
    const text = 'La alcaldesa habló del puerto norte.\n\nCumbre en Hanói.'
    // One note outside Latin-1 (the whole article is then UTF-16), one inside; an empty one.
    const notes = ['Dijo «puerto» — fuente: 東京新聞', 'alcaldesa (cita directa)', '']
    index.replace('ab01', text, [
      ...paragraphs(text),
      ...notes.map((note, i) => ({ kind: 'annotation' as const, text: note, start: 4, end: 13, ref: `ann-${i}` })),
    ])
    index.replace('ab02', 'Solo texto latino: año, niño.', paragraphs('Solo texto latino: año, niño.'))
    const written = mergeShards(index.liveIn(shardOf('ab01')).map((l) => ({ vocabulary: l.vocabulary, articles: [l.stored] })))
    const shard = shardOf('ab01')
    await files.write(shard, encodeShard(written))
    const taken = new PassageIndex()
    taken.adopt(shard, (await files.readUnchecked(shard))!)
    const found = taken.search(query(['fuente']), 10, 10).groups.flatMap((g) => g.passages)
    expect(found.map((p) => shown(taken, p))).toEqual([{ ref: 'ann-0', text: notes[0] }])
    const cited = taken.search(query(['alcaldesa']), 10, 10).groups.flatMap((g) => g.passages)
    expect(cited.map((p) => shown(taken, p)).sort((a, b) => a.text.localeCompare(b.text))).toEqual([
      { ref: 'ann-1', text: notes[1] },
      { ref: undefined, text: 'La alcaldesa habló del puerto norte.' },
    ])
    // And written again as it was read (the shard's next write expands it).
    const back = await (await files.readUnchecked(shard))!.expand()
    expect(back!.articles.map((a) => [a.text, a.passages.map((p) => p.text ?? null)])).toEqual(
      written.articles.map((a) => [a.text, a.passages.map((p) => p.text ?? null)]),
    )
  })

  it('rejects any damaged byte of the header, the postings or the tables', () => {
    const file = fileOf(stored())
    const postingsAt = readHeader(file, file.length)!.postingsAt
    const step = Math.max(1, Math.floor((file.length - postingsAt) / 400))
    const bytes = Array.from({ length: HEADER_BYTES }, (_, i) => i)
    for (let at = postingsAt; at < file.length; at += step) bytes.push(at)
    for (const at of bytes) {
      const damaged = Buffer.from(file)
      damaged[at] ^= 0x5a
      expect(decodeShard(damaged), `byte ${at}`).toBeNull()
    }
    expect(bytes.length).toBeGreaterThan(100 + HEADER_BYTES)
  })

  it('ends a query over damaged postings, reporting the segment, whatever the bytes (the CRC aside)', () => {
    const shard = stored()
    const file = fileOf(shard)
    const { at, length } = postingBytes(file)
    let seed = 7
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) >>> 0) >>> 8) & 0xff
    let damagedSeen = 0
    const rounds = 60
    // One scratch for every query, as the index keeps one: a query cut short leaves nothing in it.
    const scratch = new Scratch()
    const prefix = { terms: ['alcaldesa', 'p'], phrases: [], lastIsPrefix: true }
    for (let round = 0; round < rounds; round++) {
      const damaged = Buffer.from(file)
      // Ever more of the postings overwritten with noise, up to all of them.
      const bytes = Math.ceil((length * (round + 1)) / rounds)
      for (let i = 0; i < bytes; i++) damaged[at + ((i * 7919) % length)] = random()
      // Postings trusted as they are (no CRC check), as if a damage had passed it.
      const parts = decodeShard(file)!
      const { docBytes, positionBytes } = parts.header
      const postings = new MemoryPostings(new Uint8Array(damaged.subarray(at, at + docBytes + positionBytes)), docBytes)
      const trusted = new Segment({ ...parts, postings })
      const result = searchSegments([trusted], query(['alcaldesa', 'puerto']), 10, 10, new Scratch())
      if (result.damaged.length > 0) damagedSeen++
      else expect(result.total).toBeGreaterThanOrEqual(0)
      searchSegments([trusted], prefix, 10, 10, scratch)
    }
    expect(damagedSeen).toBeGreaterThan(rounds / 2)
    const healthy = new Segment(decodeShard(file)!)
    const asked = (s: Scratch) => {
      const { total, groups } = searchSegments([healthy], prefix, 10, 10, s)
      return { total, groups: groups.map((g) => [g.key, g.passages]) }
    }
    expect(asked(scratch)).toEqual(asked(new Scratch()))
    expect(asked(scratch).total).toBeGreaterThan(0)
    // A reader past a term's bytes, or over bytes no encoder writes, throws instead of reading on.
    const reader = new PostingReader()
    const parts = decodeShard(file)!
    const noise = new MemoryPostings(new Uint8Array(parts.postings!.length).fill(0xff), parts.header.docBytes)
    expect(() => {
      reader.open(parts.tables, noise, parts.header.passageCount, 0)
      while (reader.next());
    }).toThrow(SegmentDamaged)
  })

  it('never reads a shard of another format version (an older index is rebuilt)', () => {
    const file = fileOf(stored())
    for (const version of [INDEX_FORMAT_VERSION - 1, INDEX_FORMAT_VERSION + 1]) {
      const other = Buffer.from(file)
      other.writeUInt32LE(version, 4)
      expect(readHeader(other, other.length)).toBeNull()
      expect(decodeShard(other)).toBeNull()
    }
    expect(HEADER_BYTES).toBe(56)
  })

  it('checks a shard taken back when a query first reaches it, and drops one that fails', async () => {
    const root = tempDir()
    const dir = join(root, 'search')
    mkdirSync(dir)
    const files = new SearchIndexFiles(dir, () => true)
    const shard = shardOf('ab01')
    const written = stored()
    await files.write(shard, encodeShard(written))

    const index = new PassageIndex()
    const whole = (await files.readUnchecked(shard))!
    expect(whole.isVerified).toBe(false)
    index.adopt(shard, whole)
    expect(index.search(query(['alcaldesa']), 10, 10).groups.map((g) => g.key)).toEqual(['ab02', 'ab01'])
    expect(whole.isVerified).toBe(true)

    // One byte of the postings changed on disk: read back, the query that reads its block finds it.
    const path = files.path(shard)
    const bytes = readFileSync(path)
    bytes[postingBytes(bytes).at + 3] ^= 0x01
    writeFileSync(path, bytes)
    const damaged = (await files.readUnchecked(shard))!
    const dropped: string[][] = []
    const fresh = new PassageIndex()
    fresh.onDropped = (_, ids) => dropped.push(ids)
    fresh.adopt(shard, damaged)
    const answer = fresh.search(query(['alcaldesa']), 10, 10)
    expect(answer.damaged).toEqual([damaged])
    expect(answer.groups).toEqual([])
    expect(dropped).toEqual([['ab01', 'ab02']])
    expect(fresh.has('ab01')).toBe(false)
    expect(fresh.search(query(['alcaldesa']), 10, 10).damaged).toEqual([])
  })
})
