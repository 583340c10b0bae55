/**
 * Sync with a teammate as the window shows it, against a real express-pouchdb server on 127.0.0.1:
 * connecting through the Sync dialog (a wrong password is one clear line), who changed each annotation
 * in the list ("by ben · …"), a conflict after both edited the same claim offline shown on the
 * annotation itself with both versions side by side, merged field by field in the editor, the merge
 * reaching the teammate (a main-side Workspace with its own replica), and the claims board's Author
 * column and filter. Nothing about authors shows while the workspace does not sync.
 *
 * SPANWISE_SCREENSHOTS=<folder> saves the conflict editor at 1280×720 there (docs/sync-conflict.png).
 */
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import {
  ARTICLE,
  ARTICLE_TEXT,
  USERS,
  annotationsOf,
  articleId,
  claimDraft,
  member,
  serverForFile,
  waitFor,
} from '../helpers/sync'
import { openWorkbench, type Workbench } from './harness'

const { server, team } = serverForFile()

let wb: Workbench | undefined
afterEach(async () => {
  await wb?.close()
  wb = undefined
})

const row = (id: string) => `.sw-annotation-row[data-annotation-id="${id}"]`

/** The Sync dialog from the toolbar, filled and sent; resolves once the dialog closed or showed its error. */
async function connect(page: Page, url: string, password: string): Promise<void> {
  await page.click('button[name="sync"]')
  await page.fill('.sw-dialog input[name="url"]', url)
  await page.fill('.sw-dialog input[name="username"]', 'ana')
  await page.fill('.sw-dialog input[name="password"]', password)
  await page.fill('.sw-dialog input[name="member"]', 'Ana')
  await page.click('.sw-dialog button.sw-primary')
}

async function stopSyncing(page: Page): Promise<void> {
  await page.click('button[name="sync"]')
  await page.click('.sw-dialog button[name="disconnect"]')
  await page.waitForSelector('button[name="sync"]:has-text("Not syncing")')
}

// Generous deadlines: on a loaded machine a request to the server can time out, and the replication
// then retries after a back-off that doubles (1 s, 2 s, 4 s…, at most a minute).
const SYNCED_WITHIN_MS = 150_000

describe('sync in the window', { timeout: 600_000 }, () => {
  it('connects, shows who changed what, shows a conflict on the claim, merges it, and the teammate gets the merge', async () => {
    const url = server().url('newsroom')
    const ben = await member('ben', { [ARTICLE]: ARTICLE_TEXT })
    team.push(ben)
    await ben.workspace.createAnnotation(articleId, claimDraft('c1', 2))
    await ben.workspace.createAnnotation(articleId, claimDraft('c-ben', 9))
    await (await ben.connect(url)).live()

    wb = await openWorkbench({ files: { [ARTICLE]: ARTICLE_TEXT }, viewport: { width: 1280, height: 720 } })
    const { page } = wb
    await page.click('.sw-library-row')
    await page.waitForSelector('.sw-main[aria-busy="false"] .sw-article')

    // A wrong password: one clear line in the dialog, nothing connected.
    await connect(page, url, 'not-the-password')
    const error = page.locator('.sw-dialog .sw-dialog-error')
    await error.waitFor({ state: 'visible' })
    const line = (await error.textContent()) ?? ''
    // The server named as the user typed it (host and port), and what happened to their data.
    expect(line).toMatch(/^127\.0\.0\.1:\d+ refused the user name or password: nothing was sent\.?$/)
    expect(line).not.toContain('\n')
    await page.keyboard.press('Escape')
    await expect(page.locator('button[name="sync"]').textContent()).resolves.toBe('Not syncing')

    // Before syncing, nothing about authors shows: not in the list, not on the board.
    await page.keyboard.press('Control+Shift+B')
    await page.waitForSelector('.sw-board[aria-busy="false"]')
    expect(await page.locator('.sw-board-head [data-column="author"]').count()).toBe(0)
    expect(await page.locator('.sw-board select[name="author"]').count()).toBe(0)
    await page.click('button[name="close-board"]')

    // Connected: ben's claims arrive, each saying who changed it.
    await connect(page, url, USERS.ana)
    await page.waitForSelector('.sw-dialog', { state: 'detached' })
    await page.waitForSelector(`${row('c1')} .sw-row-author:has-text("by ben")`, { timeout: SYNCED_WITHIN_MS })
    await page.waitForSelector(`${row('c-ben')} .sw-row-author:has-text("by ben")`)
    await expect
      .poll(() => page.locator('button[name="sync"]').textContent(), { timeout: SYNCED_WITHIN_MS, interval: 250 })
      .toMatch(/^Synced/)

    // Both offline; both change claim c1.
    await stopSyncing(page)
    await expect.poll(() => page.locator('.sw-row-author').count()).toBe(0)
    await ben.disconnect()
    await page.click(row('c1'))
    await page.selectOption('.sw-editor select[name="status"]', 'accurate')
    await page.fill('.sw-editor textarea[name="note"]', 'Ana: the port authority says 5.4 million')
    await page.keyboard.press('Tab')
    await page.waitForSelector('.sw-save-status:has-text("All changes saved")')
    await ben.workspace.updateAnnotation(articleId, 'c1', { note: 'Ben: the ministry says 5.1 million' })

    // Back online: the conflict shows on the claim's row, in the toolbar, and in the editor with both versions.
    await (await ben.connect(url)).live()
    await connect(page, url, USERS.ana)
    await page.waitForSelector(`${row('c1')} .sw-conflict-mark`, { timeout: SYNCED_WITHIN_MS })
    await page.waitForSelector('button[name="sync"]:has-text("1 conflict")')
    await page.click(row('c1'))
    const conflict = page.locator('.sw-editor .sw-conflict')
    await expect(conflict.locator('.sw-conflict-head').textContent()).resolves.toBe('Changed by a teammate (ben) and by you')
    const different = await conflict
      .locator('tr.is-different')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-field')))
    expect(different.sort()).toEqual(['note', 'status'])
    await expect(conflict.locator('tr[data-field="note"]').textContent()).resolves.toContain('Ben: the ministry says 5.1 million')
    await expect(conflict.locator('tr[data-field="note"]').textContent()).resolves.toContain(
      'Ana: the port authority says 5.4 million',
    )
    expect(await conflict.locator('button[name="keep-mine"]').count()).toBe(1)
    expect(await conflict.locator('button[name="keep-theirs"]').count()).toBe(1)
    const shots = process.env.SPANWISE_SCREENSHOTS
    if (shots) {
      await conflict.evaluate((e) => e.scrollIntoView({ block: 'start' }))
      await page.screenshot({ path: join(shots, 'sync-conflict.png') })
    }

    // Merge: ana's status stays (mine is picked), ben's note picked then edited.
    await conflict.locator('button[name="merge"]').click()
    await conflict.locator('.sw-merge-field[data-field="note"] input[value="1"]').check()
    await expect(conflict.locator('textarea[name="merged-note"]').inputValue()).resolves.toBe(
      'Ben: the ministry says 5.1 million',
    )
    await conflict.locator('textarea[name="merged-note"]').fill('Ministry 5.1 million, port 5.4 million: ask both')
    await conflict.locator('button[name="save-merge"]').click()

    await page.waitForSelector(`${row('c1')} .sw-conflict-mark`, { state: 'detached' })
    await page.waitForSelector('.sw-editor .sw-conflict', { state: 'detached' })
    await expect
      .poll(() => page.locator('.sw-editor textarea[name="note"]').inputValue(), { timeout: 30_000 })
      .toBe('Ministry 5.1 million, port 5.4 million: ask both')
    await waitFor(
      async () => (await annotationsOf(ben)).get('c1')?.note === 'Ministry 5.1 million, port 5.4 million: ask both',
      'the merge on ben’s laptop',
      60_000,
    )
    expect((await annotationsOf(ben)).get('c1')?.status).toBe('accurate')
    await waitFor(() => ben.sync!.conflicts().length === 0, 'no conflict left on ben', SYNCED_WITHIN_MS)
    await page.waitForSelector(`${row('c1')} .sw-row-author:has-text("by Ana")`)
    await expect.poll(() => page.locator('button[name="sync"]').textContent(), { timeout: 30_000 }).not.toContain('conflict')

    // The claims board: an Author column, and a filter by author.
    await page.keyboard.press('Control+Shift+B')
    await page.waitForSelector('.sw-board[aria-busy="false"]')
    await page.waitForSelector('.sw-board-head [data-column="author"]')
    const boardIds = () =>
      page.locator('.sw-board-list .sw-board-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-annotation-id')))
    await expect(boardIds()).resolves.toHaveLength(2)
    await page.selectOption('.sw-board select[name="author"]', 'ben')
    await expect.poll(boardIds).toEqual(['c-ben'])
    await page.selectOption('.sw-board select[name="author"]', 'Ana')
    await expect.poll(boardIds).toEqual(['c1'])
    await expect(page.locator('.sw-board-row[data-annotation-id="c1"] .sw-board-col-author').textContent()).resolves.toBe('Ana')
    expect(wb.errors).toEqual([])
  })
})
