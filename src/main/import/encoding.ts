/**
 * Turning a text file's bytes into a string: UTF-8 with or without BOM, UTF-16 LE/BE with BOM, and
 * legacy single-byte text (Windows-1252, Latin-1: common for Spanish) detected by chardet and decoded
 * by iconv-lite. Invalid UTF-8 never becomes U+FFFD soup: it is decoded as the detected legacy
 * encoding instead. Binary files (NUL bytes, mostly control characters) are refused.
 */
import chardet from 'chardet'
import iconv from 'iconv-lite'
import { ImportError } from './errors'

/** Share of control characters above which a "text" file is taken for binary. */
const MAX_CONTROL_SHARE = 0.05

export function decodeText(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new ImportError('The file is empty')
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3))
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2))
  if (looksBinary(bytes)) throw new ImportError('Not a text file (binary content)')
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    // Not UTF-8: a legacy encoding. chardet names it; Windows-1252 is the safe default for Latin text.
    const detected = chardet.detect(bytes)
    const encoding = detected && iconv.encodingExists(detected) && !/^UTF/i.test(detected) ? detected : 'windows-1252'
    return iconv.decode(Buffer.from(bytes), encoding === 'ISO-8859-1' ? 'windows-1252' : encoding)
  }
}

function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 64 * 1024)
  let control = 0
  for (const b of sample) {
    if (b === 0) return true
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++
  }
  return control / sample.length > MAX_CONTROL_SHARE
}
