import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeExport } from '../../../src/main/export/export-writer'
import { importSpanwiseExport } from '../../../src/main/export/import-export'
import { Workspace } from '../../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../../helpers/fs'

const ES = 'Kim 🇰🇵 dijo: «Vamos a estrechar lazos» 😀.\n\nPutin 𝔸 respondió “sí”.'
const EN = '# Summit\n\nThe summit was held in April 1200.'

describe('Spanwise JSON round trip', () => {
  it('importing an export into an empty workspace and exporting again gives the same data', async () => {
    const root = tempDir()
    writeFiles(root, { 'es/kim.txt': ES, 'en/summit.md': EN })
    const ws = await Workspace.open(root)
    const es = ws.articles().find((a) => a.path === 'es/kim.txt')!.id
    const en = ws.articles().find((a) => a.path === 'en/summit.md')!.id
    const at = (text: string, s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length })
    await ws.createEntity({ id: 'kim', name: 'Kim Jong-un', type: 'person', aliases: ['Kim'], note: 'líder norcoreano' })
    await ws.createAnnotation(es, {
      id: 'q',
      kind: 'quote',
      ...at(ES, '«Vamos a estrechar lazos» 😀'),
      attributes: { speakerId: 'kim', mode: 'direct' },
      note: 'cita',
      tags: ['cumbre'],
    })
    await ws.createAnnotation(es, { id: 'e', kind: 'entity', ...at(ES, 'Kim'), attributes: { entityId: 'kim' } })
    await ws.createAnnotation(en, {
      id: 'c',
      kind: 'claim',
      ...at('Summit\n\nThe summit was held in April 1200.', 'April 1200'),
      attributes: { status: 'false' },
    })
    await ws.createLink({
      id: 'l',
      from: { articleId: en, annotationId: 'c' },
      to: { articleId: es, annotationId: 'q' },
      relation: 'contradicts',
    })
    await ws.updateMetadata(es, { outlet: 'Agencia', title: 'Kim y Putin' })
    const first = join(tempDir(), 'first.json')
    await writeExport(ws, first, { format: 'json' })
    await ws.close()

    const copy = join(tempDir(), 'copy')
    const summary = await importSpanwiseExport(JSON.parse(readFileSync(first, 'utf8')), copy)
    expect(summary).toEqual({ articles: 2, annotations: 3, entities: 1, links: 1 })
    const again = await Workspace.open(copy)
    const second = join(tempDir(), 'second.json')
    await writeExport(again, second, { format: 'json' })
    await again.close()

    const strip = (file: string) => {
      const data = JSON.parse(readFileSync(file, 'utf8'))
      delete data.exportedAt
      delete data.workspace
      return data
    }
    expect(strip(second)).toEqual(strip(first))
  })

  it('refuses a non-empty folder and paths that would leave the workspace', async () => {
    const root = tempDir()
    writeFiles(root, { 'a.txt': 'ya' })
    const corpus = {
      format: 'spanwise',
      version: 1,
      offsetUnit: 'codepoint',
      exportedAt: '',
      generator: '',
      workspace: { name: 'x' },
      entities: [],
      articles: [],
    }
    await expect(importSpanwiseExport(corpus, root)).rejects.toThrow(/not empty/)
    const evil = {
      ...corpus,
      articles: [{ id: 'a', path: '../../etc/evil.txt', metadata: {}, contentHash: '', text: 'x', annotations: [], links: [] }],
    }
    await expect(importSpanwiseExport(evil, join(tempDir(), 'w'))).rejects.toThrow(/leave the workspace/)
    await expect(importSpanwiseExport({ nope: true }, join(tempDir(), 'w'))).rejects.toThrow(/Not a valid Spanwise export/)
  })
})
