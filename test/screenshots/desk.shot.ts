/**
 * `npm run screenshot`: the README's pictures of the reporter's desk at 1280×720, the claims board and
 * the editor's report, taken through the browser harness on the sample workspace with a fact-check
 * under way (claims with verdicts, notes, tags, speakers and evidence across the three documents).
 */
import { cpSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { it } from 'vitest'
import { articleIdFor } from '../../src/main/workspace/workspace'
import { tempDir } from '../helpers/fs'
import { tagger } from '../helpers/tagging'
import { launchChromium, openWorkbench, SAMPLE_WORKSPACE } from '../e2e/harness'

const ES = 'informes/puerto-de-valdemar.txt'
const EN = 'informes/valdemar-port-expansion.txt'
const PR = 'press-release-port-authority.md'
const docs = join(import.meta.dirname, '../../docs')

it('takes the claims board and report screenshots', async () => {
  const workspace = join(tempDir(), 'port-story')
  cpSync(SAMPLE_WORKSPACE, workspace, { recursive: true })
  const wb = await openWorkbench({ workspace, viewport: { width: 1280, height: 720 } })
  const { page, service: s } = wb
  try {
    const tag = await tagger(s, [ES, EN, PR])
    let links = 0
    await s.createEntity({ id: 'ines', name: 'Inés Marroquín', type: 'person', aliases: ['Mayor Inés Marroquín'] })
    await s.createEntity({ id: 'ferrer', name: 'Tomás Ferrer', type: 'person' })
    await s.createEntity({
      id: 'apv',
      name: 'Autoridad Portuaria de Valdemar',
      type: 'organisation',
      aliases: ['Port Authority'],
    })
    await s.createEntity({ id: 'quiroga', name: 'Marta Quiroga', type: 'person' })
    await tag(ES, 'Inés Marroquín', 'entity', { attributes: { entityId: 'ines' } })
    await tag(ES, 'Tomás Ferrer', 'entity', { attributes: { entityId: 'ferrer' } })
    await tag(ES, 'Autoridad Portuaria', 'entity', { attributes: { entityId: 'apv' } })
    await tag(EN, 'Inés Marroquín', 'entity', { attributes: { entityId: 'ines' } })
    const jobs = await tag(ES, 'creará «más de 3.000 empleos directos» en la próxima década', 'claim', {
      attributes: { status: 'misleading' },
      note: 'The Port Authority’s own report says 1,200. Ask the mayor’s office for their source.',
      tags: ['empleo', 'cifras'],
    })
    await tag(
      ES,
      '«Valdemar no puede quedarse atrás mientras los puertos vecinos crecen. Esta ampliación es la mejor noticia económica que ha recibido la ciudad en veinte años»',
      'quote',
      { attributes: { speakerId: 'ines' } },
    )
    const best = await tag(
      ES,
      'Esta ampliación es la mejor noticia económica que ha recibido la ciudad en veinte años',
      'claim',
      {
        attributes: { status: 'unverifiable' },
        note: 'Opinion; keep as a quote.',
      },
    )
    const votes = await tag(ES, 'con 14 votos a favor y 7 en contra', 'claim', {
      attributes: { status: 'accurate' },
      tags: ['pleno'],
    })
    const budget = await tag(ES, 'una obra presupuestada en 212 millones de euros', 'claim', {
      attributes: { status: 'accurate' },
      tags: ['cifras'],
    })
    await tag(ES, '«La alcaldesa ha multiplicado las cifras por dos y medio sin explicar de dónde salen»', 'quote', {
      attributes: { speakerId: 'ferrer' },
    })
    const twice = await tag(ES, 'La alcaldesa ha multiplicado las cifras por dos y medio', 'claim', {
      attributes: { status: 'accurate' },
    })
    await tag(ES, 'reunió a unas 2.500 personas frente al consistorio', 'claim', { note: 'Police figure pending.' })
    await tag(ES, 'el estudio de impacto ambiental «no contempla la pérdida de la pradera de posidonia»', 'claim', {
      tags: ['medio ambiente'],
    })
    await tag(EN, 'will create “more than 3,000 direct jobs” over the next decade', 'claim', {
      attributes: { status: 'misleading' },
      tags: ['empleo'],
    })
    await tag(EN, 'approved, by 14 votes to 7', 'claim', { attributes: { status: 'accurate' } })
    const pr = await tag(PR, 'our November 2024 technical report estimates **1,200 direct jobs**'.replace(/\*\*/g, ''), 'claim', {
      attributes: { status: 'accurate' },
    }).catch(async () => tag(PR, '1,200 direct jobs', 'claim', { attributes: { status: 'accurate' } }))
    const prBudget = await tag(PR, 'Budget: €212 million', 'claim', { attributes: { status: 'accurate' } })
    await tag(PR, 'Marta Quiroga', 'entity', { attributes: { entityId: 'quiroga' } })
    await tag(PR, '"We will publish the full environmental monitoring plan before the first works begin,"', 'quote', {
      attributes: { speakerId: 'quiroga' },
    })
    const link = async (from: [string, string], to: [string, string], relation: 'supports' | 'contradicts') =>
      s.createLink({
        id: `L${++links}`,
        from: { articleId: articleIdFor(from[0]), annotationId: from[1] },
        to: { articleId: articleIdFor(to[0]), annotationId: to[1] },
        relation,
      })
    await link([ES, jobs], [PR, pr], 'contradicts')
    await link([ES, budget], [PR, prBudget], 'supports')
    await link([ES, twice], [PR, pr], 'supports')
    void best
    void votes

    await page.reload()
    await page.waitForSelector('.sw-library-row')
    await page.click('.sw-library-row:has-text("El Ayuntamiento de Valdemar")')
    await page.waitForSelector('.sw-main[aria-busy="false"] .sw-article')
    await page.keyboard.press('Control+Shift+B')
    await page.waitForSelector('.sw-board[aria-busy="false"] .sw-board-list .sw-board-row')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Space')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Space')
    await page.screenshot({ path: join(docs, 'claims-board.png') })

    const result = await s.exportAnnotations({ scope: 'workspace', format: 'report' })
    const browser = await launchChromium()
    try {
      const reader = await browser.newPage({ viewport: { width: 1280, height: 720 } })
      await reader.goto(pathToFileURL(result!.path).href)
      await reader.screenshot({ path: join(docs, 'report.png') })
      console.log(`report: ${readFileSync(result!.path).length} bytes`)
    } finally {
      await browser.close()
    }
  } finally {
    await wb.close()
  }
})
