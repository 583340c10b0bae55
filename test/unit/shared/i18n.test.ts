/**
 * The message catalogs: Spanish and English have the same keys, none empty, the same placeholders in
 * each message, and every plural both its forms; `t()` switches language, interpolates and pluralises
 * (Spanish's "many" included), and the language follows the OS as the README says.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { CATALOGS, formatAgo, formatDate, formatNumber, language, languageFor, setLanguage, t } from '../../../src/shared/i18n'

function leaves(catalog: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(catalog)) {
    if (typeof value === 'string') out.set(prefix + key, value)
    else for (const [k, v] of leaves(value as object, `${prefix}${key}.`)) out.set(k, v)
  }
  return out
}

const placeholders = (message: string) => [...message.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]).sort()

const en = leaves(CATALOGS.en)
const es = leaves(CATALOGS.es)

afterEach(() => setLanguage('en'))

describe('the catalogs', () => {
  it('have the same keys in both languages', () => {
    expect([...es.keys()].sort()).toEqual([...en.keys()].sort())
    expect(en.size).toBeGreaterThan(40)
  })

  it('have no empty message', () => {
    for (const [lang, messages] of [
      ['en', en],
      ['es', es],
    ] as const) {
      const empty = [...messages].filter(([, v]) => v.trim() === '').map(([k]) => `${lang}:${k}`)
      expect(empty).toEqual([])
    }
  })

  it('use the same placeholders in both languages', () => {
    const differ = [...en]
      .filter(([key, message]) => placeholders(message).join() !== placeholders(es.get(key) ?? '').join())
      .map(([key]) => key)
    expect(differ).toEqual([])
  })

  it('give every plural both its forms, and count in the message of each', () => {
    for (const key of en.keys()) {
      const base = key.replace(/_(one|other)$/, '')
      if (base === key) continue
      expect(en.has(`${base}_one`) && en.has(`${base}_other`), key).toBe(true)
    }
  })

  it('leave no English message untranslated by mistake (the same text in Spanish is listed as meant)', () => {
    // Words that are the same in both languages (names, codes, symbols).
    const same = new Set(['Spanwise', 'URL', 'JSON', 'CSV', 'OK', 'Total', 'Error'])
    const untranslated = [...en]
      .filter(
        ([key, message]) =>
          es.get(key) === message && !same.has(message) && /[a-z]{3}/i.test(message.replace(/\{\{[^}]*\}\}/g, '')),
      )
      .map(([key]) => key)
    expect(untranslated).toEqual([])
  })
})

describe('t()', () => {
  it('switches language, interpolates and formats numbers per language', () => {
    expect(t('toolbar.open')).toBe('Open folder…')
    expect(t('progress.exporting', { done: 1200, total: 3400 })).toBe('Exporting: 1,200 of 3,400 articles')
    setLanguage('es')
    expect(language()).toBe('es')
    expect(t('toolbar.open')).toBe('Abrir carpeta…')
    expect(t('progress.exporting', { done: 1200, total: 34000 })).toBe('Exportando: 1200 de 34.000 artículos')
  })

  it('formats dates and numbers with Intl in the current language', () => {
    const date = '2026-03-04T12:00:00Z'
    expect(formatDate(date, { dateStyle: 'long', timeZone: 'UTC' })).toBe('March 4, 2026')
    expect(formatNumber(1234.5)).toBe('1,234.5')
    setLanguage('es')
    expect(formatDate(date, { dateStyle: 'long', timeZone: 'UTC' })).toBe('4 de marzo de 2026')
    expect(formatNumber(12345.5)).toBe('12.345,5')
    expect(formatDate('not a date')).toBe('not a date')
  })
})

describe('formatAgo', () => {
  const now = Date.parse('2026-12-01T12:00:00.000Z')
  it('says how long ago in the largest whole unit, in the current language', () => {
    setLanguage('en')
    expect(formatAgo('2026-12-01T11:55:00.000Z', now)).toMatch(/^5 min\.? ago$/)
    expect(formatAgo('2026-12-01T11:59:40.000Z', now)).toBe('now')
    expect(formatAgo('2026-11-30T12:00:00.000Z', now)).toBe('yesterday')
    setLanguage('es')
    expect(formatAgo('2026-12-01T11:55:00.000Z', now)).toBe('hace 5 min')
    expect(formatAgo('2026-12-01T09:00:00.000Z', now)).toBe('hace 3 h')
  })

  it('gives the date for a time well in the future (a wrong clock) and the text for one it cannot read', () => {
    setLanguage('en')
    expect(formatAgo('2027-01-01T00:00:00.000Z', now)).toContain('2027')
    expect(formatAgo('not a date', now)).toBe('not a date')
  })
})

describe('languageFor', () => {
  it('is Spanish for any es-* first locale, English otherwise, unless the user chose', () => {
    expect(languageFor('system', ['es-MX', 'en-US'])).toBe('es')
    expect(languageFor('system', ['es'])).toBe('es')
    expect(languageFor('system', ['es_AR'])).toBe('es')
    expect(languageFor('system', ['en-GB', 'es-ES'])).toBe('en')
    expect(languageFor('system', ['fr-FR'])).toBe('en')
    expect(languageFor('system', ['estonian-is-not-es'])).toBe('en')
    expect(languageFor('system', [])).toBe('en')
    expect(languageFor('es', ['en-US'])).toBe('es')
    expect(languageFor('en', ['es-ES'])).toBe('en')
  })
})
