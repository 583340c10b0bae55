/** A workspace full of bad files: each gets a one-line reason in the library; the rest works. */
import { symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MAX_ARTICLE_BYTES } from '../../../src/main/import'
import { Workspace } from '../../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../../helpers/fs'

describe('bad input in a workspace', () => {
  it('lists each bad file with a one-line reason and keeps everything else working', async () => {
    const root = tempDir()
    writeFiles(root, {
      'buena.txt': 'Una nota buena\n\nCon texto.',
      'vacia.txt': '',
      'binaria.txt': new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3]),
      'rota.docx': 'PK not really a zip',
      'rota.pdf': '%PDF-1.7\n1 0 obj << /Type /Catalog',
      'sub/otra.md': '# Otra\n\nBien.',
    })
    writeFileSync(join(root, 'enorme.txt'), '')
    truncateSync(join(root, 'enorme.txt'), MAX_ARTICLE_BYTES + 1)
    symlinkSync(root, join(root, 'sub', 'bucle')) // a symlink loop back to the root
    const ws = await Workspace.open(root)
    const byPath = Object.fromEntries(ws.articles().map((a) => [a.path, a]))
    expect(Object.keys(byPath).sort()).toEqual([
      'binaria.txt',
      'buena.txt',
      'enorme.txt',
      'rota.docx',
      'rota.pdf',
      'sub/otra.md',
      'vacia.txt',
    ])
    expect(byPath['vacia.txt'].error).toBe('The file is empty')
    expect(byPath['binaria.txt'].error).toMatch(/binary/)
    expect(byPath['enorme.txt'].error).toMatch(/larger than 50 MB/)
    expect(byPath['rota.docx'].error).toMatch(/Word document/)
    expect(byPath['rota.pdf'].error).toMatch(/PDF/)
    for (const a of Object.values(byPath)) if (a.error) expect(a.error).not.toContain('\n')
    expect(byPath['buena.txt'].error).toBeUndefined()
    const good = await ws.openArticle(byPath['buena.txt'].id)
    expect(good.text).toContain('Con texto.')
    await expect(ws.openArticle(byPath['vacia.txt'].id)).rejects.toThrow(/vacia.txt: The file is empty/)
  })
})
