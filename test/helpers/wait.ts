/** Waiting for a condition in tests: no fixed sleeps, a generous deadline that names what did not happen. */

/** Waits until `check` holds, checking after each turn of the event loop and every 20 ms; fails after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((done) => setTimeout(done, 20))
  }
}
