import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Workspace, DATA_DIR } from '../../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../../helpers/fs'

const SPANISH =
  'Putin y Kim\n\nEl presidente ruso afirmó: «Corea del Norte es un socio».\n\nLa cumbre se celebró en abril de 2019.'
const ENGLISH = '# Summit report\n\nPutin said: “North Korea is a partner.”\n\nThe summit was held in April 1200.'

function workspaceWith(files: Record<string, string>) {
  const root = tempDir()
  writeFiles(root, files)
  return root
}

describe('Workspace', () => {
  it('lists .txt and .md files below the folder with titles, skipping hidden folders', async () => {
    const root = workspaceWith({ 'es/putin.txt': SPANISH, 'en/summit.md': ENGLISH, '.hidden/x.txt': 'no', 'notes.docx.bak': 'x' })
    const ws = await Workspace.open(root)
    const articles = ws.articles()
    expect(articles.map((a) => [a.path, a.title])).toEqual([
      ['en/summit.md', 'Summit report'],
      ['es/putin.txt', 'Putin y Kim'],
    ])
    expect(articles.every((a) => a.counts?.quote === 0)).toBe(true)
  })

  it('creates, edits and deletes annotations durably, in one file per article', async () => {
    const root = workspaceWith({ 'putin.txt': SPANISH })
    const ws = await Workspace.open(root)
    const [article] = ws.articles()
    const start = SPANISH.indexOf('«')
    const end = SPANISH.indexOf('»') + 1
    const quote = await ws.createAnnotation(article.id, { id: 'q1', kind: 'quote', start, end })
    expect(quote.exact).toBe('«Corea del Norte es un socio»')
    expect(quote.prefix.endsWith('afirmó: ')).toBe(true)
    await ws.createAnnotation(article.id, { id: 'e1', kind: 'entity', start: 0, end: 5, attributes: { entityType: 'person' } })
    await ws.updateAnnotation(article.id, 'q1', { attributes: { speaker: 'Vladímir Putin' }, note: 'revisar' })
    await ws.deleteAnnotation(article.id, 'e1')
    await ws.close()

    const file = JSON.parse(readFileSync(join(root, DATA_DIR, 'annotations', `${article.id}.json`), 'utf8'))
    expect(file.annotations).toHaveLength(1)
    expect(file.annotations[0]).toMatchObject({
      id: 'q1',
      kind: 'quote',
      attributes: { speaker: 'Vladímir Putin', mode: 'direct' },
      note: 'revisar',
    })

    const reopened = await Workspace.open(root)
    expect(reopened.articles()[0].counts).toEqual({ quote: 1, claim: 0, entity: 0 })
    const opened = await reopened.openArticle(article.id)
    expect(opened.annotations.map((a) => a.id)).toEqual(['q1'])
  })

  it("never modifies the user's article files", async () => {
    const root = workspaceWith({ 'putin.txt': SPANISH })
    const before = statSync(join(root, 'putin.txt'))
    const ws = await Workspace.open(root)
    const [article] = ws.articles()
    await ws.createAnnotation(article.id, { id: 'c1', kind: 'claim', start: 0, end: 5 })
    await ws.close()
    expect(readFileSync(join(root, 'putin.txt'), 'utf8')).toBe(SPANISH)
    expect(statSync(join(root, 'putin.txt')).mtimeMs).toBe(before.mtimeMs)
  })

  it('rejects bad requests with a clear message and writes nothing', async () => {
    const root = workspaceWith({ 'putin.txt': SPANISH })
    const ws = await Workspace.open(root)
    const [article] = ws.articles()
    await expect(ws.createAnnotation(article.id, { id: 'x', kind: 'quote', start: 0, end: 10_000 })).rejects.toThrow(
      /outside the article/,
    )
    await expect(ws.createAnnotation(article.id, { id: 'x', kind: 'quote', start: 11, end: 13 })).rejects.toThrow(/white space/)
    await expect(
      ws.createAnnotation(article.id, { id: 'x', kind: 'claim', start: 0, end: 5, attributes: { status: 'maybe' } }),
    ).rejects.toThrow(/Unknown claim status/)
    await expect(ws.openArticle('0000000000000000')).rejects.toThrow(/not in this workspace/)
    expect(readdirSync(join(root, DATA_DIR, 'annotations'))).toEqual([])
  })

  it('re-reads a changed file and keeps working when a file cannot be read', async () => {
    const root = workspaceWith({ 'a.txt': 'First title\n\nBody', 'empty.txt': '' })
    const ws = await Workspace.open(root)
    const empty = ws.articles().find((a) => a.path === 'empty.txt')!
    expect(empty.error).toBeTruthy()
    writeFileSync(join(root, 'a.txt'), 'Second title\n\nBody changed')
    await ws.refresh()
    expect(ws.articles().find((a) => a.path === 'a.txt')!.title).toBe('Second title')
  })
})
