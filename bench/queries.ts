/** The search queries of the bench rows (node-rows.ts, corpus-child.ts). */

/** Queries a journalist might type: words, accent-folded words, names, a phrase, prefixes while typing. */
export const SEARCH_QUERIES = [
  'alcaldesa',
  'alcaldesa puerto',
  'Marroquín',
  'marroquin',
  'investigación',
  'investigacion fiscalía',
  'prosecutor',
  'contract tender',
  '"public contract"',
  'Zoë',
  'presup',
  'ministe',
  'Björn Olsen',
  'empleos vecinos',
  'café',
  'licitación contrato',
  'economic',
  'Valdemar',
  'spokes',
  '"según fuentes"',
]
