/**
 * Month and weekday names, taken from the platform's CLDR data (Intl) rather than hand lists (long
 * forms; abbreviations collide with ordinary words: "mar", "sun", "may"): in Spanish and English for
 * comparing articles, and in the languages whose datelines an import passes over (`calendarWords`).
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

/** The languages whose datelines an import recognises ("Saturday, November 16", "dissabte, 16 d’octubre"). */
export const DATELINE_LANGUAGES = ['es', 'en', 'fr', 'de', 'pt', 'it', 'ca'] as const

/** A language's calendar words, folded: what a dateline in it is made of. */
export interface CalendarWords {
  /** Month names, standalone ("octubre") and as written in a date ("d’octubre" in Catalan). */
  months: string[]
  /** Weekday names ("sábado", "samstag"). */
  weekdays: string[]
  /** Words between a date's parts ("de", "del"); punctuation is left out. */
  connectors: string[]
}

/**
 * Month and weekday names and the words joining a date's parts, for each language, from Intl's CLDR
 * data: every month's standalone name, and the parts of a full date (weekday, day, month, year)
 * through formatToParts, which gives the forms a date is written with.
 */
export function calendarWords(langs: readonly string[]): CalendarWords {
  const months = new Set<string>()
  const weekdays = new Set<string>()
  const connectors = new Set<string>()
  for (const lang of langs) {
    const standalone = new Intl.DateTimeFormat(lang, { month: 'long', timeZone: 'UTC' })
    const full = new Intl.DateTimeFormat(lang, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    })
    for (let m = 0; m < 12; m++) months.add(foldTerm(standalone.format(new Date(Date.UTC(2021, m, 15)))))
    // Two days of each month (Catalan writes "de maig" but "d’octubre") and a week's days.
    const dates = [
      ...Array.from({ length: 24 }, (_, i) => new Date(Date.UTC(2021, i >> 1, i % 2 ? 16 : 1))),
      ...Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2021, 1, 1 + i))),
    ]
    for (const date of dates) {
      for (const part of full.formatToParts(date)) {
        const value = foldTerm(part.value)
        if (!value) continue
        if (part.type === 'month') months.add(value)
        else if (part.type === 'weekday') weekdays.add(value)
        else if (part.type === 'literal') for (const word of value.match(/\p{L}+/gu) ?? []) connectors.add(word)
      }
    }
  }
  return { months: [...months], weekdays: [...weekdays], connectors: [...connectors] }
}
