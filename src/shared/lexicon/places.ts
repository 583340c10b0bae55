/**
 * Names that mean one place or language in Spanish and English: country and region names from the
 * platform's CLDR data (Intl.DisplayNames: "Corea del Norte" = "North Korea"), language names
 * ("ruso" = "Russian" the language), and demonyms from a small table kept as data
 * ("norcoreano" = "North Korean" = the country KP). Keys are folded; values are ids like "region:KP".
 */
import { foldTerm } from '../suggest/fold'
import { LANGUAGES } from './calendar'

/** Demonyms (adjective and noun forms) per ISO region, Spanish then English, folded on load. */
const DEMONYMS: Record<string, string> = {
  KP: 'norcoreano norcoreana norcoreanos norcoreanas | North Korean, North Koreans',
  KR: 'surcoreano surcoreana surcoreanos surcoreanas | South Korean, South Koreans',
  RU: 'ruso rusa rusos rusas | Russian, Russians',
  US: 'estadounidense estadounidenses norteamericano norteamericana | American, Americans',
  CN: 'chino china chinos chinas | Chinese',
  JP: 'japonés japonesa japoneses japonesas | Japanese',
  UA: 'ucraniano ucraniana ucranianos ucranianas | Ukrainian, Ukrainians',
  ES: 'español española españoles españolas | Spanish, Spaniard, Spaniards',
  MX: 'mexicano mexicana mexicanos mexicanas | Mexican, Mexicans',
  AR: 'argentino argentina argentinos argentinas | Argentine, Argentinian, Argentines',
  CO: 'colombiano colombiana colombianos colombianas | Colombian, Colombians',
  VE: 'venezolano venezolana venezolanos venezolanas | Venezuelan, Venezuelans',
  CL: 'chileno chilena chilenos chilenas | Chilean, Chileans',
  PE: 'peruano peruana peruanos peruanas | Peruvian, Peruvians',
  CU: 'cubano cubana cubanos cubanas | Cuban, Cubans',
  BR: 'brasileño brasileña brasileños brasileñas | Brazilian, Brazilians',
  FR: 'francés francesa franceses francesas | French',
  DE: 'alemán alemana alemanes alemanas | German, Germans',
  GB: 'británico británica británicos británicas | British, Briton, Britons',
  IT: 'italiano italiana italianos italianas | Italian, Italians',
  PT: 'portugués portuguesa portugueses portuguesas | Portuguese',
  IR: 'iraní iraníes | Iranian, Iranians',
  IL: 'israelí israelíes | Israeli, Israelis',
  PS: 'palestino palestina palestinos palestinas | Palestinian, Palestinians',
  IN: 'indio india indios indias | Indian, Indians',
  TR: 'turco turca turcos turcas | Turkish, Turk, Turks',
  SY: 'sirio siria sirios sirias | Syrian, Syrians',
  VN: 'vietnamita vietnamitas | Vietnamese',
  PL: 'polaco polaca polacos polacas | Polish, Pole, Poles',
  BY: 'bielorruso bielorrusa bielorrusos | Belarusian, Belarusians',
  CA: 'canadiense canadienses | Canadian, Canadians',
  EG: 'egipcio egipcia egipcios | Egyptian, Egyptians',
  SA: 'saudí saudíes saudita sauditas | Saudi, Saudis',
  EU: 'europeo europea europeos europeas | European, Europeans',
}

/** Region codes to look up: every two-letter code the platform names (unknown ones echo the code). */
function regionCodes(): string[] {
  const out: string[] = []
  const display = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' })
  for (let a = 65; a <= 90; a++)
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b)
      try {
        if (display.of(code) !== code) out.push(code)
      } catch {
        /* not a region */
      }
    }
  return out
}

const LANGUAGE_CODES =
  'es en fr de it pt ru zh ja ko ar uk pl nl ca eu gl he tr fa hi vi da sv no nb fi el hu cs ro bg hr sr sk sl et lv lt ga is'.split(
    ' ',
  )

function build(): Map<string, string> {
  const out = new Map<string, string>()
  const add = (name: string | undefined, id: string) => {
    if (!name) return
    const key = foldTerm(name)
    if (key.length >= 3 && !out.has(key)) out.set(key, id)
  }
  const codes = regionCodes()
  for (const lang of LANGUAGES) {
    const regions = new Intl.DisplayNames([lang], { type: 'region' })
    for (const code of codes) {
      const name = regions.of(code)
      add(name, `region:${code}`)
      // "Corea del Norte", "Estados Unidos" also appear without parenthesised qualifiers.
      if (name && name.includes('(')) add(name.replace(/\s*\(.*\)\s*/, ''), `region:${code}`)
    }
  }
  for (const [code, forms] of Object.entries(DEMONYMS))
    for (const form of forms.split(/[|,]|\s(?=[a-záéíóúñ])/u)) add(form.trim(), `region:${code}`)
  // Language names come after demonyms: "ruso"/"Russian" name the country's people first.
  for (const lang of LANGUAGES) {
    const languages = new Intl.DisplayNames([lang], { type: 'language' })
    for (const code of LANGUAGE_CODES) add(languages.of(code), `language:${code}`)
  }
  // Common short forms the CLDR lists do not hold.
  for (const [name, code] of [
    ['EE. UU.', 'US'],
    ['EEUU', 'US'],
    ['EE.UU.', 'US'],
    ['EE UU', 'US'],
    ['USA', 'US'],
    ['U.S.', 'US'],
    ['UK', 'GB'],
    ['Reino Unido', 'GB'],
    ['Britain', 'GB'],
    ['Great Britain', 'GB'],
    ['Gran Bretaña', 'GB'],
    ['Unión Europea', 'EU'],
    ['European Union', 'EU'],
    ['UE', 'EU'],
    ['EU', 'EU'],
  ] as const)
    add(name, `region:${code}`)
  // Acronyms that change with the language.
  for (const [es, en, id] of [
    ['ONU', 'UN', 'un'],
    ['OTAN', 'NATO', 'nato'],
    ['PIB', 'GDP', 'gdp'],
    ['FMI', 'IMF', 'imf'],
    ['OMS', 'WHO', 'who'],
    ['BCE', 'ECB', 'ecb'],
    ['OEA', 'OAS', 'oas'],
    ['OPEP', 'OPEC', 'opec'],
    ['OIEA', 'IAEA', 'iaea'],
    ['ADN', 'DNA', 'dna'],
    ['IVA', 'VAT', 'vat'],
  ])
    for (const name of [es, en]) out.set(foldTerm(name), `acronym:${id}`)
  return out
}

let table: Map<string, string> | null = null
let prefixes: Set<string> | null = null

/** Folded place, demonym or language name → its id ("region:KP", "language:ru"), built once. */
export function placeIds(): ReadonlyMap<string, string> {
  table ??= build()
  return table
}

/** Every run of leading words of a multi-word place name ("corea", "corea del"), for n-gram lookups. */
export function placePrefixes(): ReadonlySet<string> {
  if (!prefixes) {
    prefixes = new Set()
    for (const key of placeIds().keys()) {
      const words = key.split(' ')
      for (let n = 1; n < words.length; n++) prefixes.add(words.slice(0, n).join(' '))
    }
  }
  return prefixes
}

/** The longest number of words in a place name, for n-gram lookups. */
export const MAX_PLACE_WORDS = 5

/**
 * The id of a folded name, trying Spanish inflections of demonyms and language names too
 * ("danesa", "daneses" → "danés"; "rusas" → "ruso").
 */
export function placeIdOf(folded: string): string | null {
  let id = idCache.get(folded)
  if (id === undefined) {
    if (idCache.size > 50_000) idCache.clear()
    id = lookUp(folded)
    idCache.set(folded, id)
  }
  return id
}

/** Answers of placeIdOf: every word and run of words of an article is looked up, most many times. */
const idCache = new Map<string, string | null>()

function lookUp(folded: string): string | null {
  const table = placeIds()
  const direct = table.get(folded)
  if (direct) return direct
  if (folded.includes(' ') || folded.length < 4) return null
  for (const variant of [
    folded.replace(/(esa|eses|esas)$/, 'es'),
    folded.replace(/(a|os|as)$/, 'o'),
    folded.replace(/(es|s)$/, ''),
  ])
    if (variant !== folded && table.has(variant)) return table.get(variant)!
  return null
}
