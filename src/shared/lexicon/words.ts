/**
 * Small word lists, kept as data, that the compare and discovery rules read in Spanish and English:
 * number words, scale words and units, negations, function words that open sentences, and the cue
 * words and titles that announce a person, an organisation or a place. Keys are folded.
 */

export type Lang = 'es' | 'en'

/** Number words with their value, per language ("once" is 11 in Spanish, a word in English). */
export const NUMBER_WORDS: Record<Lang, Record<string, number>> = {
  es: {
    dos: 2,
    tres: 3,
    cuatro: 4,
    cinco: 5,
    seis: 6,
    siete: 7,
    ocho: 8,
    nueve: 9,
    diez: 10,
    once: 11,
    doce: 12,
    trece: 13,
    catorce: 14,
    quince: 15,
    dieciseis: 16,
    diecisiete: 17,
    dieciocho: 18,
    diecinueve: 19,
    veinte: 20,
    veintiuno: 21,
    veintidos: 22,
    veintitres: 23,
    veinticuatro: 24,
    veinticinco: 25,
    veintiseis: 26,
    veintisiete: 27,
    veintiocho: 28,
    veintinueve: 29,
    treinta: 30,
    cuarenta: 40,
    cincuenta: 50,
    sesenta: 60,
    setenta: 70,
    ochenta: 80,
    noventa: 90,
    cien: 100,
    cientos: 100,
    docena: 12,
    mil: 1000,
  },
  en: {
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    six: 6,
    seven: 7,
    eight: 8,
    nine: 9,
    ten: 10,
    eleven: 11,
    twelve: 12,
    thirteen: 13,
    fourteen: 14,
    fifteen: 15,
    sixteen: 16,
    seventeen: 17,
    eighteen: 18,
    nineteen: 19,
    twenty: 20,
    thirty: 30,
    forty: 40,
    fifty: 50,
    sixty: 60,
    seventy: 70,
    eighty: 80,
    ninety: 90,
    hundred: 100,
    dozen: 12,
    thousand: 1000,
  },
}

/** Scale words after a number ("4,2 millones", "4.2 million", "3 mil"). */
export const SCALES: Record<string, number> = {
  mil: 1e3,
  thousand: 1e3,
  millon: 1e6,
  millones: 1e6,
  million: 1e6,
  millions: 1e6,
  billion: 1e9,
  billions: 1e9,
  'mil millones': 1e9,
  billon: 1e12,
  billones: 1e12,
  trillion: 1e12,
}

/** Units after a number, folded → a unit id compared across languages. */
export const UNITS: Record<string, string> = {
  '%': 'percent',
  'por ciento': 'percent',
  percent: 'percent',
  'per cent': 'percent',
  km: 'km',
  kilometros: 'km',
  kilometres: 'km',
  kilometers: 'km',
  millas: 'mile',
  miles: 'mile',
  m: 'm',
  metros: 'm',
  metres: 'm',
  meters: 'm',
  kg: 'kg',
  kilos: 'kg',
  kilogramos: 'kg',
  kilograms: 'kg',
  toneladas: 'tonne',
  tons: 'tonne',
  tonnes: 'tonne',
  dolares: 'usd',
  dollars: 'usd',
  $: 'usd',
  usd: 'usd',
  euros: 'eur',
  '€': 'eur',
  eur: 'eur',
  libras: 'gbp',
  pounds: 'gbp',
  '£': 'gbp',
  pesos: 'peso',
  rublos: 'rub',
  rubles: 'rub',
  anos: 'year',
  years: 'year',
  meses: 'month',
  months: 'month',
  dias: 'day',
  days: 'day',
  horas: 'hour',
  hours: 'hour',
  personas: 'person',
  people: 'person',
  muertos: 'dead',
  dead: 'dead',
  heridos: 'injured',
  injured: 'injured',
  soldados: 'soldier',
  soldiers: 'soldier',
  votos: 'vote',
  votes: 'vote',
  habitantes: 'inhabitant',
  inhabitants: 'inhabitant',
  residents: 'inhabitant',
  grados: 'degree',
  degrees: 'degree',
}

/** Negating words; "no solo"/"not only" and "sin embargo" are not negations of a clause. */
export const NEGATIONS = new Set(
  'no nunca jamas ni tampoco nadie nada ningun ninguna ninguno sin not never nor nobody nothing none neither without cannot'.split(
    ' ',
  ),
)
export const NOT_NEGATING_AFTER: Record<string, string[]> = {
  no: ['solo', 'only', 'obstante'],
  not: ['only', 'just', 'least'],
  sin: ['embargo'],
  nothing: ['but'],
}

/** Words that open sentences capitalised without being names (folded). */
export const FUNCTION_WORDS = new Set(
  (
    'el la los las lo un una unos unas y e o u de del al a en con por para que se su sus es fue era son segun pero hay ha han habia ' +
    'como cuando donde este esta estos estas ese esa esos esas aquel tras ante bajo desde hasta entre sobre sin tambien ' +
    'asimismo ademas mientras aunque si ya hoy ayer manana no ni nunca otro otra otros otras mas muy todo todos toda todas ' +
    'ello ella ellos ellas el le les nos yo tu usted ustedes cada ambos ambas varios varias mucho muchos poco pocos dicho dicha ' +
    'the a an and or of in on at to for by with from as is was were are be been said says say this that these those it ' +
    'its he she they we i you but if when while after before since until then there here his her their our my your ' +
    'however also not no yet so because although though what which who whom whose where why how all both each many ' +
    'most some such other another more than only even just over under about against between into through during ' +
    'mr mrs ms dr sr sra srta don dona'
  ).split(' '),
)

/** Titles and roles before a person's name ("el presidente X", "Minister X"). */
export const PERSON_CUES = new Set(
  (
    'presidente presidenta president ministro ministra minister canciller chancellor primer primera prime ' +
    'secretario secretaria secretary senador senadora senator diputado diputada congressman congresswoman ' +
    'gobernador gobernadora governor alcalde alcaldesa mayor juez jueza judge general coronel colonel ' +
    'portavoz spokesman spokeswoman spokesperson lider leader director directora fiscal prosecutor ' +
    'rey reina king queen principe princess prince papa pope embajador embajadora ambassador ' +
    'dictador dictator mandatario mandataria vicepresidente vicepresidenta vice homologo counterpart ' +
    'doctor doctora profesor profesora professor sr sra mr mrs ms dr senor senora don dona ceo analista analyst'
  ).split(' '),
)

/** Words that make a capitalised chunk an organisation ("Ministerio de…", "… Agency"). */
export const ORGANISATION_CUES = new Set(
  (
    'ministerio ministry camara chamber departamento department agencia agency consejo council comision commission ' +
    'confederacion confederation federacion federation partido party asamblea assembly congreso congress ' +
    'senado senate parlamento parliament tribunal court corte banco bank universidad university ' +
    'instituto institute fundacion foundation organizacion organization organisation union naciones nations ' +
    'ejercito army fuerza fuerzas forces armada navy policia police gobierno government oficina office ' +
    'comite committee sindicato asociacion association empresa company corporacion corporation group grupo ' +
    'news agencia press prensa tv television radio times post diario periodico journal herald welle ' +
    'inc ltd corp servicio service ong otan nato onu kcna'
  ).split(' '),
)

/**
 * Cue words with the same meaning in both languages: two organisation names built on the same one
 * ("Ministerio del Trabajo" / "Ministry of Labour") may be one name translated, never a discrepancy.
 */
export const CUE_CONCEPTS: ReadonlyMap<string, string> = new Map(
  (
    'ministerio=ministry departamento=department agencia=agency consejo=council comision=commission ' +
    'confederacion=confederation federacion=federation partido=party asamblea=assembly congreso=congress ' +
    'senado=senate parlamento=parliament tribunal=court corte=court banco=bank universidad=university ' +
    'instituto=institute fundacion=foundation organizacion=organization organizacion=organisation union=union ' +
    'ejercito=army fuerzas=forces armada=navy policia=police gobierno=government oficina=office comite=committee ' +
    'sindicato=union asociacion=association empresa=company corporacion=corporation grupo=group camara=chamber ' +
    'agencia=agency servicio=service isla=island rio=river monte=mount lago=lake puerto=port ciudad=city ' +
    'provincia=province region=region peninsula=peninsula golfo=gulf bahia=bay valle=valley'
  )
    .split(' ')
    .flatMap((pair) => {
      const [es, en] = pair.split('=')
      return [
        [es, en],
        [en, en],
      ] as [string, string][]
    }),
)

/** Words that make a capitalised chunk a place ("Isla Russki", "Río Bravo", "… Island"). */
export const PLACE_CUES = new Set(
  (
    'isla island rio river monte mount mar sea lago lake puerto port ciudad city provincia province region ' +
    'estado state peninsula peninsula golfo gulf bahia bay valle valley calle street avenida avenue plaza square ' +
    'aeropuerto airport estrecho strait canal desierto desert cordillera'
  ).split(' '),
)

/**
 * Capitalised common nouns that are not names on their own, in either language ("Gobierno" /
 * "Government", "Estado", "Presidente"): the cue words plus these.
 */
export const COMMON_CAPITALISED = new Set([
  ...PERSON_CUES,
  ...ORGANISATION_CUES,
  ...PLACE_CUES,
  ...(
    'capital norte sur este oeste north south east west nacional national internacional international federal central ' +
    'republica republic reino kingdom imperio empire foto photo fuente source dia day guerra war paz peace ' +
    'liberacion liberation independencia independence nuevo new unido united popular democratica democratic ' +
    'supremo supreme rojo red'
  ).split(' '),
])

/** Guesses Spanish or English from function words (enough for choosing number words). */
export function guessLanguage(text: string): Lang {
  let es = 0
  let en = 0
  for (const m of text
    .slice(0, 20_000)
    .toLowerCase()
    .matchAll(/\b(el|la|los|las|del|que|y|en|the|and|of|to|is|was)\b/g)) {
    if (['the', 'and', 'of', 'to', 'is', 'was'].includes(m[1])) en++
    else es++
  }
  return en > es ? 'en' : 'es'
}
