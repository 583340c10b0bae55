/**
 * Turning a text file's bytes into a string: UTF-8 with or without BOM, UTF-16 LE/BE with BOM, and
 * legacy single-byte text (Windows-1252, Latin-1: common for Spanish) detected by chardet and decoded
 * by iconv-lite. Invalid UTF-8 never becomes U+FFFD soup: a legacy file is decoded as its legacy
 * encoding, and a UTF-8 file with a few stray Latin-1 bytes (two files pasted together) keeps its UTF-8
 * and reads the strays as Windows-1252. Binary files (NUL bytes, mostly control characters) are refused.
 * Either guess is said (decodeTextReporting's `warning`, shown in the library row): bytes that are not
 * UTF-8 may be a damaged file rather than a legacy one, and the journalist should know which was assumed.
 */
import chardet from 'chardet'
import iconv from 'iconv-lite'
import { said, type Said } from '../../shared/i18n'
import { ImportError } from './errors'

/** Share of control characters above which a "text" file is taken for binary. */
const MAX_CONTROL_SHARE = 0.05

/**
 * chardet's confidence (0-100) below which its guess is ignored for Windows-1252. Short Spanish text
 * in Latin-1 is often guessed as Shift_JIS or Big5 with confidence ~10; Latin guesses come in at 70+.
 */
const MIN_CONFIDENCE = 50

/** How decodeText may be told what the file says about itself. */
export interface DecodeOptions {
  /** The charset the file declares (an HTML `<meta charset>`), used when the bytes are not UTF-8. */
  declaredCharset?: string
}

/** The file's text, BOM removed; throws ImportError for empty or binary content. */
export function decodeText(bytes: Uint8Array, options: DecodeOptions = {}): string {
  return decodeTextReporting(bytes, options).text
}

/**
 * decodeText, and a one-line `warning` when the bytes were not valid UTF-8 and nothing declared their
 * encoding: which bytes were read how, for the library row.
 */
export function decodeTextReporting(bytes: Uint8Array, options: DecodeOptions = {}): { text: string; warning?: Said } {
  if (bytes.length === 0) throw new ImportError('detail.file.empty')
  let text: string
  let warning: Said | undefined
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2))
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2))
  else {
    const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes
    if (looksBinary(body)) throw new ImportError('detail.file.binary')
    ;({ text, warning } = decodeBytes(body, options.declaredCharset))
  }
  // A second BOM (a UTF-8 file re-saved as UTF-16) is not text either.
  text = text.replace(/^\uFEFF+/, '')
  // UTF-16 skipped the byte test above: a binary file can start with FF FE too.
  if (controlShare(text) > MAX_CONTROL_SHARE || text.includes('\u0000')) throw new ImportError('detail.file.binary')
  return warning ? { text, warning } : { text }
}

function decodeBytes(bytes: Uint8Array, declared: string | undefined): { text: string; warning?: Said } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
  } catch {
    // Not valid UTF-8: mostly UTF-8 with a few stray bytes, or a legacy encoding throughout.
  }
  const { valid, invalid, firstInvalid } = countUtf8(bytes)
  if (valid > invalid) {
    return { text: decodeMixed(bytes), warning: said('detail.file.mixedUtf8', { count: invalid, first: firstInvalid }) }
  }
  const encoding = legacyEncoding(bytes, declared)
  const text = iconv.decode(Buffer.from(bytes), encoding)
  const isDeclared = declared !== undefined && encoding === latin1ToWindows1252(declared)
  return isDeclared ? { text } : { text, warning: said('detail.file.legacyGuess', { encoding }) }
}

/** The legacy encoding to read non-UTF-8 bytes with: declared, else a confident guess, else Windows-1252. */
function legacyEncoding(bytes: Uint8Array, declared: string | undefined): string {
  if (declared && !/^utf-?(8|16)/i.test(declared) && iconv.encodingExists(declared)) return latin1ToWindows1252(declared)
  const best = chardet.analyse(bytes)[0]
  if (best && best.confidence >= MIN_CONFIDENCE && !/^UTF/i.test(best.name) && iconv.encodingExists(best.name))
    return latin1ToWindows1252(best.name)
  return 'windows-1252'
}

/** Files labelled Latin-1 are Windows-1252 in practice (browsers treat them so): its quotes and € live in 0x80-0x9F. */
function latin1ToWindows1252(name: string): string {
  return /^(iso-?8859-1|latin-?1|us-ascii|ascii)$/i.test(name) ? 'windows-1252' : name
}

/** Length of the valid UTF-8 multi-byte sequence starting at i, or 0. */
function utf8SequenceAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i]
  const cont = (k: number) => i + k < bytes.length && (bytes[i + k] & 0xc0) === 0x80
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0
  if (b >= 0xe0 && b <= 0xef) {
    const b1 = bytes[i + 1]
    if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f)) return 0 // overlong, surrogate
    return cont(1) && cont(2) ? 3 : 0
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const b1 = bytes[i + 1]
    if ((b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) return 0
    return cont(1) && cont(2) && cont(3) ? 4 : 0
  }
  return 0
}

/** Valid multi-byte UTF-8 sequences, bytes that belong to none, and the offset of the first of those. */
function countUtf8(bytes: Uint8Array): { valid: number; invalid: number; firstInvalid: number } {
  let valid = 0
  let invalid = 0
  let firstInvalid = -1
  for (let i = 0; i < bytes.length;) {
    if (bytes[i] < 0x80) {
      i++
      continue
    }
    const n = utf8SequenceAt(bytes, i)
    if (n) {
      valid++
      i += n
    } else {
      if (invalid++ === 0) firstInvalid = i
      i++
    }
  }
  return { valid, invalid, firstInvalid }
}

let windows1252High: string[] | undefined

/** UTF-8 where the bytes are valid UTF-8, Windows-1252 for each byte that is not. */
function decodeMixed(bytes: Uint8Array): string {
  windows1252High ??= Array.from(iconv.decode(Buffer.from(Array.from({ length: 128 }, (_, k) => 0x80 + k)), 'windows-1252'))
  const utf8 = new TextDecoder('utf-8')
  let out = ''
  let runStart = 0
  for (let i = 0; i < bytes.length;) {
    if (bytes[i] < 0x80) {
      i++
      continue
    }
    const n = utf8SequenceAt(bytes, i)
    if (n) {
      i += n
      continue
    }
    out += utf8.decode(bytes.subarray(runStart, i)) + windows1252High[bytes[i] - 0x80]
    i++
    runStart = i
  }
  return out + utf8.decode(bytes.subarray(runStart))
}

function isControl(code: number): boolean {
  return code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c
}

/** NUL bytes or many control bytes in the first 64 KB: an image, an archive, an executable. */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 64 * 1024)
  if (sample.indexOf(0) >= 0) return true
  // An indexed loop: the array iterator made this a tenth of the cost of indexing a workspace.
  let control = 0
  for (let i = 0; i < sample.length; i++) if (sample[i] < 0x20 && isControl(sample[i])) control++
  return sample.length > 0 && control / sample.length > MAX_CONTROL_SHARE
}

function controlShare(text: string): number {
  const sample = text.slice(0, 64 * 1024)
  let control = 0
  for (let i = 0; i < sample.length; i++) if (isControl(sample.charCodeAt(i))) control++
  return sample.length ? control / sample.length : 0
}
