/** Items by id with a teammate's versions put in and their removals taken out (sync's applySynced). */
export function withSynced<T extends { id: string }>(items: readonly T[], puts: readonly T[], removes: readonly string[]): T[] {
  const replace = new Map(puts.map((item) => [item.id, item]))
  const drop = new Set(removes)
  const kept = items.filter((item) => !drop.has(item.id)).map((item) => replace.get(item.id) ?? item)
  const present = new Set(kept.map((item) => item.id))
  return [...kept, ...puts.filter((item) => !present.has(item.id))]
}
