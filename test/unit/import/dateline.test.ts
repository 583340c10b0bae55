/**
 * Datelines in the languages reporters' copy comes in: a first line that is only a date is passed
 * over for the title, in any of them; a headline that merely names a month or a weekday stays the title.
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { extractArticle } from '../../../src/main/import'
import { isDateline } from '../../../src/main/import/blocks'
import { DATA_DIR, Workspace } from '../../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../../helpers/fs'
import { storedLibrary } from '../../helpers/library-index'
import { utf8 } from './well-formed'

const DATELINES: [string, string][] = [
  ['en', 'Saturday, November 16'],
  ['en', 'November 16, 2024'],
  ['en', 'Monday 3rd March 2025'],
  ['es', '16 de noviembre de 2024'],
  ['es', 'Lunes 3 de marzo'],
  ['es', 'SÁBADO, 16 DE NOVIEMBRE DE 2024'],
  ['es', '1º de mayo de 2024'],
  ['fr', 'samedi 16 novembre 2024'],
  ['fr', 'Mardi 1er avril 2025'],
  ['fr', '15 août 2024'],
  ['de', 'Samstag, 16. November 2024'],
  ['de', '3. März 2025'],
  ['pt', 'sábado, 16 de novembro de 2024'],
  ['pt', 'Segunda-feira, 3 de março'],
  ['it', 'sabato 16 novembre 2024'],
  ['it', 'Giovedì 12 dicembre'],
  ['ca', 'dissabte, 16 de novembre del 2024'],
  ['ca', 'Dimecres 16 d’octubre'],
  ['ca', "16 d'abril de 2025"],
  ['numeric', '16/11/2024'],
]

/** Headlines that contain a month, a weekday or a number, but say something. */
const TITLES = [
  'May Day protests fill the streets',
  'March on Washington draws thousands',
  'Agosto, el mes más caro del año',
  'Mayo',
  'Noviembre 16 razones para votar',
  'Le samedi noir de la Bourse',
  'Der 16. November und die Folgen',
  'Sábado de huelga en los puertos',
  'Octubre: 40 años después',
  '2024 en cifras',
  'Dimarts, vaga general',
  'Sunday Times poll: 16 November election',
]

describe('datelines', () => {
  it.each(DATELINES)('recognises a %s dateline: %s', (_lang, line) => {
    expect(isDateline(line)).toBe(true)
  })

  it.each(TITLES)('keeps a headline that merely names a month or a weekday: %s', (line) => {
    expect(isDateline(line)).toBe(false)
  })

  it('titles an agency copy by its headline, passing over its dateline, in each language', async () => {
    for (const [, line] of DATELINES) {
      const text = `${line}\n\nPort strike enters its third week\n\nDockers in the port walked out again on Friday.`
      const a = await extractArticle(utf8(text), 'copy.txt', { detectLanguage: false })
      expect(a.metadata.title, line).toBe('Port strike enters its third week')
    }
  })

  it('keeps a headline with a month in it as the title', async () => {
    for (const line of TITLES) {
      const a = await extractArticle(utf8(`${line}\n\nThe body of the story, a sentence.`), 'story.txt', {
        detectLanguage: false,
      })
      expect(a.metadata.title, line).toBe(line)
    }
  })
})

describe('titles cached by an older Spanwise', () => {
  it('are read again once: a library titled by its dateline gets its headline', async () => {
    const root = tempDir()
    writeFiles(root, { 'afp.txt': 'samedi 16 novembre 2024\n\nLa grève du port continue\n\nLes dockers ont cessé le travail.' })
    let ws = await Workspace.open(root)
    await ws.close()
    // As a version that knew only Spanish and English datelines left it: one workspace.json of version 1
    // (before the library's shards), the dateline as the title.
    const shards = join(root, DATA_DIR, 'library')
    const articles = storedLibrary(root)
    rmSync(shards, { recursive: true })
    articles[0].title = 'samedi 16 novembre 2024'
    const indexFile = join(root, DATA_DIR, 'workspace.json')
    writeFileSync(indexFile, JSON.stringify({ version: 1, articles }))
    ws = await Workspace.open(root)
    try {
      expect(ws.articles().map((a) => a.title)).toEqual(['La grève du port continue'])
      await ws.settled()
    } finally {
      await ws.close()
    }
    // The old index is gone, replaced by the shards.
    expect(existsSync(indexFile)).toBe(false)
    expect(readdirSync(shards).length).toBeGreaterThan(0)
  })
})
