/**
 * An export lists the annotations folder once and does not look for the files the listing did not
 * find (ArticleStore.withFolderListing). What a user checks: every annotation is exported, whether in
 * the JSON file or still in a journal; one made during the export is never lost, even after its file
 * was let go; and links planted in `.spanwise/` are still never read through.
 */
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeExport } from '../../../src/main/export/export-writer'
import { articleIdFor, DATA_DIR, Workspace } from '../../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../../helpers/fs'

const TEXT = 'La alcaldesa afirmó: «El puerto traerá empleo». El informe técnico lo desmiente.'
const span = (phrase: string) => ({ start: TEXT.indexOf(phrase), end: TEXT.indexOf(phrase) + phrase.length })

interface Exported {
  articles: { path: string; annotations: { id: string; exact: string }[] }[]
}

async function exportJson(ws: Workspace): Promise<Exported> {
  const out = join(tempDir(), 'export.json')
  await writeExport(ws, out, { format: 'json' })
  return JSON.parse(readFileSync(out, 'utf8')) as Exported
}

const idsOf = (data: Exported, path: string) =>
  data.articles
    .find((a) => a.path === path)!
    .annotations.map((a) => a.id)
    .sort()

describe('export with one listing of the annotations folder', () => {
  it('exports annotations in JSON files and those still in a journal another Spanwise is appending to', async () => {
    const root = tempDir()
    writeFiles(root, { 'a.txt': TEXT, 'b.txt': TEXT, 'c.txt': TEXT })
    // Compaction put off: the second change of a.txt stays in its journal while the writer runs.
    const writer = await Workspace.open(root, { journal: { idleMs: 3_600_000, compactAfterEntries: 1000 } })
    try {
      const [a, b] = ['a.txt', 'b.txt'].map((p) => writer.articles().find((x) => x.path === p)!.id)
      await writer.createAnnotation(a, { id: 'a1', kind: 'quote', ...span('«El puerto traerá empleo»') })
      await writer.createAnnotation(a, { id: 'a2', kind: 'claim', ...span('El informe técnico') })
      await writer.createAnnotation(b, { id: 'b1', kind: 'entity', ...span('alcaldesa') })
      const reader = await Workspace.open(root, { readOnly: true })
      try {
        const data = await exportJson(reader)
        expect(idsOf(data, 'a.txt')).toEqual(['a1', 'a2'])
        expect(idsOf(data, 'b.txt')).toEqual(['b1'])
        expect(idsOf(data, 'c.txt')).toEqual([])
      } finally {
        await reader.close()
      }
    } finally {
      await writer.close()
    }
  })

  it('an article annotated during an export, its file let go and opened again, keeps every annotation', async () => {
    const root = tempDir()
    // More articles than annotation files kept loaded (64), so opening them all lets the first one go.
    const files: Record<string, string> = {}
    for (let i = 0; i < 80; i++) files[`n${String(i).padStart(2, '0')}.txt`] = TEXT
    writeFiles(root, files)
    let ws = await Workspace.open(root)
    const first = ws.articles()[0]
    await ws.store.withFolderListing(async () => {
      // Listed with no file at all; annotated now, then let go while the pass opens the others.
      await ws.createAnnotation(first.id, { id: 'early', kind: 'quote', ...span('«El puerto traerá empleo»') })
      for (const article of ws.articles().slice(1)) await ws.articleForExport(article.id)
      const again = await ws.articleForExport(first.id)
      expect(again.annotations.map((a) => a.id)).toEqual(['early'])
      await ws.createAnnotation(first.id, { id: 'later', kind: 'claim', ...span('El informe técnico') })
    })
    await ws.close()
    ws = await Workspace.open(root)
    try {
      expect(idsOf(await exportJson(ws), first.path)).toEqual(['early', 'later'])
    } finally {
      await ws.close()
    }
  })

  it('a link planted as an annotation file or journal is not read through by the export', async () => {
    const root = tempDir()
    const outside = tempDir('spanwise-outside-')
    writeFiles(root, { 'a.txt': TEXT, 'b.txt': TEXT })
    const [a, b] = [articleIdFor('a.txt'), articleIdFor('b.txt')]
    // Bait: a valid annotation file and journal line outside the workspace.
    const bait = {
      version: 2,
      articleId: a,
      path: 'a.txt',
      textHash: '',
      journalSeq: 0,
      annotations: [
        {
          id: 'stolen',
          kind: 'entity',
          ...span('alcaldesa'),
          exact: 'alcaldesa',
          prefix: '',
          suffix: '',
          attributes: { entityType: 'person' },
          note: '',
          tags: [],
          createdAt: '2025-01-01T00:00:00.000Z',
          updatedAt: '2025-01-01T00:00:00.000Z',
        },
      ],
    }
    writeFileSync(join(outside, 'a.json'), JSON.stringify(bait))
    writeFileSync(join(outside, 'b.journal'), `${JSON.stringify({ seq: 1, puts: bait.annotations, deletes: [] })}\n`)
    const ws = await Workspace.open(root)
    try {
      symlinkSync(join(outside, 'a.json'), join(root, DATA_DIR, 'annotations', `${a}.json`))
      symlinkSync(join(outside, 'b.journal'), join(root, DATA_DIR, 'annotations', `${b}.journal`))
      const data = await exportJson(ws)
      expect(idsOf(data, 'a.txt')).toEqual([])
      expect(idsOf(data, 'b.txt')).toEqual([])
      expect(readFileSync(join(outside, 'a.json'), 'utf8')).toBe(JSON.stringify(bait))
    } finally {
      await ws.close()
    }
  })
})
