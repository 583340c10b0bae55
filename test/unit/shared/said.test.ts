/**
 * What main and the shared code say that reaches the window — compare's findings, why a file could not
 * be read, why a workspace is read-only, why sync failed — travels by catalog key (shared/i18n `Said`)
 * and reads in Spanish with no English left in it; the command line keeps its English line. The
 * modules that say such lines hand no English literal to the errors that carry them.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { extractArticle, ImportError } from '../../../src/main/import'
import { WriteAccess } from '../../../src/main/store/write-access'
import { compareArticles } from '../../../src/shared/compare/compare-v2'
import { itemMessage } from '../../../src/shared/compare/item-message'
import { WorkbenchError, unwrapReply, wireErrorOf } from '../../../src/shared/errors'
import { CATALOGS, said, sayText } from '../../../src/shared/i18n'
import { fixture } from '../../helpers/research-quality'

const root = join(import.meta.dirname, '../../..')

function leaves(catalog: object): string[] {
  return Object.values(catalog).flatMap((v) => (typeof v === 'string' ? [v] : leaves(v as object)))
}

/** The fixed words (two words or more, between placeholders) of English messages of `groups`. */
function englishRuns(...groups: object[]): string[] {
  return groups
    .flatMap(leaves)
    .flatMap((m) => m.split(/\{\{[^}]*\}\}/))
    .map((s) => s.replace(/^[\s(:,.“”—·…;]+|[\s(:,.“”—·…;)]+$/g, ''))
    .filter((s) => /[a-z]{2,}\s+[a-z]{2,}/i.test(s))
}

const noEnglish = (text: string, runs: readonly string[]) => runs.filter((run) => text.includes(run))

describe("compare's findings", () => {
  const runs = englishRuns(CATALOGS.en.findings)
  const result = compareArticles(
    { ...fixture('strike-es.txt'), title: 'La Tercera' },
    { ...fixture('strike-en-planted.txt'), title: 'Reuters EN' },
  )

  it('read in the language asked for, with no English left in Spanish', () => {
    expect(result.items.length).toBeGreaterThan(5)
    const kinds = new Set(result.items.map((i) => i.says.key))
    expect(kinds.size).toBeGreaterThan(3)
    for (const item of result.items) {
      const es = itemMessage(item, 'es')
      expect(noEnglish(es, runs), es).toEqual([])
      expect(es).not.toMatch(/\{\{|findings\./)
      expect(itemMessage(item, 'en')).not.toBe(es)
    }
    expect(runs).toContain('is named in') // the check can see
  })

  it('name the months in the reader’s language', () => {
    const item = {
      says: said('findings.dateMonthChanged', {
        leftTitle: 'A',
        rightTitle: 'B',
        left: 'x',
        right: 'y',
        leftMonth: 3,
        rightMonth: 0,
      }),
    }
    expect(itemMessage(item, 'en')).toBe('A dates it x, B y (April against January)')
    expect(itemMessage(item, 'es')).toBe('A da la fecha x, B y (abril frente a enero)')
  })
})

describe('why a file could not be read', () => {
  const runs = englishRuns(CATALOGS.en.detail.file)
  const cases: [string, Uint8Array][] = [
    ['vacio.txt', new Uint8Array()],
    ['binario.txt', new Uint8Array([0, 1, 2, 3, 0, 0, 0, 255, 254, 0, 7, 8])],
    ['sin-extension', new TextEncoder().encode('texto')],
    ['rota.docx', new TextEncoder().encode('no es un zip')],
    ['rota.pdf', new TextEncoder().encode('%PDF-1.4 cortado')],
  ]

  it.each(cases)('%s: the English line for the command line, the same by key in Spanish for the window', async (name, bytes) => {
    const error = await extractArticle(bytes, name).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ImportError)
    const { said: why, message } = error as ImportError
    expect(message).toBe(sayText(why, 'en'))
    const es = sayText(why, 'es')
    expect(es).not.toBe(message)
    expect(noEnglish(es, runs)).toEqual([])
  })

  it('says a legacy encoding it guessed in Spanish too', async () => {
    const article = await extractArticle(new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x20, 0x79, 0x20, 0x74, 0xe9]), 'cafe.txt')
    expect(article.warning).toBeDefined()
    expect(sayText(article.warning!, 'en')).toMatch(/^Not valid UTF-8/)
    expect(sayText(article.warning!, 'es')).toMatch(/^No es UTF-8 válido/)
  })
})

describe('why a workspace is read-only, why sync failed', () => {
  it('keeps the key across the wire, and the window says it in Spanish', () => {
    const access = new WriteAccess(said('detail.readOnly.heldBy', { user: 'ana', host: 'portatil', pid: 42, seen: 'hoy' }))
    expect(access.reason).toMatch(/^This workspace is open in another Spanwise \(ana on portatil, process 42/)
    expect(sayText(access.said!, 'es')).toMatch(/^Este espacio de trabajo está abierto en otro Spanwise \(ana en portatil/)
    let thrown: unknown
    try {
      access.check()
    } catch (error) {
      thrown = error
    }
    expect((thrown as WorkbenchError).code).toBe('read-only')

    const why = said('detail.sync.unauthorized', { host: 'db.example' })
    const wire = wireErrorOf(new WorkbenchError('sync-unauthorized', sayText(why, 'en'), why))
    const back = (() => {
      try {
        return unwrapReply({ ok: false, error: JSON.parse(JSON.stringify(wire)) })
      } catch (error) {
        return error as WorkbenchError
      }
    })() as WorkbenchError
    expect(back.message).toBe('db.example refused the user name or password: nothing was sent')
    expect(sayText(back.said!, 'es')).toBe('db.example rechazó el nombre de usuario o la contraseña: no se envió nada')
  })
})

/** The modules whose failures reach the window as lines of their own. */
const SAYERS = [
  'src/main/import',
  'src/main/import/ocr',
  'src/main/store/workspace-lock.ts',
  'src/main/store/data-dir.ts',
  'src/main/sync/remote.ts',
  'src/main/workspace/import-files.ts',
]

/** `new ImportError(…)`, `new WorkbenchError(code, …)`, `new WriteAccess(…)`, `.refuse(…)` handed an English literal. */
function englishLines(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const literal = (n: ts.Node | undefined) =>
    !!n &&
    (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n)) &&
    /[a-z]{2,} [a-z]{2,}/i.test(n.getText())
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
      const name = node.expression.text
      const args = node.arguments ?? []
      const message = name === 'WorkbenchError' ? args[1] : name === 'WriteAccess' || name === 'ImportError' ? args[0] : undefined
      if (literal(message)) found.push(`${file}: new ${name}(${message!.getText().slice(0, 50)}`)
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'refuse') {
      if (literal(node.arguments[0])) found.push(`${file}: refuse(${node.arguments[0].getText().slice(0, 50)}`)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

describe('the modules that say why', () => {
  it('hand their errors catalog keys, never an English line', () => {
    const files = SAYERS.flatMap((p) => {
      const path = join(root, p)
      return p.endsWith('.ts')
        ? [path]
        : ts.sys.readDirectory(path, ['.ts'], undefined, undefined, 1).filter((f) => !f.endsWith('.d.ts'))
    })
    expect(files.length).toBeGreaterThan(10)
    expect(files.flatMap(englishLines)).toEqual([])
  })
})
