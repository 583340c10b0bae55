/**
 * Entity discovery on the project's own news fixtures (Spanish and English): the people,
 * organisations and places each article names are proposed, with a type, variants grouped across
 * articles and languages, registry entities extended, rejected proposals left out.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { discoverEntities, type EntityProposal } from '../../../src/shared/discover/entities'
import { foldTerm } from '../../../src/shared/suggest/fold'
import { RESEARCH_FIXTURES } from '../../helpers/research-quality'

const gold: Record<string, string[]> = JSON.parse(readFileSync(join(RESEARCH_FIXTURES, 'entities-gold.json'), 'utf8')).articles
const articles = Object.keys(gold).map((id) => ({ id, text: readFileSync(join(RESEARCH_FIXTURES, id), 'utf8') }))

/** The spellings a proposal shows in one article. */
function spellingsIn(p: EntityProposal, articleId: string): string[] {
  return [...new Set(p.mentions.filter((m) => m.articleId === articleId).map((m) => foldTerm(m.text)))]
}

describe('entity discovery on news in Spanish and English', () => {
  const proposals = discoverEntities(articles)

  it('proposes ≥ 90 % of the people, organisations and places, ≥ 80 % of proposals right', () => {
    let wanted = 0
    let found = 0
    let typed = 0
    let proposed = 0
    let right = 0
    const lines: string[] = []
    for (const [id, entries] of Object.entries(gold)) {
      const mine = proposals.filter((p) => p.mentions.some((m) => m.articleId === id))
      const names = entries.map((e) => {
        const [type, alternatives] = e.split(/:(.*)/s)
        return { type, names: alternatives.split('|').map(foldTerm) }
      })
      for (const g of names) {
        wanted++
        const hit = mine.find((p) => spellingsIn(p, id).some((s) => g.names.includes(s)))
        if (hit) {
          found++
          if (hit.type === g.type) typed++
        } else lines.push(`  missed in ${id}: ${g.names[0]}`)
      }
      for (const p of mine) {
        proposed++
        if (spellingsIn(p, id).some((s) => names.some((g) => g.names.includes(s)))) right++
        else lines.push(`  wrong in ${id}: ${spellingsIn(p, id).join(' / ')}`)
      }
    }
    console.log(
      [
        `entities: found ${found}/${wanted} (${Math.round((100 * found) / wanted)} %), type right ${typed}/${found}; proposals right ${right}/${proposed} (${Math.round((100 * right) / proposed)} %)`,
        ...lines,
      ].join('\n'),
    )
    expect(found / wanted).toBeGreaterThanOrEqual(0.9)
    expect(right / proposed).toBeGreaterThanOrEqual(0.8)
  })

  it('groups variants across articles and languages', () => {
    const vidal = proposals.find((p) => p.variants.includes('Carolina Vidal'))!
    expect(vidal.variants).toContain('Vidal')
    expect(new Set(vidal.mentions.map((m) => m.articleId))).toEqual(new Set(['strike-es.txt', 'strike-en-planted.txt']))
    expect(vidal.type).toBe('person')
    const peru = proposals.find((p) => p.variants.includes('Perú'))!
    expect(peru.variants).toContain('Peru')
    expect(peru.type).toBe('place')
    for (const m of vidal.mentions) expect(articles.find((a) => a.id === m.articleId)!.text.slice(m.start, m.end)).toBe(m.text)
  })

  it('extends a registry entity with the spellings it lacks, and leaves out rejected proposals', () => {
    const registry = [{ id: 'e1', name: 'Carolina Vidal', aliases: [], type: 'person' }]
    const withRegistry = discoverEntities(articles, { registry, rejected: new Set([foldTerm('Juan Quispe')]) })
    const vidal = withRegistry.find((p) => p.extends === 'e1')!
    expect(vidal.name).toBe('Carolina Vidal')
    expect(vidal.newAliases).toEqual(['Vidal'])
    expect(withRegistry.some((p) => p.variants.includes('Juan Quispe'))).toBe(false)
  })

  it('does not propose demonyms, months, sentence-opening verbs or capitalised common nouns', () => {
    const text =
      'El Gobierno chileno anunció el lunes que no habrá bonos. Añadió que la Policía vigila. Deseando calma, el Estado pidió paciencia en marzo. The Government said on Monday that Chilean officials were calm.'
    const names = discoverEntities([{ id: 'x', text }]).map((p) => p.name)
    expect(names).toEqual([])
  })
})
