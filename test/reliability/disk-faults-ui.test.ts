/**
 * The read-only / disk-full case as the journalist sees it (browser harness, built renderer, real
 * services): the tag stays on screen, the status bar says "Not saved: Could not save: …" with a Retry
 * button, nothing reaches the disk; once the folder is writable again, Retry (or the automatic retry
 * every 3 s) saves it and the status returns to "All changes saved".
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readStoredAnnotations } from '../../src/main/store/annotation-file'
import { articleIdFor, DATA_DIR } from '../../src/main/workspace/workspace'
import { openArticle, openWorkbench, selectWithMouse, type Workbench } from '../e2e/harness'
import { diskFullUnder, makeReadOnly, type Fault } from './faults'

const TEXT = 'Pleno municipal\n\nLa concejala afirmó: «El presupuesto está equilibrado». El interventor discrepa.'

let wb: Workbench | undefined
let fault: Fault | null = null
afterEach(async () => {
  fault?.undo()
  fault = null
  await wb?.close()
  wb = undefined
})

describe('saving to a folder that refuses writes, on screen', () => {
  it('shows "Not saved" with Retry, keeps the tag, and saves once the folder is writable again', async () => {
    wb = await openWorkbench({ files: { 'pleno.txt': TEXT } })
    const { page } = wb
    await openArticle(page, 'Pleno municipal')
    const dataDir = join(wb.workspace, DATA_DIR)
    fault = makeReadOnly(dataDir) ?? diskFullUnder(dataDir)

    await selectWithMouse(page, 'El interventor discrepa')
    await page.keyboard.press('c')
    await page.waitForSelector('.sw-save-status:has-text("Not saved: Could not save")')
    await expect(page.locator('.sw-save-status button', { hasText: 'Retry' }).count()).resolves.toBe(1)
    // The tag is still on screen, and not on disk.
    await expect(page.locator('.sw-article [data-annotation-id]').count()).resolves.toBeGreaterThan(0)
    const file = join(dataDir, 'annotations', `${articleIdFor('pleno.txt')}.json`)
    expect(existsSync(file)).toBe(false)

    fault.undo()
    fault = null
    await page.click('.sw-save-status button:has-text("Retry")')
    await page.waitForSelector('.sw-save-status:has-text("All changes saved")')
    const stored = await readStoredAnnotations(dataDir, articleIdFor('pleno.txt'))
    expect(stored?.annotations).toEqual([expect.objectContaining({ kind: 'claim', exact: 'El interventor discrepa' })])
    expect(wb.errors).toEqual([])
  })
})
