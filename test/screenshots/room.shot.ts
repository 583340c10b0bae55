/**
 * `npm run screenshot`: the reading room at 1280×720 and 1440×900, light and dark (the OS's colour
 * scheme, emulated), on the sample workspace with annotations and the editor open; docs/dark.png is
 * the README's dark picture. SPANWISE_SHOTS=<folder> also writes every size and scheme there to look at.
 */
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { it } from 'vitest'
import { tempDir } from '../helpers/fs'
import { tagger } from '../helpers/tagging'
import { openArticle, openWorkbench, SAMPLE_WORKSPACE } from '../e2e/harness'

const ES = 'informes/puerto-de-valdemar.txt'
const docs = join(import.meta.dirname, '../../docs')

it('takes the reading room screenshots', async () => {
  const workspace = join(tempDir(), 'port-story')
  cpSync(SAMPLE_WORKSPACE, workspace, { recursive: true })
  const wb = await openWorkbench({ workspace, viewport: { width: 1280, height: 720 } })
  const { page, service: s } = wb
  const out = process.env.SPANWISE_SHOTS
  try {
    const tag = await tagger(s, [ES], 'r')
    await s.createEntity({ id: 'ines', name: 'Inés Marroquín', type: 'person' })
    await tag(ES, 'Inés Marroquín', 'entity', { attributes: { entityId: 'ines' } })
    await tag(ES, 'Tomás Ferrer', 'entity', {})
    await tag(ES, 'creará «más de 3.000 empleos directos» en la próxima década', 'claim', {
      attributes: { status: 'misleading' },
      note: 'The Port Authority’s own report says 1,200.',
    })
    await tag(ES, '«más de 3.000 empleos directos»', 'quote', { attributes: { speakerId: 'ines' } })
    await tag(ES, 'estimaba la creación de 1.200 empleos, no 3.000', 'claim', { attributes: { status: 'accurate' } })
    await page.reload()
    await page.waitForSelector('.sw-toolbar')
    await openArticle(page, 'El Ayuntamiento de Valdemar')
    await page.click('.sw-annotation-row:has-text("más de 3.000 empleos directos» en")')
    await page.waitForSelector('.sw-editor')
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      for (const size of [
        { width: 1280, height: 720 },
        { width: 1440, height: 900 },
      ]) {
        await page.setViewportSize(size)
        await page.waitForFunction(() => !document.getAnimations().some((a) => a.playState === 'running'))
        if (out) await page.screenshot({ path: join(out, `room-${size.width}x${size.height}-${scheme}.png`) })
        if (scheme === 'dark' && size.width === 1440) await page.screenshot({ path: join(docs, 'dark.png') })
      }
    }
  } finally {
    await wb.close()
  }
})
