/**
 * The one binary search the text model needs everywhere: in a list sorted by some key, the last
 * index whose key is ≤ a value (0 when the value is before every key). O(log n), no allocation.
 */
export function lastAtOrBefore(length: number, keyAt: (index: number) => number, value: number): number {
  let lo = 0
  let hi = length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (keyAt(mid) <= value) lo = mid
    else hi = mid - 1
  }
  return lo
}
