/**
 * Keys in the annotation editor (issue 15): a navigation key pressed after leaving a field never becomes
 * text in it, and a speaker linked to the registry keeps its link unless the user picks another entity.
 */
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { readStoredAnnotations } from '../../src/main/store/annotation-file'
import { articleIdFor } from '../../src/main/workspace/workspace'
import { openArticle, openWorkbench, type Workbench } from './harness'

const TEXT = [
  'Putin recibe a Kim en Vladivostok',
  'El presidente ruso, Vladímir Putin, afirmó: «Vamos a estrechar los lazos bilaterales». Según el Kremlin, la cumbre se celebró en abril de 2019.',
].join('\n\n')

let wb: Workbench | undefined
afterEach(async () => {
  await wb?.close()
  wb = undefined
})

const at = (phrase: string) => ({ start: TEXT.indexOf(phrase), end: TEXT.indexOf(phrase) + phrase.length })

it('Enter, Escape, J leaves the speaker field alone: no "j" typed, the entity link kept, J moves on', async () => {
  const w = (wb = await openWorkbench({ files: { 'es.txt': TEXT } }))
  const articleId = articleIdFor('es.txt')
  await w.service.createEntity({ id: 'putin', name: 'Vladímir Putin', type: 'person' })
  await w.service.createAnnotation(articleId, {
    id: 'q1',
    kind: 'quote',
    ...at('«Vamos a estrechar los lazos bilaterales»'),
    attributes: { speaker: 'Vladímir Putin', speakerId: 'putin', mode: 'direct' },
  })
  await w.service.createAnnotation(articleId, { id: 'c1', kind: 'claim', ...at('la cumbre se celebró en abril de 2019') })
  await w.page.reload()
  await openArticle(w.page, 'Putin recibe a Kim')

  await w.page.keyboard.press('j') // selects the quote
  await w.page.waitForSelector('.sw-annotation-row.is-selected[data-annotation-id="q1"]')
  await w.page.keyboard.press('Enter') // into the editor: the speaker field, its autocomplete open
  const speaker = w.page.locator('.sw-editor input[name="speaker"]')
  await expect(speaker.evaluate((el) => el === document.activeElement)).resolves.toBe(true)
  await w.page.keyboard.press('Escape')
  await w.page.keyboard.press('j')

  // J went to the annotation list, not into the field.
  await w.page.waitForSelector('.sw-annotation-row.is-selected[data-annotation-id="c1"]')
  await w.page.keyboard.press('k')
  await w.page.waitForSelector('.sw-editor[data-annotation-id="q1"] input[name="speaker"]')
  await expect(speaker.inputValue()).resolves.toBe('Vladímir Putin')
  await w.page.waitForSelector('.sw-save-status:has-text("All changes saved")')
  const stored = await readStoredAnnotations(join(w.workspace, '.spanwise'), articleId)
  const quote = stored?.annotations.find((a) => a.id === 'q1')
  expect(quote?.attributes).toMatchObject({ speaker: 'Vladímir Putin', speakerId: 'putin' })
})

it('a speaker edited by hand keeps its entity link; only picking another entity changes it', async () => {
  const w = (wb = await openWorkbench({ files: { 'es.txt': TEXT } }))
  const articleId = articleIdFor('es.txt')
  await w.service.createEntity({ id: 'putin', name: 'Vladímir Putin', type: 'person' })
  await w.service.createAnnotation(articleId, {
    id: 'q1',
    kind: 'quote',
    ...at('«Vamos a estrechar los lazos bilaterales»'),
    attributes: { speaker: 'Vladímir Putin', speakerId: 'putin', mode: 'direct' },
  })
  await w.page.reload()
  await openArticle(w.page, 'Putin recibe a Kim')
  await w.page.click('.sw-annotation-row[data-annotation-id="q1"]')
  const speaker = w.page.locator('.sw-editor input[name="speaker"]')
  await speaker.fill('Vladímir Putinx')
  await w.page.click('.sw-editor textarea[name="note"]') // leaves the field with text not picked from the list
  await expect.poll(() => speaker.inputValue()).toBe('Vladímir Putin')
  await w.page.waitForSelector('.sw-save-status:has-text("All changes saved")')
  const stored = await readStoredAnnotations(join(w.workspace, '.spanwise'), articleId)
  expect(stored?.annotations.find((a) => a.id === 'q1')?.attributes).toMatchObject({
    speaker: 'Vladímir Putin',
    speakerId: 'putin',
  })
})
