/**
 * Annotations a journalist works with: the entity registry (autocomplete, merge, propagation), quote
 * suggestions, claims with evidence across articles, undo/redo, filters and keyboard help. Each flow
 * is checked on screen and against the files on disk.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readStoredAnnotations } from '../../src/main/store/annotation-file'
import { articleIdFor } from '../../src/main/workspace/workspace'
import { openArticle as openArticleByTitle, openWorkbench, selectWithMouse, type Workbench } from './harness'

const ES = [
  'Putin recibe a Kim en Vladivostok',
  'El presidente ruso, Vladímir Putin, afirmó: «Vamos a estrechar los lazos bilaterales». Según el Kremlin, la cumbre se celebró en abril de 2019.',
  'Kim respondió: «Es un honor». El mandatario ruso sonrió.',
].join('\n\n')
const EN = [
  'Putin hosts Kim in Vladivostok',
  'Russian President Vladimir Putin said: “We will crash bilateral ties.” According to the Kremlin, the summit was held in April 1200.',
  'Kim replied: “It is an honour.”',
].join('\n\n')
const QUOTES = [
  'Convenciones',
  'Dijo: «Primera cita». He said “second quote” and „dritte Zitat“ too.',
  'Plain "straight quote" here, and a 12" pipe is not a quote.',
  'Ella dijo: «Esto es «anidado» dentro».',
].join('\n\n')

let wb: Workbench | undefined
afterEach(async () => {
  await wb?.close()
  wb = undefined
})

async function open(files: Record<string, string> = { 'es.txt': ES, 'en.txt': EN }) {
  wb = await openWorkbench({ files })
  return wb
}

const openArticle = (w: Workbench, title: string) => openArticleByTitle(w.page, title)

async function saved(w: Workbench) {
  await w.page.waitForSelector('.sw-save-status:has-text("All changes saved")')
}

/** The article's annotations as stored: its JSON file with its change journal replayed. */
async function annotationsOnDisk(w: Workbench, path: string) {
  const stored = await readStoredAnnotations(join(w.workspace, '.spanwise'), articleIdFor(path))
  return (stored?.annotations ?? []) as { id: string; kind: string; exact: string; attributes: Record<string, string> }[]
}

function registryOnDisk(w: Workbench) {
  const file = join(w.workspace, '.spanwise/entities.json')
  return existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')).entities as { id: string; name: string; aliases: string[] }[])
    : []
}

describe('entities', () => {
  it('links a mention through an autocomplete that ignores case and accents, from the keyboard', async () => {
    const w = await open()
    await w.service.createEntity({ id: 'putin', name: 'Vladímir Putin', type: 'person', aliases: ['el mandatario ruso'] })
    await w.page.reload()
    await openArticle(w, 'Putin hosts Kim')
    await selectWithMouse(w.page, 'Vladimir Putin')
    await w.page.keyboard.press('e')
    // "Vladimir Putin" (no accent) is not an exact alias: link it by searching "vladimir".
    await w.page.keyboard.press('Enter') // Enter opens the editor
    const field = w.page.locator('.sw-editor input[name="entity"]')
    await expect(field.evaluate((el) => el === document.activeElement)).resolves.toBe(true)
    await field.fill('vladimir')
    await w.page.waitForSelector('.sw-ac-row[data-choice="putin"]')
    await w.page.keyboard.press('Enter')
    await saved(w)
    expect((await annotationsOnDisk(w, 'en.txt'))[0]).toMatchObject({
      exact: 'Vladimir Putin',
      attributes: { entityId: 'putin', entityType: 'person' },
    })
    await expect(w.page.locator('.sw-annotation-row .sw-row-attr').first().textContent()).resolves.toBe('Vladímir Putin · person')
  })

  it('creates a new entity from the autocomplete, and a later tag of its exact name links itself', async () => {
    const w = await open()
    await openArticle(w, 'Putin recibe a Kim')
    await selectWithMouse(w.page, 'Kim', 0)
    await w.page.keyboard.press('e')
    await w.page.locator('.sw-editor input[name="entity"]').fill('Kim Jong-un')
    await w.page.click('.sw-ac-row[data-choice="__create__"]')
    await saved(w)
    const [kim] = registryOnDisk(w)
    expect(kim).toMatchObject({ name: 'Kim Jong-un' })
    await w.page.click('.sw-tab[data-tab="entities"]')
    await w.page.click(`.sw-entity-row[data-entity-id="${kim.id}"]`)
    await w.page.fill('.sw-entity-detail input[name="entity-alias"]', 'Kim')
    await w.page.press('.sw-entity-detail input[name="entity-alias"]', 'Enter')
    await saved(w)
    expect(registryOnDisk(w)[0].aliases).toEqual(['Kim'])
    // The window knows the alias before the next tag (the registry on disk can be ahead of it).
    await w.page.waitForSelector('.sw-entity-detail .sw-alias:has-text("Kim")')
    await w.page.click('.sw-tab[data-tab="articles"]')
    await selectWithMouse(w.page, 'Kim', 1)
    await w.page.keyboard.press('e')
    // Until the tag is on disk ("All changes saved" may still show from the edit before it).
    await expect
      .poll(async () => (await annotationsOnDisk(w, 'es.txt')).map((a) => a.attributes.entityId), { timeout: 30_000 })
      .toEqual([kim.id, kim.id])
    // Its own poll waits up to 30 s for the disk: the test needs more than the default on a busy machine.
  }, 120_000)

  it('merges two entities (mentions in two articles follow) and undoes the merge with Ctrl+Z', async () => {
    const w = await open()
    const esId = (await w.service.getWorkspace())!.articles.find((a) => a.path === 'es.txt')!.id
    const enId = (await w.service.getWorkspace())!.articles.find((a) => a.path === 'en.txt')!.id
    await w.service.createEntity({ id: 'putin', name: 'Vladímir Putin', type: 'person' })
    await w.service.createEntity({ id: 'mandatario', name: 'el mandatario ruso', type: 'person' })
    const at = (text: string, s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length })
    await w.service.createAnnotation(esId, {
      id: 'm1',
      kind: 'entity',
      ...at(ES, 'El mandatario ruso'),
      attributes: { entityId: 'mandatario' },
    })
    await w.service.createAnnotation(enId, {
      id: 'm2',
      kind: 'entity',
      ...at(EN, 'Vladimir Putin'),
      attributes: { entityId: 'putin' },
    })
    await w.page.reload()
    await w.page.click('.sw-tab[data-tab="entities"]')
    await w.page.click('.sw-entity-row[data-entity-id="putin"]')
    await w.page.fill('.sw-entity-detail input[name="merge"]', 'mandatario')
    await w.page.click('.sw-ac-row[data-choice="mandatario"]')
    await w.page.click('.sw-dialog button:has-text("Merge")')
    await w.page.waitForSelector('.sw-notice:has-text("Merged")')
    await saved(w)
    expect(registryOnDisk(w).map((e) => [e.id, e.aliases])).toEqual([['putin', ['el mandatario ruso']]])
    expect((await annotationsOnDisk(w, 'es.txt'))[0].attributes.entityId).toBe('putin')
    // The entity view lists the mentions of both articles.
    await w.page.waitForSelector('.sw-mention[data-annotation-id="m1"]')
    await w.page.waitForSelector('.sw-mention[data-annotation-id="m2"]')

    await w.page.keyboard.press('Control+z')
    await saved(w)
    await w.page.waitForFunction(() => document.querySelectorAll('.sw-entity-row').length === 2)
    expect(
      registryOnDisk(w)
        .map((e) => e.id)
        .sort(),
    ).toEqual(['mandatario', 'putin'])
    expect((await annotationsOnDisk(w, 'es.txt'))[0].attributes.entityId).toBe('mandatario')
  })

  it('propagates an entity: finds untagged mentions of its name and aliases across the workspace and accepts them', async () => {
    const w = await open()
    await w.service.createEntity({ id: 'kim', name: 'Kim Jong-un', type: 'person', aliases: ['Kim'] })
    await w.page.reload()
    await w.page.click('.sw-tab[data-tab="entities"]')
    await w.page.click('.sw-entity-row[data-entity-id="kim"]')
    await w.page.click('button[name="find-occurrences"]')
    await w.page.waitForSelector('.sw-occurrence')
    // "Kim" twice in each article.
    expect(await w.page.locator('.sw-occurrence').count()).toBe(4)
    await w.page.click('button[name="accept-occurrences"]')
    await saved(w)
    expect((await annotationsOnDisk(w, 'es.txt')).map((a) => [a.exact, a.attributes.entityId])).toEqual([
      ['Kim', 'kim'],
      ['Kim', 'kim'],
    ])
    expect(await annotationsOnDisk(w, 'en.txt')).toHaveLength(2)
    // And in the open article: the mentions show as highlights.
    await w.page.click('.sw-tab[data-tab="articles"]')
    await openArticle(w, 'Putin hosts Kim')
    expect(await w.page.locator('.sw-article .sw-entity').count()).toBe(2)
  })
})

describe('quote suggestions', () => {
  it('suggests quotes in every convention, nested ones once, and accepts (A) or rejects (R) them', async () => {
    const w = await open({ 'quotes.txt': QUOTES })
    await openArticle(w, 'Convenciones')
    await w.page.click('button[name="suggest-quotes"]')
    const rows = w.page.locator('.sw-suggestion-row .sw-suggestion-text')
    await rows.first().waitFor()
    expect(await rows.allTextContents()).toEqual([
      '«Primera cita»',
      '“second quote”',
      '„dritte Zitat“',
      '"straight quote"',
      '«Esto es «anidado» dentro»',
    ])
    expect(await w.page.locator('.sw-article .sw-suggestion').count()).toBeGreaterThanOrEqual(5)

    await w.page.click('.sw-suggestion-row:has-text("Primera cita")')
    await w.page.keyboard.press('a')
    await w.page.keyboard.press('r') // the next one, “second quote”, is rejected
    await saved(w)
    expect((await annotationsOnDisk(w, 'quotes.txt')).map((a) => a.exact)).toEqual(['«Primera cita»'])
    expect(await rows.allTextContents()).toEqual(['„dritte Zitat“', '"straight quote"', '«Esto es «anidado» dentro»'])

    await w.page.click('button[name="accept-all"]')
    await saved(w)
    expect((await annotationsOnDisk(w, 'quotes.txt')).map((a) => a.exact).sort()).toEqual(
      ['"straight quote"', '«Esto es «anidado» dentro»', '«Primera cita»', '„dritte Zitat“'].sort(),
    )
    // What is tagged is not suggested again.
    await w.page.click('button[name="suggest-quotes"]')
    await w.page.waitForSelector('.sw-notice:has-text("No untagged quotes")')
    // One undo takes back the whole "accept all".
    await w.page.locator('.sw-article').click()
    await w.page.keyboard.press('Control+z')
    await saved(w)
    expect((await annotationsOnDisk(w, 'quotes.txt')).map((a) => a.exact)).toEqual(['«Primera cita»'])
  })
})

describe('claims with evidence', () => {
  it('links a false claim in the translation to the original quote, and the link is followed back', async () => {
    const w = await open()
    await openArticle(w, 'Putin hosts Kim')
    await selectWithMouse(w.page, 'the summit was held in April 1200')
    await w.page.keyboard.press('c')
    await w.page.selectOption('.sw-editor select[name="status"]', 'false')
    await w.page.locator('.sw-article').click()
    await w.page.keyboard.press('l')
    await w.page.waitForSelector('.sw-banner:has-text("select the evidence")')
    await openArticle(w, 'Putin recibe a Kim')
    await selectWithMouse(w.page, 'la cumbre se celebró en abril de 2019')
    await w.page.keyboard.press('q') // tagged as a quote: selecting it completes the link
    await w.page.waitForSelector('.sw-dialog')
    await w.page.check('input[value="contradicts"]')
    await w.page.click('.sw-dialog button[type="submit"]')
    await saved(w)
    const links = JSON.parse(readFileSync(join(w.workspace, '.spanwise/links.json'), 'utf8')).links
    expect(links).toHaveLength(1)
    expect(links[0].relation).toBe('contradicts')
    // Shown on this side…
    await w.page.waitForSelector('.sw-link:has-text("contradicts (from")')
    // …and followed back to the claim in the other article.
    await w.page.click('.sw-link-target')
    await w.page.waitForSelector('.sw-article-title:has-text("Putin hosts Kim")')
    await w.page.waitForSelector('.sw-editor-claim .sw-link:has-text("contradicts")')
    expect((await annotationsOnDisk(w, 'en.txt'))[0].attributes.status).toBe('false')
    // Deleting the claim removes its link and nothing else.
    await w.page.click('.sw-editor-claim button:has-text("Delete")')
    await saved(w)
    expect(JSON.parse(readFileSync(join(w.workspace, '.spanwise/links.json'), 'utf8')).links).toEqual([])
    expect(await annotationsOnDisk(w, 'es.txt')).toHaveLength(1)
  })

  it('adds a workspace-defined status label', async () => {
    const w = await open()
    await openArticle(w, 'Putin hosts Kim')
    await selectWithMouse(w.page, 'We will crash bilateral ties')
    await w.page.keyboard.press('c')
    await w.page.selectOption('.sw-editor select[name="status"]', '＋ New label…')
    await w.page.fill('.sw-dialog input[name="text"]', 'mistranslation')
    await w.page.click('.sw-dialog button[type="submit"]')
    await saved(w)
    expect((await annotationsOnDisk(w, 'en.txt'))[0].attributes.status).toBe('mistranslation')
    expect(JSON.parse(readFileSync(join(w.workspace, '.spanwise/vocabulary.json'), 'utf8')).claimStatuses).toEqual([
      'mistranslation',
    ])
  })
})

describe('undo and redo', () => {
  it('undoes and redoes a tag, an edit and a delete, with the file on disk following each step', async () => {
    const w = await open()
    await openArticle(w, 'Putin hosts Kim')
    const disk = async () =>
      (await annotationsOnDisk(w, 'en.txt')).map((a) => `${a.kind}:${a.exact}:${a.attributes.status ?? ''}`)
    await selectWithMouse(w.page, 'the summit was held in April 1200')
    await w.page.keyboard.press('c')
    await saved(w)
    expect(await disk()).toEqual(['claim:the summit was held in April 1200:unchecked'])
    await w.page.selectOption('.sw-editor select[name="status"]', 'false')
    await saved(w)
    expect(await disk()).toEqual(['claim:the summit was held in April 1200:false'])
    await w.page.locator('.sw-annotation-row').click()
    await w.page.keyboard.press('Delete')
    await saved(w)
    expect(await disk()).toEqual([])
    expect(await w.page.locator('.sw-article .sw-claim').count()).toBe(0)

    await w.page.keyboard.press('Control+z') // undo delete
    await saved(w)
    expect(await disk()).toEqual(['claim:the summit was held in April 1200:false'])
    expect(await w.page.locator('.sw-article .sw-claim').count()).toBe(1)
    await w.page.keyboard.press('Control+z') // undo edit
    await saved(w)
    expect(await disk()).toEqual(['claim:the summit was held in April 1200:unchecked'])
    await w.page.keyboard.press('Control+z') // undo tag
    await saved(w)
    expect(await disk()).toEqual([])
    expect(await w.page.locator('.sw-article .sw-claim').count()).toBe(0)

    await w.page.keyboard.press('Control+Shift+z') // redo tag
    await w.page.keyboard.press('Control+Shift+z') // redo edit
    await saved(w)
    expect(await disk()).toEqual(['claim:the summit was held in April 1200:false'])
    expect(await w.page.locator('.sw-article .sw-claim.sw-status-false').count()).toBe(1)
  })
})

describe('working from the keyboard', () => {
  it('moves between annotations with J/K, filters the panel, and shows the shortcut help with ?', async () => {
    const w = await open()
    await openArticle(w, 'Putin recibe a Kim')
    await selectWithMouse(w.page, 'Vladímir Putin')
    await w.page.keyboard.press('e')
    await selectWithMouse(w.page, '«Vamos a estrechar los lazos bilaterales»')
    await w.page.keyboard.press('q')
    await selectWithMouse(w.page, '«Es un honor»')
    await w.page.keyboard.press('q')
    await saved(w)
    await w.page.waitForFunction(() => document.querySelectorAll('.sw-annotation-row').length === 3)
    await w.page.keyboard.press('Escape')
    await w.page.keyboard.press('j')
    await w.page.waitForSelector('.sw-annotation-row.is-selected:has-text("Vladímir Putin")')
    await w.page.keyboard.press('j')
    await w.page.waitForSelector('.sw-annotation-row.is-selected:has-text("Vamos a estrechar")')
    await w.page.keyboard.press('k')
    await w.page.waitForSelector('.sw-annotation-row.is-selected:has-text("Vladímir Putin")')

    await w.page.click('button[data-filter-kind="entity"]')
    await w.page.waitForFunction(() => document.querySelectorAll('.sw-annotation-row').length === 2)
    await w.page.keyboard.press('/')
    await w.page.keyboard.type('honor')
    await w.page.waitForFunction(() => document.querySelectorAll('.sw-annotation-row').length === 1)
    expect(await w.page.locator('.sw-pane-title:has-text("Annotations (1 of 3)")').count()).toBe(1)

    await w.page.locator('.sw-article').click()
    await w.page.keyboard.press('?')
    await w.page.waitForSelector('.sw-dialog:has-text("Keyboard shortcuts")')
    expect(await w.page.locator('.sw-shortcuts tr').count()).toBeGreaterThan(10)
    await w.page.keyboard.press('Escape')
    expect(await w.page.locator('.sw-dialog').count()).toBe(0)
    expect(readdirSync(join(w.workspace, '.spanwise'))).toContain('annotations')
  })
})
