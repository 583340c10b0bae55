/**
 * Crossed merges settle the same whatever order their documents reach each laptop: two replicas (no
 * server, no workspace) get each other's revisions one document at a time, in opposite orders, settling
 * after each, as the engine does per batch; both end with the same versions of every document.
 */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Entity } from '../../../src/shared/model'
import { settleEntityMerges } from '../../../src/main/sync/entity-merges'
import type { ReplicationOptions } from '../../../src/main/sync/pouch'
import { Replica } from '../../../src/main/sync/replica'
import { contentKey, contentOf, parseItemDoc, type ItemDoc } from '../../../src/main/sync/sync-docs'

const T0 = '2026-11-30T10:00:00.000Z'
const entity = (id: string, name: string, aliases: string[] = []): Entity => ({
  id,
  name,
  type: 'person',
  aliases,
  note: '',
  createdAt: T0,
  updatedAt: T0,
})

/** Writes an entity's next revision on this replica, as the engine sends a change. */
async function write(r: Replica, author: string, id: string, change: Record<string, unknown>): Promise<void> {
  const docId = `entity:${id}`
  const [current] = await r.leaves(docId)
  const doc = { _id: docId, type: 'entity', author, changedAt: new Date().toISOString(), ...change }
  await r.putAfter(doc, current?._rev ?? null)
}

/** The distinct contents of a document's live leaves (what the engine keeps once each), with their merge fields. */
async function versions(r: Replica, id: string): Promise<string[]> {
  const leaves = (await r.leaves(`entity:${id}`)).filter((d) => !d._deleted).map(parseItemDoc) as ItemDoc[]
  return [...new Set(leaves.map((l) => `${contentKey(contentOf(l))}→${l.mergedInto ?? ''}`))].sort()
}

const deliver = (from: Replica, to: Replica, ids?: string[]) =>
  from.db.replicate.to(to.db, (ids ? { doc_ids: ids.map((id) => `entity:${id}`) } : {}) as ReplicationOptions)

describe('crossed merges, documents arriving one at a time', () => {
  for (const order of [
    ['e-ministro', 'e-puente'],
    ['e-puente', 'e-ministro'],
  ]) {
    it(`settle the same on both laptops when ${order[0]} reaches Ana before ${order[1]} (Ben the other way)`, async () => {
      const ana = await Replica.open(`merges-ana-${randomBytes(6).toString('hex')}`, { memory: true })
      const ben = await Replica.open(`merges-ben-${randomBytes(6).toString('hex')}`, { memory: true })
      try {
        await write(ana, 'ana', 'e-puente', { value: entity('e-puente', 'Óscar Puente') })
        await write(ana, 'ana', 'e-ministro', { value: entity('e-ministro', 'el ministro') })
        await deliver(ana, ben)
        // Apart: Ana keeps Óscar Puente, Ben keeps el ministro.
        await write(ana, 'ana', 'e-puente', {
          value: entity('e-puente', 'Óscar Puente', ['el ministro']),
          absorbed: ['e-ministro'],
        })
        await write(ana, 'ana', 'e-ministro', { removed: true, value: null, mergedInto: 'e-puente' })
        await write(ben, 'ben', 'e-ministro', {
          value: entity('e-ministro', 'el ministro', ['Óscar Puente']),
          absorbed: ['e-puente'],
        })
        await write(ben, 'ben', 'e-puente', { removed: true, value: null, mergedInto: 'e-ministro' })

        const ids = ['e-ministro', 'e-puente']
        for (const [i, id] of order.entries()) {
          await deliver(ben, ana, [id])
          await settleEntityMerges(ana, [id])
          const other = order[order.length - 1 - i]
          await deliver(ana, ben, [other])
          await settleEntityMerges(ben, [other])
        }
        // Then everything both ways, each settling what it received, until nothing more moves.
        for (let round = 0; round < 3; round++) {
          await deliver(ana, ben)
          await deliver(ben, ana)
          await settleEntityMerges(ana, ids)
          await settleEntityMerges(ben, ids)
        }

        for (const id of ids) expect(await versions(ana, id), id).toEqual(await versions(ben, id))
        const names = async (r: Replica) =>
          ((await r.leaves('entity:e-ministro')).filter((d) => !d._deleted).map(parseItemDoc) as ItemDoc[])
            .map((l) => l.value as Entity)
            .map((e) => [e.name, [e.name, ...e.aliases].sort()])
        const survivor = await names(ana)
        // The survivor holds both versions (Ana's name, Ben's name), each with both names: the shown conflict.
        expect(new Set(survivor.map(([name]) => name))).toEqual(new Set(['Óscar Puente', 'el ministro']))
        for (const [, all] of survivor) expect(all).toEqual(['el ministro', 'Óscar Puente'].sort())
        const loser = (await ben.leaves('entity:e-puente')).filter((d) => !d._deleted).map(parseItemDoc) as ItemDoc[]
        expect(loser.every((l) => l.removed && l.mergedInto === 'e-ministro')).toBe(true)
      } finally {
        await ana.db.destroy()
        await ben.db.destroy()
      }
    })
  }
})
