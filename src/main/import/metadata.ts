/**
 * Metadata as files state it is untrusted: a title may run over several lines or thousands of
 * characters, a "canonical URL" may be `javascript:`, a language tag may be "es-ES" or nonsense. One
 * cleaning step makes every format's metadata fit the model (ArticleMetadata) before it leaves import.
 */
import { LIMITS, type ArticleMetadata } from '../../shared/model'

/** Longest URL kept (the model's bound). */
const MAX_URL = 2000

/** One line, single spaces, at most `max` characters; undefined when nothing is left. */
export function oneLine(value: unknown, max: number = LIMITS.shortText): string | undefined {
  if (typeof value !== 'string') return undefined
  const line = value.normalize('NFC').replace(/\s+/g, ' ').trim()
  if (!line) return undefined
  return line.length > max ? `${line.slice(0, max - 1)}…` : line
}

/** An absolute http(s) URL, else undefined: a link the user may open must never run script. */
export function safeUrl(value: unknown): string | undefined {
  const text = oneLine(value, MAX_URL)
  if (!text) return undefined
  try {
    const url = new URL(text)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href.slice(0, MAX_URL) : undefined
  } catch {
    return undefined
  }
}

/** The ISO 639 primary subtag of a language tag ("es-ES" → "es", "pt_BR" → "pt"), else undefined. */
export function languageCode(value: unknown): string | undefined {
  const primary = oneLine(value, 35)?.split(/[-_]/)[0].toLowerCase()
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : undefined
}

/** Metadata fitted to the model: trimmed, bounded, safe URL, language code; empty fields left out. */
export function cleanMetadata(metadata: ArticleMetadata): ArticleMetadata {
  const clean: ArticleMetadata = {
    title: oneLine(metadata.title),
    byline: oneLine(metadata.byline),
    outlet: oneLine(metadata.outlet),
    date: oneLine(metadata.date),
    url: safeUrl(metadata.url),
    language: languageCode(metadata.language),
    source: metadata.source,
  }
  return Object.fromEntries(Object.entries(clean).filter(([, v]) => v !== undefined)) as ArticleMetadata
}
