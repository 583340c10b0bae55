/**
 * Electronegativity (Doyensec's Electron security linter) over src/, as `npm run security` runs it:
 * no HIGH or MEDIUM finding that has not been reviewed and explained (scripts/electronegativity.mjs,
 * docs/security.md). Runs offline in about ten seconds.
 */
import { spawnSync } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

describe('Electronegativity', () => {
  it('reports no unreviewed high or medium finding in src/', () => {
    const run = spawnSync(process.execPath, [join(root, 'scripts/electronegativity.mjs')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 90_000,
    })
    expect(run.stdout + run.stderr).toMatch(/Electronegativity \d+ finding\(s\) on Electron .*, 0 not reviewed\./)
    expect(run.status).toBe(0)
  }, 100_000)
})
