/** Runs an async task over a list with at most `limit` in flight (file reads while scanning, stats). */
export async function forEachLimited<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await run(items[next++])
  })
  await Promise.all(workers)
}
