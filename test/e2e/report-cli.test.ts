/** `spanwise export --format report` (the real bin, in a child process) writes the same memo as the app. */
import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { Workspace } from '../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../helpers/fs'

const run = promisify(execFile)
const BIN = resolve(import.meta.dirname, '../../bin/spanwise.js')

it('spanwise export --format report --out memo.html writes a self-contained memo of the chosen articles', async () => {
  const root = tempDir()
  const text = 'El alcalde dijo que el puerto creará 3.000 empleos.'
  writeFiles(root, { 'es/nota.txt': text, 'otra.txt': 'Nada que ver aquí.' })
  const ws = await Workspace.open(root)
  const id = ws.articles().find((a) => a.path === 'es/nota.txt')!.id
  const claim = 'el puerto creará 3.000 empleos'
  await ws.createAnnotation(id, {
    id: 'c1',
    kind: 'claim',
    start: text.indexOf(claim),
    end: text.indexOf(claim) + claim.length,
    attributes: { status: 'misleading' },
    note: 'El estudio dice 1.200',
  })
  await ws.close()
  const out = join(tempDir(), 'memo.html')
  const { stderr } = await run(process.execPath, [
    BIN,
    'export',
    root,
    '--format',
    'report',
    '--out',
    out,
    '--article',
    'es/nota.txt',
  ])
  expect(stderr).toMatch(/wrote 1 articles, 1 annotations/)
  const html = readFileSync(out, 'utf8')
  expect(html).toMatch(/^<!DOCTYPE html>/)
  expect(html).toContain('class="verdict verdict-misleading"')
  expect(html).toContain('el puerto creará 3.000 empleos')
  expect(html).toContain('El estudio dice 1.200')
  expect(html).not.toContain('Nada que ver')
  expect(html).not.toMatch(/https?:\/\//)

  // The memo's language: --lang, else the environment's, else English.
  const memo = async (env: Record<string, string>, ...lang: string[]) => {
    const path = join(tempDir(), 'memo.html')
    await run(process.execPath, [BIN, 'export', root, '--format', 'report', '--out', path, ...lang], {
      env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', ...env },
    })
    return readFileSync(path, 'utf8')
  }
  expect(await memo({ LANG: 'C.UTF-8' })).toContain('Claims by verdict')
  expect(await memo({ LANG: 'es_ES.UTF-8' })).toContain('Afirmaciones por veredicto')
  expect(await memo({ LANG: 'C.UTF-8' }, '--lang', 'es')).toContain('<html lang="es">')
  expect(await memo({ LANG: 'es_ES.UTF-8' }, '--lang', 'en')).toContain('Fact-check memo')
  const wrong = await run(process.execPath, [BIN, 'export', root, '--format', 'report', '--out', out, '--lang', 'fr']).catch(
    (e: { code: number; stderr: string }) => e,
  )
  expect(wrong).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown language "fr"') })
}, 240_000)

it('spanwise export --format report keeps the same guards: no file replaced without --force, nothing into .spanwise/', async () => {
  const root = tempDir()
  writeFiles(root, { 'nota.txt': 'El alcalde dijo algo.' })
  const report = (out: string, ...more: string[]) =>
    run(process.execPath, [BIN, 'export', root, '--format', 'report', '--out', out, ...more]).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    )
  const existing = join(tempDir(), 'memo.html')
  writeFileSync(existing, 'the editor’s own notes')
  const kept = await report(existing)
  expect(kept.code).toBe(1)
  expect(kept.stderr).toMatch(/exists already: add --force/)
  expect(readFileSync(existing, 'utf8')).toBe('the editor’s own notes')
  const refused = await report(join(root, '.spanwise', 'memo.html'), '--force')
  expect(refused.code).toBe(1)
  expect(refused.stderr).toMatch(/refusing to write the export into \.spanwise/)
  expect((await report(existing, '--force')).code).toBe(0)
  expect(readFileSync(existing, 'utf8')).toMatch(/^<!DOCTYPE html>/)
})
