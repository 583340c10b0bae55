/**
 * OCR languages: which trained models are installed (the `@tesseract.js-data/<code>` packages in
 * node_modules: nothing is ever downloaded), which to use for an article (its language's model, Spanish
 * + English together when the language is unknown), and the one folder tesseract.js reads them from
 * (it takes a single `langPath`, the packages keep one folder each: we link them side by side, in a
 * folder of this process's own under the system temp folder, never in a workspace, whose `.spanwise/`
 * is untrusted and may be read-only).
 */
import { createRequire } from 'node:module'
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { copyFile, link, mkdtemp, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)

/** The data variant read: LSTM-only integer models, the smallest and fastest (tesseract.js's own default). */
const VARIANT = '4.0.0_best_int'

/** Used when the article's language is unknown or has no installed model. */
export const DEFAULT_OCR_LANGUAGES: readonly string[] = ['spa', 'eng']

/** ISO 639-1 → tesseract model code, for the languages journalists here meet most. */
const MODEL_FOR: Record<string, string> = {
  es: 'spa',
  en: 'eng',
  fr: 'fra',
  de: 'deu',
  it: 'ita',
  pt: 'por',
  ca: 'cat',
  gl: 'glg',
  eu: 'eus',
  nl: 'nld',
  ru: 'rus',
  uk: 'ukr',
  ar: 'ara',
  zh: 'chi_sim',
}

/** Where an installed model lives, or undefined when its package is not installed. */
export function modelFile(code: string): string | undefined {
  if (!/^[a-z_]{3,12}$/.test(code)) return undefined
  try {
    const packageDir = dirname(require.resolve(`@tesseract.js-data/${code}/package.json`))
    return join(packageDir, VARIANT, `${code}.traineddata.gz`)
  } catch {
    return undefined
  }
}

/** A model installed, with the ISO 639-1 code of its language when known ("spa" → "es"). */
export interface InstalledModel {
  model: string
  language: string
}

/**
 * Every model installed: the `@tesseract.js-data/<code>` packages found in the node_modules folders
 * this module resolves packages from, those holding the data variant read. Sorted by code.
 */
export function installedModels(): InstalledModel[] {
  const codes = new Set<string>()
  for (const folder of require.resolve.paths('@tesseract.js-data/spa') ?? []) {
    const scope = join(folder, '@tesseract.js-data')
    if (!existsSync(scope)) continue
    for (const code of readdirSync(scope)) if (modelFile(code) && existsSync(modelFile(code)!)) codes.add(code)
  }
  return [...codes].sort().map((model) => ({ model, language: languageOfModel(model) }))
}

/** The models to read an article with: its language's when installed, else Spanish + English. */
export function modelsFor(language: string | undefined): string[] {
  const primary = language?.toLowerCase().split(/[-_]/)[0]
  const code = primary ? (MODEL_FOR[primary] ?? primary) : undefined
  if (code && modelFile(code)) return [code]
  return DEFAULT_OCR_LANGUAGES.filter((c) => modelFile(c))
}

/** The ISO 639-1 code of a model ("spa" → "es"), for the article's metadata. */
export function languageOfModel(code: string): string {
  return Object.entries(MODEL_FOR).find(([, model]) => model === code)?.[0] ?? code
}

/** This process's models folder, made once (unguessable name, private to the user), removed at exit. */
let folder: Promise<string> | null = null

function ownFolder(): Promise<string> {
  folder ??= mkdtemp(join(tmpdir(), 'spanwise-ocr-models-')).then((dir) => {
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
    return dir
  })
  return folder
}

/**
 * One folder holding `<code>.traineddata.gz` for each model: hard links to the installed files (a copy
 * where the disk refuses links). Returns the folder, for tesseract.js's `langPath`.
 */
export async function modelFolder(codes: readonly string[]): Promise<string> {
  const dir = await ownFolder()
  for (const code of codes) {
    const source = modelFile(code)
    if (!source) throw new Error(`no OCR model installed for ${code}`)
    const target = join(dir, `${code}.traineddata.gz`)
    const [have, want] = await Promise.all([stat(target).catch(() => null), stat(source)])
    if (have?.size === want.size) continue
    await link(source, target).catch(() => copyFile(source, target))
  }
  return dir
}
