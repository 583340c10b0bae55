/**
 * The interface's languages: every user-visible string of the window and the menus goes through `t(key)`
 * with a key of the English catalog (en.ts, the source of keys); es.ts is typed against it, so a missing
 * or extra key fails the typecheck. i18next does the lookup, interpolation (`{{name}}`, numbers as
 * `{{count, number}}`) and plurals (`key_one` / `key_other`, chosen by Intl.PluralRules); dates and
 * numbers outside messages go through `formatDate` / `formatNumber` (Intl, never hand-made lists).
 *
 * One language at a time per process: the window's (renderer) or the menus' (main). The user's choice
 * ('system', 'en' or 'es') is kept in main's settings; `languageFor` turns it and the OS's preferred
 * locales into a language: Spanish for any es-*, English otherwise. The command line speaks English
 * unless `--lang` or the environment (LANG) says Spanish, for what it renders from the catalogs (the
 * report, compare's findings); `translate` renders in a language other than the process's.
 */
import i18next, { type i18n } from 'i18next'
import { Emitter, type Event } from '../event'
import { en, type Catalog } from './en'
import { es } from './es'

export type { Catalog } from './en'
export const LANGUAGES = ['en', 'es'] as const
export type Language = (typeof LANGUAGES)[number]
/** What the user chose: a language, or whatever the OS prefers. */
export type LanguagePreference = Language | 'system'
export const LANGUAGE_PREFERENCES = ['system', 'en', 'es'] as const

/** Each language's name in itself (the language menu lists them so, whatever the current language). */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', es: 'Español' }

export const CATALOGS: Record<Language, Catalog> = { en, es }

type PluralSuffix = 'one' | 'other'
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>
}[keyof T & string]
type StripPlural<K extends string> = K extends `${infer Base}_${PluralSuffix}` ? Base : K
/** Every key `t()` takes: a dotted path into the catalog; plural keys without their `_one`/`_other`. */
export type MessageKey = StripPlural<Leaves<Catalog>>
/** Values for a message's `{{placeholders}}`; `count` also picks the plural form. */
export type MessageVars = Record<string, string | number>

/**
 * Spanish has a third plural category in CLDR ("many": 1 000 000): i18next would look for `key_many`
 * and fall back to English without it, so every `_other` doubles as `_many`.
 */
function withMany(catalog: object): object {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(catalog)) {
    out[key] = typeof value === 'string' ? value : withMany(value as object)
    if (typeof value === 'string' && key.endsWith('_other')) out[`${key.slice(0, -6)}_many`] ??= value
  }
  return out
}

const instance: i18n = i18next.createInstance()
void instance.init({
  lng: 'en',
  fallbackLng: 'en',
  initAsync: false,
  // Strings go into textContent and attributes, never innerHTML: nothing to escape.
  interpolation: { escapeValue: false },
  resources: { en: { translation: withMany(en) }, es: { translation: withMany(es) } },
  returnNull: false,
})

let current: Language = 'en'
const changed = new Emitter<Language>()
/** Fired after the language changed: views re-render what they wrote with `t()`. */
export const onDidChangeLanguage: Event<Language> = changed.event

/** The message `key` in the current language, with `vars` interpolated. */
export function t(key: MessageKey, vars?: MessageVars): string {
  return instance.t(key as string, vars ?? {}) as unknown as string
}

/** The language messages are in now. */
export function language(): Language {
  return current
}

/** Switches the language (no-op when it is already the one); listeners of `onDidChangeLanguage` follow. */
export function setLanguage(next: Language): void {
  if (next === current) return
  current = next
  void instance.changeLanguage(next)
  changed.fire(next)
}

/** The language for a preference: 'system' follows the first of the OS's preferred locales. */
export function languageFor(preference: LanguagePreference | null | undefined, locales: readonly string[]): Language {
  if (preference === 'en' || preference === 'es') return preference
  const first = (locales[0] ?? '').toLowerCase()
  return first === 'es' || first.startsWith('es-') || first.startsWith('es_') ? 'es' : 'en'
}

/**
 * The message `key` in `lang`, whatever the process's current language: for what is made in a language
 * of its own (the report in the language asked for, the CLI's findings).
 */
export function translate(lang: Language, key: MessageKey, vars?: MessageVars): string {
  return instance.t(key as string, { ...vars, lng: lang }) as unknown as string
}

/**
 * A message crossing a process boundary by key: main (or the import) says what happened as a catalog
 * key and values, the window writes it in its language and the command line in its own. The key is
 * a plain string on the wire; an unknown one shows as itself.
 */
export interface Said {
  key: string
  vars?: MessageVars
}

export function said(key: MessageKey, vars?: MessageVars): Said {
  return vars ? { key, vars } : { key }
}

/** What `s` says, in `lang` (the process's language unless said). */
export function sayText(s: Said, lang: Language = current): string {
  return translate(lang, s.key as MessageKey, s.vars)
}

/** A number as the current language writes it (1,234.5 / 1234,5). */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return formatNumberIn(current, value, options)
}

export function formatNumberIn(lang: string, value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(lang, options).format(value)
}

/** A date (ISO string, epoch ms or Date) as the current language writes it; the ISO text if unparseable. */
export function formatDate(value: string | number | Date, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  return formatDateIn(current, value, options)
}

export function formatDateIn(
  lang: string,
  value: string | number | Date,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' },
): string {
  const date = value instanceof Date ? value : new Date(value)
  return Number.isNaN(date.getTime()) ? String(value) : new Intl.DateTimeFormat(lang, options).format(date)
}

/**
 * How long ago, as the current language says it ("5 min ago", "hace 5 min"; "now" under a minute):
 * the largest whole unit, seconds to years. The date itself (formatDate) when unparseable or in the future.
 */
export function formatAgo(value: string | number | Date, now: number = Date.now()): string {
  const time = (value instanceof Date ? value : new Date(value)).getTime()
  if (Number.isNaN(time)) return String(value)
  const seconds = Math.round((now - time) / 1000)
  if (seconds < -60) return formatDate(time, { dateStyle: 'medium', timeStyle: 'short' })
  const format = new Intl.RelativeTimeFormat(current, { numeric: 'auto', style: 'short' })
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 31_536_000],
    ['month', 2_592_000],
    ['week', 604_800],
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ]
  for (const [unit, size] of units) if (seconds >= size) return format.format(-Math.floor(seconds / size), unit)
  return format.format(0, 'second')
}

/** "a, b and c" / "a, b y c". */
export function formatList(items: readonly string[]): string {
  return formatListIn(current, items)
}

export function formatListIn(lang: string, items: readonly string[]): string {
  return new Intl.ListFormat(lang, { type: 'conjunction' }).format(items)
}

/** A language code as a user typed it (`--lang es`); null when it is not one of the interface's. */
export function parseLanguage(value: string): Language | null {
  return (LANGUAGES as readonly string[]).includes(value) ? (value as Language) : null
}

/** The language a command line speaks: `--lang` when given, else the environment's (LANG, LC_ALL…). */
export function languageOfEnvironment(env: Record<string, string | undefined>): Language {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || ''
  return languageFor('system', [locale.split('.')[0]])
}

/**
 * A message kept by key, for text the window writes once and must rewrite when the language changes:
 * the renderer's `h()` accepts one as a child or an attribute value and relabels it on a switch.
 */
export interface Msg {
  readonly key: MessageKey
  readonly vars?: MessageVars
  /** A variable written as the time since a moment ("5 min ago"), rewritten as time passes too. */
  readonly ago?: { readonly name: string; readonly at: string | number }
}

export function msg(key: MessageKey, vars?: MessageVars): Msg {
  return { key, vars }
}

/** A message with the time since `at` as its variable `name`: "by Ana · 5 min ago", kept true. */
export function msgAgo(key: MessageKey, vars: MessageVars, name: string, at: string | number): Msg {
  return { key, vars, ago: { name, at } }
}

/** A message's text now, in the current language. */
export function msgText(m: Msg, now: number = Date.now()): string {
  return t(m.key, m.ago ? { ...m.vars, [m.ago.name]: formatAgo(m.ago.at, now) } : m.vars)
}

export function isMsg(value: unknown): value is Msg {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype && 'key' in value
}
