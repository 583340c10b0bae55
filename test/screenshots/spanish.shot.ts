/**
 * `npm run screenshot`: the README's picture of the Spanish interface at 1280×720, taken through the
 * browser harness with the browser's locale set to es-ES (as a Spanish OS), on the sample workspace
 * with a few quotes, claims and entities tagged and a claim open in the editor.
 */
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { it } from 'vitest'
import { tempDir } from '../helpers/fs'
import { tagger } from '../helpers/tagging'
import { openWorkbench, SAMPLE_WORKSPACE } from '../e2e/harness'

const ES = 'informes/puerto-de-valdemar.txt'
const docs = join(import.meta.dirname, '../../docs')

it('takes the Spanish interface screenshot', async () => {
  const workspace = join(tempDir(), 'puerto')
  cpSync(SAMPLE_WORKSPACE, workspace, { recursive: true })
  const wb = await openWorkbench({ workspace, viewport: { width: 1280, height: 720 }, locale: 'es-ES' })
  const { page, service: s } = wb
  try {
    const tag = await tagger(s, [ES])
    await s.createEntity({ id: 'ines', name: 'Inés Marroquín', type: 'person' })
    await s.createEntity({ id: 'ferrer', name: 'Tomás Ferrer', type: 'person' })
    await tag(ES, 'Inés Marroquín', 'entity', { attributes: { entityId: 'ines' } })
    await tag(ES, 'Tomás Ferrer', 'entity', { attributes: { entityId: 'ferrer' } })
    await tag(ES, 'creará «más de 3.000 empleos directos» en la próxima década', 'claim', {
      attributes: { status: 'misleading' },
      note: 'El informe técnico de la Autoridad Portuaria habla de 1.200.',
      tags: ['empleo', 'cifras'],
    })
    await tag(ES, 'con 14 votos a favor y 7 en contra', 'claim', { attributes: { status: 'accurate' } })
    await tag(ES, '«La alcaldesa ha multiplicado las cifras por dos y medio sin explicar de dónde salen»', 'quote', {
      attributes: { speakerId: 'ferrer' },
    })
    await page.reload()
    await page.waitForSelector('.sw-library-row')
    await page.click('.sw-library-row:has-text("El Ayuntamiento de Valdemar")')
    await page.waitForSelector('.sw-main[aria-busy="false"] .sw-article')
    await page.locator('.sw-annotation-row', { hasText: 'más de 3.000' }).click()
    await page.waitForSelector('.sw-editor')
    await page.screenshot({ path: join(docs, 'spanish.png') })
  } finally {
    await wb.close()
  }
})
