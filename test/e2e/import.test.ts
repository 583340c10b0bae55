/**
 * Getting files in: File → Import… (native dialog), files dropped on the window, pasted text, with a
 * bad file reported and skipped; and editing an article's details.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/fs'
import { openWorkbench, type Workbench } from './harness'

let wb: Workbench | undefined
afterEach(async () => {
  await wb?.close()
  wb = undefined
})

describe('getting articles into a workspace', () => {
  it('imports chosen files as copies, skipping a bad one with its reason, and the library shows them', async () => {
    const outside = tempDir('spanwise-outside-')
    writeFileSync(join(outside, 'nota.txt'), 'Nota de prensa\n\nEl puerto abrirá en 2029.')
    writeFileSync(join(outside, 'vacio.txt'), '')
    writeFileSync(join(outside, 'brief.md'), '# Briefing\n\nThe port opens in **2029**.')
    wb = await openWorkbench({
      files: { 'existente.txt': 'Ya estaba' },
      chooseFiles: ['nota.txt', 'vacio.txt', 'brief.md'].map((n) => join(outside, n)),
    })
    await wb.page.click('button[name="import"]')
    await wb.page.waitForSelector('.sw-notice:has-text("Imported 2 files")')
    await wb.page.waitForSelector('.sw-notice.is-error:has-text("vacio.txt")')
    await wb.page.waitForSelector('.sw-library-row:has-text("Briefing")')
    expect(await wb.page.locator('.sw-library-title').allTextContents()).toEqual(['Briefing', 'Ya estaba', 'Nota de prensa'])
    expect(readdirSync(wb.workspace).sort()).toEqual(['.spanwise', 'brief.md', 'existente.txt', 'nota.txt'])
    expect(readdirSync(outside).sort()).toEqual(['brief.md', 'nota.txt', 'vacio.txt']) // originals stay where they were
  })

  it('imports files dropped on the window, never overwriting a file of the same name', async () => {
    wb = await openWorkbench({ files: { 'nota.txt': 'Original' } })
    const dataTransfer = await wb.page.evaluateHandle(() => {
      const dt = new DataTransfer()
      dt.items.add(new File(['Soltado\n\nTexto «soltado» 😀'], 'nota.txt', { type: 'text/plain' }))
      return dt
    })
    await wb.page.dispatchEvent('body', 'drop', { dataTransfer })
    await wb.page.waitForSelector('.sw-library-row:has-text("Soltado")')
    expect(readFileSync(join(wb.workspace, 'nota.txt'), 'utf8')).toBe('Original')
    expect(readFileSync(join(wb.workspace, 'nota (2).txt'), 'utf8')).toBe('Soltado\n\nTexto «soltado» 😀')
  })

  it('saves pasted text as a new article and opens it; details are editable and kept', async () => {
    wb = await openWorkbench({ files: { 'a.txt': 'A' } })
    await wb.page.click('button[name="paste-article"]')
    await wb.page.fill('.sw-dialog input[name="title"]', 'Cable de agencia')
    await wb.page.fill('.sw-dialog textarea[name="text"]', 'MADRID (EFE). — El Gobierno anunció «medidas urgentes».')
    await wb.page.click('.sw-dialog button[type="submit"]')
    await wb.page.waitForSelector('.sw-article-title:has-text("Cable de agencia")')
    await wb.page.waitForSelector('.sw-article p:has-text("medidas urgentes")')
    expect(readFileSync(join(wb.workspace, 'Cable de agencia.txt'), 'utf8')).toContain('«medidas urgentes»')

    await wb.page.click('button[name="edit-details"]')
    await wb.page.fill('.sw-dialog input[name="outlet"]', 'Agencia EFE')
    await wb.page.fill('.sw-dialog input[name="title"]', 'Medidas urgentes (EFE)')
    await wb.page.click('.sw-dialog button[type="submit"]')
    await wb.page.waitForSelector('.sw-article-meta:has-text("Agencia EFE")')
    await wb.page.waitForSelector('.sw-library-title:has-text("Medidas urgentes (EFE)")')
    await wb.restart()
    await wb.page.waitForSelector('.sw-library-title:has-text("Medidas urgentes (EFE)")')
    const stored = JSON.parse(readFileSync(join(wb.workspace, '.spanwise/metadata.json'), 'utf8'))
    expect(Object.values(stored.articles)).toEqual([{ title: 'Medidas urgentes (EFE)', outlet: 'Agencia EFE' }])
  })
})
