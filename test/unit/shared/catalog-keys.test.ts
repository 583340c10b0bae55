/**
 * Catalog hygiene: every message of the English catalog (the source of keys) is used by some source
 * file, and every one is in the Spanish catalog. A key counts as used when a source file names it in
 * a string (`t('toolbar.open')`, `said('detail.file.empty')`, a table of keys), or builds it from a
 * template whose fixed start leads to it (`t(\`vocab.status.${status}\`)`); plural keys count by their
 * base (`library.countLabel.quote` for `_one` / `_other`).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { CATALOGS } from '../../../src/shared/i18n'

const root = join(import.meta.dirname, '../../..')

function leaves(catalog: object, prefix = ''): string[] {
  return Object.entries(catalog).flatMap(([key, value]) =>
    typeof value === 'string' ? [prefix + key] : leaves(value as object, `${prefix}${key}.`),
  )
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )
}

/** Every string the sources hold, and the fixed starts of their templates. */
function namesInSources(): { strings: Set<string>; starts: Set<string> } {
  const strings = new Set<string>()
  const starts = new Set<string>()
  const catalogs = join(root, 'src/shared/i18n')
  for (const file of sourceFiles(join(root, 'src'))) {
    if (file.startsWith(catalogs)) continue
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
    const visit = (node: ts.Node) => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) strings.add(node.text)
      else if (ts.isTemplateExpression(node) && node.head.text) starts.add(node.head.text)
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return { strings, starts }
}

const base = (key: string) => key.replace(/_(one|other)$/, '')

describe('the catalogs', () => {
  const en = leaves(CATALOGS.en)
  const { strings, starts } = namesInSources()
  // A template's fixed start names a group only when it ends inside a key ("vocab.status.", "compare.kind_").
  const groupStarts = [...starts].filter((s) => /^[\w-]+(\.[\w-]+)*[._]$/.test(s))

  it('hold no message that no source file uses', () => {
    const unused = [...new Set(en.map(base))].filter(
      (key) => !strings.has(key) && !groupStarts.some((start) => key.startsWith(start)),
    )
    expect(unused).toEqual([])
  })

  it('would see a message no source uses (the check is not blind)', () => {
    expect(strings.has('toolbar.open')).toBe(true)
    expect(groupStarts).toContain('vocab.status.')
    const invented = 'errors.neverUsedAnywhere'
    expect(strings.has(invented) || groupStarts.some((start) => invented.startsWith(start))).toBe(false)
  })

  it('have every English message in Spanish', () => {
    const es = new Set(leaves(CATALOGS.es))
    expect(en.filter((key) => !es.has(key))).toEqual([])
  })
})
