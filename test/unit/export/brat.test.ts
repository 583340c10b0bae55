import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { BRAT_TEXT_TYPES, bratBaseName, bratConf, bratFiles, bratFormat } from '../../../src/shared/export/brat'
import { ARTICLES, ARTICLE_1, ARTICLE_3, ARTICLE_EMPTY, CTX, SOURCE, cpSlice, hasPython } from './fixtures'

/** The grammar of every line the export writes. */
const LINE = {
  text: /^T(\d+)\t([A-Za-z-]+) (\d+ \d+(?:;\d+ \d+)*)\t([^\t\n]*)$/,
  attribute: /^A\d+\t(Status|Mode) (T\d+) ([^\s]+)$/,
  note: /^#\d+\tAnnotatorNotes (T\d+)\t([^\t\n]+)$/,
  relation: /^R\d+\t(Supports|Contradicts|Same-statement|Translation-of) Arg1:(T\d+) Arg2:(T\d+)$/,
}
/** What Python's str.splitlines breaks at. */
const PY_LINE_BREAK = /[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/ // eslint-disable-line no-control-regex

interface ParsedT {
  id: string
  type: string
  fragments: [number, number][]
  text: string
}

function parseAnn(ann: string) {
  expect(ann === '' || ann.endsWith('\n')).toBe(true)
  const lines = ann === '' ? [] : ann.slice(0, -1).split('\n')
  const texts = new Map<string, ParsedT>()
  const refs: string[] = []
  const rest: string[] = []
  for (const line of lines) {
    const t = LINE.text.exec(line)
    if (t) {
      const fragments = t[3].split(';').map((f) => f.split(' ').map(Number) as [number, number])
      texts.set(`T${t[1]}`, { id: `T${t[1]}`, type: t[2], fragments, text: t[4] })
      continue
    }
    const m = LINE.attribute.exec(line) ?? LINE.note.exec(line)
    if (m) {
      refs.push(line.startsWith('A') ? m[2] : m[1])
      rest.push(line)
      continue
    }
    const r = LINE.relation.exec(line)
    expect(r, `line does not match the grammar: ${JSON.stringify(line)}`).not.toBeNull()
    refs.push(r![2], r![3])
    rest.push(line)
  }
  return { texts, refs, rest }
}

const ANN_1 = bratFiles(ARTICLE_1)[1].content

describe('brat standoff export', () => {
  it('writes <base>.txt holding exactly the article text and <base>.ann', () => {
    for (const article of ARTICLES) {
      const [txt, ann] = bratFiles(article)
      const base = bratBaseName(article)
      expect(txt).toEqual({ name: `${base}.txt`, content: article.text })
      expect(ann.name).toBe(`${base}.ann`)
    }
    expect(bratFiles(ARTICLE_EMPTY)[1].content).toBe('')
  })

  it('derives safe, distinct base names from hostile paths', () => {
    const paths = [
      '../../etc/passwd',
      '.hidden/x.html',
      'a/b c/d é.html',
      'a b.html',
      'a_b.html',
      'CON',
      '',
      '..',
      '/abs/olute.md',
      'C:\\win\\doc.docx',
      '-rf.txt',
    ]
    const names = paths.map((path, i) => bratBaseName({ id: `id${i}`, path }))
    for (const name of names) {
      expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]*$/)
      expect(name).not.toContain('..')
      expect(name.length).toBeLessThanOrEqual(80 + 1 + 64)
    }
    expect(new Set(names).size).toBe(names.length)
    expect(names[2]).toBe('a__b_c__d_e-id2')
  })

  it('writes only lines of the brat grammar, every reference to a defined T', () => {
    for (const article of ARTICLES) {
      const { texts, refs } = parseAnn(bratFiles(article)[1].content)
      for (const ref of refs) expect(texts.has(ref)).toBe(true)
    }
  })

  it('gives offsets that slice the .txt to the text, fragments joined by one space', () => {
    for (const article of ARTICLES) {
      for (const t of parseAnn(bratFiles(article)[1].content).texts.values()) {
        expect(t.fragments.map(([s, e]) => cpSlice(article.text, s, e)).join(' ')).toBe(t.text)
        for (const [i, [s, e]] of t.fragments.entries()) {
          expect(e).toBeGreaterThan(s)
          if (i > 0) expect(s).toBeGreaterThan(t.fragments[i - 1][1]) // brat rejects touching fragments
          expect(cpSlice(article.text, s, e)).not.toMatch(PY_LINE_BREAK)
        }
      }
    }
  })

  it('labels spans by kind and entity type, and leaves orphaned annotations out', () => {
    const types = [...parseAnn(ANN_1).texts.values()].map((t) => `${t.type}:${t.text}`)
    expect(types).toEqual(
      expect.arrayContaining([
        'Quote:« Les prix ont baissé de 12 % »',
        'Claim:Les prix ont baissé de 12 %',
        'Person:Élodie Müller',
        'Organisation:Reuters',
        'Place:𠜎',
        'Event:😀 a dit',
      ]),
    )
    expect(types).toHaveLength(SOURCE.size - 2 - 1) // minus ARTICLE_3's two, minus the orphan
    expect(ANN_1).not.toContain('texte disparu')
  })

  it('splits a span across line breaks into fragments (discontinuous annotation)', () => {
    const c2 = [...parseAnn(ANN_1).texts.values()].find((t) => t.text.startsWith('selon'))!
    expect(c2.fragments).toHaveLength(2)
    expect(c2.text).toBe('selon Reuters. Le ministre 𝔘𝔫𝔦')
    // U+2028, an empty line and U+2029 in one span: four fragments, the empty one dropped.
    const c9 = [...parseAnn(bratFiles(ARTICLE_3)[1].content).texts.values()].find((t) => t.type === 'Claim')!
    expect(c9.fragments.map(([s, e]) => cpSlice(ARTICLE_3.text, s, e))).toEqual(['un', 'ligne deux', 'fin 🎉', 'der'])
  })

  it('writes attributes, notes on one line, and same-article links as relations', () => {
    const { texts, rest } = parseAnn(ANN_1)
    const idOf = (text: string) => [...texts.values()].find((t) => t.text === text)!.id
    const q1 = idOf('« Les prix ont baissé de 12 % »')
    const c1 = idOf('Les prix ont baissé de 12 %')
    const c4 = idOf('Le ministre')
    expect(rest).toContainEqual(expect.stringMatching(new RegExp(`^A\\d+\\tMode ${q1} direct$`)))
    expect(rest).toContainEqual(expect.stringMatching(new RegExp(`^A\\d+\\tStatus ${c1} false$`)))
    expect(rest).toContainEqual(expect.stringMatching(new RegExp(`^A\\d+\\tStatus ${c4} needs_context$`)))
    expect(rest).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^#\\d+\\tAnnotatorNotes ${q1}\\tSpeaker: Élodie Müller \\| Tags: économie, =cmd \\| Vérifié, "mot pour mot", selon l'enregistrement$`,
        ),
      ),
    )
    const c2 = [...texts.values()].find((t) => t.text.startsWith('selon'))!.id
    expect(rest).toContainEqual(expect.stringMatching(new RegExp(`^R1\\tContradicts Arg1:${c2} Arg2:${c1}$`)))
    expect(rest.filter((l) => l.startsWith('R'))).toHaveLength(1) // the link to another article is left out
  })

  it.skipIf(!hasPython())("passes brat's own parsing rules, run in Python on its line splitting and string slicing", () => {
    // The checks of brat's server/src/annotation.py (TextAnnotations._parse_textbound_annotation):
    // lines as its codecs reader splits them, fragments within the text and not touching, and the
    // text field equal to the fragments' text joined by DISCONT_SEP (one space).
    const script = `
import json, sys
DISCONT_SEP = ' '
errors = []
for doc in json.loads(sys.stdin.read()):
    text, ann = doc['txt'], doc['ann']
    for line in ann.splitlines(keepends=True):
        ident, tail = line.split('\\t', 1)
        if not ident.startswith('T'):
            continue
        data, data_tail = tail.split('\\t', 1)
        data_tail = '\\t' + data_tail
        type_, rest = data.split(' ', 1)
        spans = [tuple(int(x) for x in s.split(' ')) for s in rest.split(';')]
        seen = []
        for start, end in spans:
            if not (0 <= start <= end <= len(text)):
                errors.append(('range', line))
            for ostart, oend in seen:
                if end >= ostart and start < oend:
                    errors.append(('overlap', line))
            seen.append((start, end))
        spanlen = sum(e - s for s, e in spans) + (len(spans) - 1) * len(DISCONT_SEP)
        found = data_tail[1:spanlen + 1]
        after = data_tail[spanlen + 1:]
        if found != DISCONT_SEP.join(text[s:e] for s, e in spans):
            errors.append(('text', line))
        if after != '' and not after[0].isspace():
            errors.append(('tail', line))
sys.stdout.write(json.dumps(errors))
`
    const docs = ARTICLES.map((a) => ({ txt: bratFiles(a)[0].content, ann: bratFiles(a)[1].content }))
    const errors = JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(docs), encoding: 'utf8' }))
    expect(errors).toEqual([])
  })

  it('declares every type, relation and attribute value in annotation.conf', () => {
    const conf = bratConf(['unchecked', 'false', 'needs context'])
    const entities = conf.split('[entities]\n')[1].split('\n\n')[0].split('\n')
    expect(entities).toEqual([...BRAT_TEXT_TYPES])
    expect(conf).toContain('Status\tArg:Claim, Value:unchecked|false|needs_context\n')
    expect(conf).toContain('Mode\tArg:Quote, Value:direct|reported\n')
    expect(conf).toMatch(/^Contradicts\tArg1:Quote\|Claim\|Person\|Organisation\|Place\|Event\|Other, Arg2:/m)
    expect(conf).toContain('<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>')
    expect(bratFormat.collectionFiles(CTX)).toEqual([{ name: 'annotation.conf', content: bratConf() }])
  })
})
