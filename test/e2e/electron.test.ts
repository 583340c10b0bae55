/**
 * The real Electron app, driven by Playwright's `_electron` (the successor of the archived Spectron).
 * Runs where an Electron binary is installed; elsewhere it is skipped with one printed reason.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { _electron as electron } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { readStoredAnnotations } from '../../src/main/store/annotation-file'
import { tempDir, writeFiles } from '../helpers/fs'
import { openArticle, selectWithMouse } from './harness'

const repoRoot = resolve(import.meta.dirname, '../..')

/** The Electron binary, found without require('electron') (which would try to download it). */
function electronBinary(): string | null {
  const pathFile = join(repoRoot, 'node_modules/electron/path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(repoRoot, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

const binary = electronBinary()
if (!binary)
  console.log('Electron e2e skipped: no Electron binary in node_modules/electron/dist (it cannot be downloaded on this machine).')

describe.skipIf(!binary)('the Electron app', () => {
  it('opens a workspace named on the command line and tags a span', async () => {
    const workspace = tempDir()
    writeFiles(workspace, { 'nota.txt': 'Titular\n\nLa alcaldesa dijo: «Es la mejor noticia».' })
    const app = await electron.launch({
      executablePath: binary!,
      args: [repoRoot, workspace],
      env: { ...process.env, SPANWISE_USER_DATA: tempDir('spanwise-user-') },
    })
    try {
      const page = await app.firstWindow()
      await openArticle(page, 'Titular')
      await selectWithMouse(page, '«Es la mejor noticia»')
      await page.keyboard.press('q')
      await page.waitForSelector('.sw-save-status:has-text("All changes saved")')
      const dir = join(workspace, '.spanwise/annotations')
      const articleId = readdirSync(dir)
        .find((n) => n.endsWith('.json'))!
        .slice(0, -'.json'.length)
      const file = (await readStoredAnnotations(join(workspace, '.spanwise'), articleId))! // JSON + journal
      expect(file.annotations[0]).toMatchObject({ kind: 'quote', exact: '«Es la mejor noticia»' })
    } finally {
      await app.close()
    }
  })
})
