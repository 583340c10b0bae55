/**
 * Two merges of the same entities made apart (two laptops offline), settled the same way on every
 * laptop so that the registry and every mention end the same everywhere and nothing is lost.
 *
 * A merge writes the removed entity's document as `removed: true, mergedInto: <kept id>`. When the
 * replica holds, for one entity, a merge that removed it beside a version that keeps it, the two
 * merges met:
 *
 * - crossed (Ana merged A into B, Ben B into A: the merges form a cycle): the entity with the lowest
 *   id survives. Its document gets, in place of the merge that removed it, the version of the entity
 *   that merge kept (its names, its author, `mergedFrom`), so the survivor holds both teams' versions
 *   as a conflict the user sees and settles (keep mine, keep theirs, merge); the other entity ends
 *   merged into it. A laptop holding one side only tells this from a chain by `absorbed` (the kept
 *   entity's document lists the entities merged into it), so it never folds one merge into the other;
 * - chained (Ana merged A into B, Ben B into C): the merge wins, and the other version's names (A's,
 *   added by Ana's merge) become aliases of the entity at the end of the chain (C). No decision is
 *   needed, so no conflict is left.
 *
 * What each laptop writes here depends only on the revisions it holds, and a second pass over what it
 * wrote moves nothing, so two laptops settling the same merges, whatever order the documents reached
 * them in, write the same contents, which the engine keeps once (test/unit/sync/entity-merges.test.ts). Mentions follow by `mergedInto` in the registry (EntityRegistry.followMerge).
 */
import { LIMITS, type Entity } from '../../shared/model'
import type { PouchDoc } from './pouch'
import type { Replica } from './replica'
import { contentKey, itemDocId, parseItemDoc, type ItemDoc } from './sync-docs'

/** Settles the merges that meet at these entities (ids without `entity:`); returns the documents it wrote. */
export async function settleEntityMerges(replica: Replica, entityIds: readonly string[]): Promise<string[]> {
  const leaves = new Map<string, ItemDoc[]>()
  const leavesOf = async (id: string) => {
    let found = leaves.get(id)
    if (!found) leaves.set(id, (found = await liveLeaves(replica, itemDocId('entity', id))))
    return found
  }
  const touched = new Set<string>()
  const written = (...ids: string[]) => {
    for (const id of ids) {
      touched.add(id)
      leaves.delete(id)
    }
  }

  // Crossed merges: a version of an entity merged it into one that a version of it absorbed (or that
  // merged into it), or a longer cycle of merges. The lowest id survives with the versions the others kept.
  for (const start of entityIds) {
    const own = await leavesOf(start)
    for (const other of new Set(own.filter((l) => l.removed && l.mergedInto).map((l) => l.mergedInto!))) {
      const absorbedHere = own.some((l) => !l.removed && l.absorbed?.includes(other))
      if (!absorbedHere && mergeTarget(await leavesOf(other)) !== start) continue
      const [survivor, loser] = [start, other].sort()
      if (await keepSurvivor(replica, survivor, await leavesOf(survivor), await leavesOf(loser))) written(survivor, loser)
    }
    const cycle = await cycleFrom(start, leavesOf)
    if (!cycle) continue
    const survivor = [...cycle].sort()[0]
    const next = mergeTarget(await leavesOf(survivor))!
    if (await keepSurvivor(replica, survivor, await leavesOf(survivor), await leavesOf(next))) written(survivor, next)
  }

  // Chained merges (or an edit against a merge): the versions that keep a merged entity join the chain's end.
  for (const id of new Set([...entityIds, ...touched])) {
    const own = await leavesOf(id)
    const present = own.filter((l) => !l.removed)
    const next = mergeTarget(own)
    if (present.length === 0 || !next || present.some((l) => l.absorbed?.includes(next))) continue
    const end = await chainEnd(id, leavesOf)
    const targets = end ? (await leavesOf(end)).filter((l) => !l.removed) : []
    if (!end || targets.length === 0) continue // nothing live to join: the conflict stays for the user
    const values = present.map((l) => l.value as Entity)
    const changedAt = latest(present.map((l) => l.changedAt))
    for (const target of targets) {
      const folded = fold(target.value as Entity, values)
      if (contentKey({ removed: false, value: folded }) === contentKey({ removed: false, value: target.value })) continue
      const doc = { ...body(target), author: present[0].author, changedAt: latest([changedAt, target.changedAt]), value: folded }
      await replica.putAfter(doc, target._rev!)
    }
    await replica.dropLeaves(
      itemDocId('entity', id),
      present.map((l) => l._rev!),
    )
    written(id, end)
  }
  return [...touched].map((id) => itemDocId('entity', id))
}

/**
 * Crossed merges settled: the survivor's document gets each version the loser's document keeps (the
 * entity as that merge kept it, under the survivor's id), in place of a revision that merged the
 * survivor away when there is one, beside the survivor's own versions otherwise; each of those
 * versions of the loser becomes "merged into the survivor". Twice is once: a second pass finds nothing
 * to move. Returns whether it wrote anything.
 */
async function keepSurvivor(replica: Replica, survivor: string, own: ItemDoc[], loser: ItemDoc[]): Promise<boolean> {
  const survivorId = itemDocId('entity', survivor)
  const mergedAway = own.filter((l) => l.removed && l.mergedInto).sort(byRev)
  const present = own.filter((l) => !l.removed).sort(byRev)
  const kept = loser.filter((l) => !l.removed).sort(byRev)
  const versions = kept.length || present.length ? kept : await versionsBefore(replica, mergedAway)
  if (versions.length === 0 && (mergedAway.length === 0 || present.length === 0)) return false
  for (const [i, version] of versions.entries()) {
    const { mergedInto: _m, absorbed, ...rest } = body(version)
    const others = absorbed?.filter((id) => id !== survivor) ?? []
    const doc = {
      ...rest,
      _id: survivorId,
      removed: false,
      value: { ...(version.value as Entity), id: survivor },
      ...(others.length ? { absorbed: others } : {}),
      ...(version._id !== survivorId ? { mergedFrom: version._id.slice('entity:'.length) } : {}),
    }
    const parent = mergedAway[i] ?? (present[0] ? { _rev: await parentOf(replica, present[0]) } : undefined)
    await replica.putAfter(doc, parent?._rev ?? null)
    if (version._id !== survivorId) {
      const { absorbed: _a, ...gone } = body(version)
      await replica.putAfter({ ...gone, removed: true, value: null, mergedInto: survivor }, version._rev!)
    }
  }
  // Revisions that merged the survivor away and took no version: the survivor lives, they go.
  await replica.dropLeaves(
    survivorId,
    mergedAway.slice(versions.length).map((l) => l._rev!),
  )
  return true
}

/** The revision a leaf was written on (null: its document's first). */
async function parentOf(replica: Replica, leaf: ItemDoc): Promise<string | null> {
  const doc = await replica.db.get(leaf._id, { rev: leaf._rev!, revs: true })
  const history = doc._revisions
  return history && history.ids.length > 1 ? `${history.start - 1}-${history.ids[1]}` : null
}

/** Both merged away and no version kept anywhere: the versions before the merges removed them. */
async function versionsBefore(replica: Replica, removed: readonly ItemDoc[]): Promise<ItemDoc[]> {
  const found: ItemDoc[] = []
  for (const leaf of removed) {
    const history = await replica.db.get(leaf._id, { rev: leaf._rev!, revs: true }).catch(() => null)
    const ids = history?._revisions?.ids
    if (!history?._revisions || !ids || ids.length < 2) continue
    const before = await replica.db.get(leaf._id, { rev: `${history._revisions.start - 1}-${ids[1]}` }).catch(() => null)
    const parsed = before && parseItemDoc(before)
    if (parsed && !parsed.removed) found.push({ ...parsed, author: leaf.author, changedAt: leaf.changedAt })
  }
  return found
}

/** The entity a merge removing this one names: the first (CouchDB's winner first) revision saying so. */
function mergeTarget(leaves: readonly ItemDoc[]): string | undefined {
  return leaves.find((l) => l.removed && l.mergedInto)?.mergedInto
}

/** The cycle of merges reached from `start`, when its chain of merges comes back on itself. */
async function cycleFrom(start: string, leavesOf: (id: string) => Promise<ItemDoc[]>): Promise<string[] | null> {
  const path: string[] = []
  let at: string | undefined = start
  while (at !== undefined && !path.includes(at)) {
    path.push(at)
    at = mergeTarget(await leavesOf(at))
  }
  if (at === undefined) return null
  const cycle = path.slice(path.indexOf(at))
  return cycle.length > 1 ? cycle : null
}

/** The entity a chain of merges ends at (one no merge removed), or undefined on a cycle. */
async function chainEnd(start: string, leavesOf: (id: string) => Promise<ItemDoc[]>): Promise<string | undefined> {
  const seen = new Set<string>()
  let at: string | undefined = start
  while (at !== undefined && !seen.has(at)) {
    seen.add(at)
    const next = mergeTarget(await leavesOf(at))
    if (next === undefined) return at
    at = next
  }
  return undefined
}

/** An entity with other versions' names and aliases added as aliases (as a merge does) and their notes kept. */
export function fold(target: Entity, others: readonly Entity[]): Entity {
  const seen = new Set([target.name, ...target.aliases].map((n) => n.toLocaleLowerCase()))
  const added = [...new Set(others.flatMap((o) => [o.name, ...o.aliases]))].filter((n) => !seen.has(n.toLocaleLowerCase())).sort()
  let note = target.note
  for (const other of others) if (other.note && !note.includes(other.note)) note = note ? `${note}\n\n${other.note}` : other.note
  return {
    ...target,
    aliases: [...target.aliases, ...added].slice(0, 200),
    note: note.slice(0, LIMITS.note),
    updatedAt: latest([target.updatedAt, ...others.map((o) => o.updatedAt)]),
  }
}

async function liveLeaves(replica: Replica, docId: string): Promise<ItemDoc[]> {
  return (await replica.leaves(docId))
    .filter((d) => !d._deleted)
    .map(parseItemDoc)
    .filter((d): d is ItemDoc => d !== null && d.type === 'entity')
}

function body(doc: ItemDoc): PouchDoc & { mergedInto?: string; absorbed?: string[] } {
  const { _rev: _r, _conflicts: _c, _revisions: _h, ...rest } = doc
  return rest
}

function byRev(a: ItemDoc, b: ItemDoc): number {
  return a._rev! < b._rev! ? -1 : a._rev! > b._rev! ? 1 : 0
}

function latest(times: readonly string[]): string {
  return times.reduce((a, b) => (b > a ? b : a))
}
