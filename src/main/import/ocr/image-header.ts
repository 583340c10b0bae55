/**
 * What an image file says about itself before anything decodes it: its format (PNG, JPEG, TIFF, WebP,
 * BMP) from the magic bytes and its width and height from the header. An image whose header claims
 * more pixels than OCR can hold in memory is refused here, before a decoder allocates its bitmap; a
 * file named .jpg that is not an image is refused here too.
 */
import { ImportError } from '../errors'

export type ImageFormat = 'png' | 'jpeg' | 'tiff' | 'webp' | 'bmp'

export interface ImageHeader {
  format: ImageFormat
  width: number
  height: number
}

/**
 * Most pixels an image may have: 60 million is an A3 page scanned at 600 dpi (or a 50-megapixel
 * photo); decoded for OCR that is ~240 MB of RGBA in the OCR worker, the most we let one page take.
 */
export const MAX_IMAGE_PIXELS = 60_000_000

/** Format and size from the header; throws ImportError for a file that is not a readable image. */
export function readImageHeader(bytes: Uint8Array): ImageHeader {
  const header = sniff(bytes)
  if (!header) throw new ImportError('detail.file.imageUnknown')
  if (header.width <= 0 || header.height <= 0) throw new ImportError('detail.file.imageZero')
  return header
}

/** Refuses an image too large to decode, before decoding it. */
export function checkPixelCount(header: ImageHeader): void {
  if (header.width * header.height > MAX_IMAGE_PIXELS)
    throw new ImportError('detail.file.imageTooLarge', {
      width: header.width,
      height: header.height,
      millions: MAX_IMAGE_PIXELS / 1_000_000,
    })
}

function sniff(b: Uint8Array): ImageHeader | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const ascii = (at: number, length: number) => String.fromCharCode(...b.subarray(at, at + length))
  if (b.length >= 24 && b[0] === 0x89 && ascii(1, 3) === 'PNG' && ascii(12, 4) === 'IHDR')
    return { format: 'png', width: view.getUint32(16), height: view.getUint32(20) }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return jpegSize(b, view)
  if (b.length >= 8 && (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*')) return tiffSize(view, ascii(0, 2) === 'II')
  if (b.length >= 30 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') return webpSize(b, view, ascii(12, 4))
  if (b.length >= 26 && ascii(0, 2) === 'BM')
    return { format: 'bmp', width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)) }
  return null
}

/** JPEG: walk the markers to the first start-of-frame (SOF0-SOF15 except DHT, JPG, DAC). */
function jpegSize(b: Uint8Array, view: DataView): ImageHeader | null {
  let at = 2
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return null
    const marker = b[at + 1]
    if (marker === 0xff) {
      at++
      continue
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2
      continue
    }
    const length = view.getUint16(at + 2)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { format: 'jpeg', height: view.getUint16(at + 5), width: view.getUint16(at + 7) }
    if (length < 2) return null
    at += 2 + length
  }
  return null
}

/** TIFF: the first image file directory's ImageWidth (256) and ImageLength (257) tags. */
function tiffSize(view: DataView, little: boolean): ImageHeader | null {
  const ifd = view.getUint32(4, little)
  if (ifd + 2 > view.byteLength) return null
  const count = view.getUint16(ifd, little)
  let width = 0
  let height = 0
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12
    if (entry + 12 > view.byteLength) return null
    const tag = view.getUint16(entry, little)
    const type = view.getUint16(entry + 2, little)
    const value = type === 3 ? view.getUint16(entry + 8, little) : view.getUint32(entry + 8, little)
    if (tag === 256) width = value
    if (tag === 257) height = value
  }
  return width && height ? { format: 'tiff', width, height } : null
}

/** WebP: lossy (VP8), lossless (VP8L) and extended (VP8X) headers. */
function webpSize(b: Uint8Array, view: DataView, chunk: string): ImageHeader | null {
  if (chunk === 'VP8 ')
    return { format: 'webp', width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff }
  if (chunk === 'VP8L') {
    const bits = view.getUint32(21, true)
    return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 }
  }
  if (chunk === 'VP8X') {
    const width = 1 + (b[24] | (b[25] << 8) | (b[26] << 16))
    const height = 1 + (b[27] | (b[28] << 8) | (b[29] << 16))
    return { format: 'webp', width, height }
  }
  return null
}
