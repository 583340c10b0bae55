/**
 * Damage a workspace may carry (a file edited by hand, merged by a sync tool, written by a buggy tool)
 * is never accepted silently: out-of-range offsets, duplicate annotation ids, text files that are not
 * valid UTF-8. Each is kept, repaired where it can be, and said to the user.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import type { RecoveryReport } from '../../../src/main/store/durable-json-file'
import { DATA_DIR, Workspace } from '../../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../../helpers/fs'

const TEXT = 'La alcaldesa dijo: «Es la mejor noticia». El concejal lo negó.'

/** A workspace with two saved annotations, closed (its JSON file holds them), and that file's path. */
async function saved() {
  const root = tempDir()
  writeFiles(root, { 'nota.txt': TEXT })
  const ws = await Workspace.open(root)
  const [a] = ws.articles()
  const at = (s: string) => ({ start: TEXT.indexOf(s), end: TEXT.indexOf(s) + s.length })
  await ws.createAnnotation(a.id, { id: 'q1', kind: 'quote', ...at('«Es la mejor noticia»') })
  await ws.createAnnotation(a.id, { id: 'c1', kind: 'claim', ...at('El concejal lo negó') })
  await ws.close()
  const file = join(root, DATA_DIR, 'annotations', `${a.id}.json`)
  return { root, id: a.id, file, stored: JSON.parse(readFileSync(file, 'utf8')) }
}

async function reopen(root: string) {
  const notices: RecoveryReport[] = []
  const ws = await Workspace.open(root, { onRecover: (r) => notices.push(r) })
  return { ws, notices }
}

describe('damage accepted silently no more', () => {
  it('makes an annotation whose offsets lie outside the text an orphan, kept with its text, and says so', async () => {
    const { root, id, file, stored } = await saved()
    stored.annotations[1] = { ...stored.annotations[1], start: TEXT.length + 10, end: TEXT.length + 29 }
    writeFileSync(file, JSON.stringify(stored))
    const { ws, notices } = await reopen(root)
    const opened = await ws.openArticle(id)
    const c1 = opened.annotations.find((a) => a.id === 'c1')!
    expect(c1).toMatchObject({ anchor: 'orphaned', exact: 'El concejal lo negó' })
    expect(opened.annotations.find((a) => a.id === 'q1')!.anchor).toBeUndefined()
    expect(notices.map((n) => n.reason)).toEqual([expect.stringMatching(/nota\.txt: 1 annotation.*outside the text.*orphan/)])
    // Kept as an orphan on disk too, and re-attachable.
    await ws.reattachAnnotation(id, 'c1', TEXT.indexOf('El concejal'), TEXT.length - 1)
    await ws.close()
    const again = await reopen(root)
    expect((await again.ws.openArticle(id)).annotations.find((a) => a.id === 'c1')!.anchor).toBeUndefined()
    expect(again.notices).toEqual([])
    await again.ws.close()
  })

  it('keeps both annotations that share an id, one under a new id, and says so', async () => {
    const { root, id, file, stored } = await saved()
    stored.annotations[1] = { ...stored.annotations[1], id: 'q1' }
    writeFileSync(file, JSON.stringify(stored))
    const { ws, notices } = await reopen(root)
    const opened = await ws.openArticle(id)
    expect(opened.annotations.map((a) => [a.id, a.exact])).toEqual([
      ['q1', '«Es la mejor noticia»'],
      ['q1-copy-1', 'El concejal lo negó'],
    ])
    expect(notices.map((n) => n.reason)).toEqual([
      expect.stringMatching(/nota\.txt: 1 annotation\(s\) had the id of another.*q1 → q1-copy-1/),
    ])
    // The new id lasts: an edit of the copy is saved under it, and the next open has nothing to say.
    await ws.updateAnnotation(id, 'q1-copy-1', { note: 'revisar' })
    await ws.close()
    const again = await reopen(root)
    expect((await again.ws.openArticle(id)).annotations.map((a) => [a.id, a.note])).toEqual([
      ['q1', ''],
      ['q1-copy-1', 'revisar'],
    ])
    expect(again.notices).toEqual([])
    await again.ws.close()
  })

  it('says in the library row that a .txt is not valid UTF-8', async () => {
    const root = tempDir()
    const mixed = new Uint8Array([
      ...Buffer.from('Canción de otoño. ', 'utf8'),
      ...iconv.encode('Pasó el camión', 'windows-1252'),
      ...Buffer.from(' y llegó.', 'utf8'),
    ])
    writeFiles(root, {
      'mezcla.txt': mixed,
      'legado.txt': iconv.encode('El niño comió piñones.', 'windows-1252'),
      'bien.txt': 'Todo en orden, señor.',
    })
    const ws = await Workspace.open(root)
    const row = (path: string) => ws.articles().find((a) => a.path === path)!
    expect(row('mezcla.txt').warning).toMatch(/^Not valid UTF-8: 2 bytes \(the first at byte 23\) read as Windows-1252/)
    expect(row('legado.txt').warning).toMatch(/^Not valid UTF-8: read as windows-1252/)
    expect(row('bien.txt').warning).toBeUndefined()
    expect(row('mezcla.txt').error).toBeUndefined() // still readable and annotatable
    await ws.close()
  })
})
