// Runs before `npm test`: the e2e tests need a Chromium. Stop with one line saying how to get one.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

const candidates = [process.env.SPANWISE_CHROMIUM, process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']
const cache = process.env.PLAYWRIGHT_BROWSERS_PATH ?? join(process.env.HOME ?? '', '.cache/ms-playwright')
if (existsSync(cache)) {
  for (const dir of readdirSync(cache).filter((d) => d.startsWith('chromium'))) {
    candidates.push(join(cache, dir, 'chrome-linux/chrome'), join(cache, dir, 'chrome-linux64/chrome'))
  }
}
if (!candidates.some((c) => c && existsSync(c))) {
  console.error(
    'No Chromium for the e2e tests: run `sudo apt-get install -y chromium` (or set SPANWISE_CHROMIUM=/path/to/chrome).',
  )
  process.exit(1)
}
