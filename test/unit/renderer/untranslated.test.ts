/**
 * No user-visible string of the window or the menus bypasses the catalogs: every source file of the
 * renderer and main's menus is parsed (TypeScript's parser) and each string literal in a place the user
 * reads is reported: children of `h()`, `title`/`aria-label`/`placeholder`/`label` values,
 * `textContent`/`title`/`placeholder` assignments, and the text given to `notify`, `append`,
 * `replaceChildren` and the dialogs. A string with no word in it (symbols, a key letter) passes; so do
 * the few listed below.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../../..')

/** Words that are the same in every language the window speaks. */
const ALLOWED = new Set(['Spanwise', 'Abc', 'A / R', 'Ctrl/Cmd + Z'])

const VISIBLE_PROPERTIES = new Set(['title', 'aria-label', 'placeholder', 'label', 'message'])
const VISIBLE_ASSIGNMENTS = new Set(['textContent', 'title', 'placeholder', 'innerText'])
const VISIBLE_CALLS = new Set(['notify', 'append', 'replaceChildren', 'askText', 'confirmAction', 'modal', 'showMessage'])

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )
}

/** The literal text of a string or template (its fixed parts), or null for anything else. */
function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ')
  return null
}

const speaks = (text: string) => /[A-Za-zÀ-ÿ]{2,}/.test(text) && !ALLOWED.has(text.trim())

function calleeName(call: ts.CallExpression): string {
  const e = call.expression
  return ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : ''
}

/** Where `node` (a literal) lands: a visible place's description, or null. */
function visiblePlace(node: ts.Node): string | null {
  let child: ts.Node = node
  let parent = node.parent
  // Through the branches of a conditional, parentheses and concatenation: `a ? 'x' : 'y'` lands where
  // the conditional lands (its condition does not).
  const passesThrough = (p: ts.Node, c: ts.Node) =>
    (ts.isConditionalExpression(p) && p.condition !== c) ||
    ts.isParenthesizedExpression(p) ||
    (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.PlusToken)
  while (parent && passesThrough(parent, child)) {
    child = parent
    parent = parent.parent
  }
  if (!parent) return null
  if (ts.isPropertyAssignment(parent) && parent.initializer === child) {
    const name = ts.isIdentifier(parent.name) || ts.isStringLiteral(parent.name) ? parent.name.text : ''
    return VISIBLE_PROPERTIES.has(name) ? `${name}:` : null
  }
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === child) {
    const target = parent.left
    return ts.isPropertyAccessExpression(target) && VISIBLE_ASSIGNMENTS.has(target.name.text) ? `.${target.name.text} =` : null
  }
  if (ts.isCallExpression(parent) && parent.arguments.includes(child as ts.Expression)) {
    const name = calleeName(parent)
    if (name === 'h') return parent.arguments.indexOf(child as ts.Expression) >= 2 ? 'h() child' : null
    if (name === 'setAttribute') {
      const attribute = literalText(parent.arguments[0]) ?? ''
      return parent.arguments[1] === child && VISIBLE_PROPERTIES.has(attribute) ? 'setAttribute' : null
    }
    // notify(message, level) and the dialogs' title first: the later arguments are codes or texts checked at their own place.
    if (name === 'notify') return parent.arguments[0] === child ? 'notify()' : null
    return VISIBLE_CALLS.has(name) ? `${name}()` : null
  }
  return null
}

function untranslated(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const visit = (node: ts.Node) => {
    const text = literalText(node)
    if (text !== null) {
      const place = visiblePlace(node)
      if (place && speaks(text)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart())
        found.push(`${relative(root, file)}:${line + 1} ${place} ${JSON.stringify(text)}`)
      }
      return
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

describe('user-visible strings', () => {
  it('all go through the catalogs in the window (src/renderer)', () => {
    const all = files(join(root, 'src/renderer')).flatMap(untranslated)
    expect(all).toEqual([])
  })

  it('all go through the catalogs in the menus and native dialogs (src/main/index.ts)', () => {
    expect(untranslated(join(root, 'src/main/index.ts'))).toEqual([])
  })

  it('are found by this check when they bypass t() (it is not blind)', () => {
    const probe = join(root, 'test/unit/renderer/fixtures/untranslated-probe.ts.txt')
    expect(untranslated(probe).map((s) => s.replace(/^.*?:\d+ /, ''))).toEqual([
      'h() child "Open folder…"',
      'title: "Undo the last change"',
      '.textContent = "All changes saved"',
      'notify() "Linked."',
      'setAttribute "Claims board"',
      'h() child "Nothing found."',
    ])
  })
})
