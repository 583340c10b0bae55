/**
 * Month and weekday names in Spanish and English, taken from the platform's CLDR data (Intl) rather
 * than hand lists (long forms; abbreviations collide with ordinary words: "mar", "sun", "may").
 * Keys are folded (no accents, lower case).
 */
import { foldTerm } from '../suggest/fold'

export const LANGUAGES = ['es', 'en'] as const

function names(field: 'month' | 'weekday', dates: Date[]): Map<string, number> {
  const out = new Map<string, number>()
  for (const lang of LANGUAGES) {
    const format = new Intl.DateTimeFormat(lang, { [field]: 'long', timeZone: 'UTC' })
    dates.forEach((d, i) => out.set(foldTerm(format.format(d)), i))
  }
  return out
}

/** Folded month name (enero, january…) → month index 0–11. */
export const MONTHS: ReadonlyMap<string, number> = names(
  'month',
  Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2021, i, 15))),
)

/** Folded weekday name (lunes, monday…) → 0 (Monday) to 6 (Sunday). */
export const WEEKDAYS: ReadonlyMap<string, number> = names(
  'weekday',
  Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2021, 1, 1 + i))), // 1 Feb 2021 was a Monday
)

/** English month names that are also ordinary words: a month only when capitalised. */
export const AMBIGUOUS_MONTHS = new Set(['may', 'march'])

/** A month name in the given language, for messages. */
export function monthName(index: number, lang: 'es' | 'en' = 'en'): string {
  const format = (formats[lang] ??= new Intl.DateTimeFormat(lang, { month: 'long', timeZone: 'UTC' }))
  return format.format(new Date(Date.UTC(2021, index, 15)))
}
const formats: Partial<Record<'es' | 'en', Intl.DateTimeFormat>> = {}
