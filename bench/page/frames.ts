/**
 * Frame-accurate timing. A change counts as painted at the animation frame after the one in which it
 * is first in the DOM: a requestAnimationFrame callback runs before its frame's paint, so seeing the
 * change in frame k's callback means frame k paints it, and frame k+1's callback is the first moment
 * we know it has been painted. Nothing counts before that.
 */

/** The next animation frame's timestamp (performance.now() clock). */
export function nextFrame(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(resolve))
}

/**
 * Resolves with performance.now() at the frame after the first frame in which `ready()` holds. Checks
 * once per frame, so a change made in a callback between frames is seen at the next frame at the latest.
 */
export async function paintedWhen(ready: () => boolean, timeoutMs = 120_000): Promise<number> {
  const start = performance.now()
  for (;;) {
    await nextFrame()
    if (ready()) break
    if (performance.now() - start > timeoutMs) throw new Error('timed out waiting for a change to be painted')
  }
  await nextFrame()
  return performance.now()
}

/** Is any part of `el` inside the scroller's visible box? */
export function onScreen(el: Element | null, scroller: Element): boolean {
  if (!el) return false
  const r = el.getBoundingClientRect()
  const box = scroller.getBoundingClientRect()
  return r.height > 0 && r.bottom > box.top && r.top < box.bottom
}
