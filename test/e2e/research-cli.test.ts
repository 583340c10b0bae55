/**
 * `spanwise compare` and `spanwise suggest` run as the real bin in a child process, on a workspace
 * made of the project's own fixtures: what a data desk's script would read.
 */
import { execFile } from 'node:child_process'
import { copyFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { Workspace } from '../../src/main/workspace/workspace'
import { tempDir } from '../helpers/fs'
import { RESEARCH_FIXTURES } from '../helpers/research-quality'

const run = promisify(execFile)
const BIN = resolve(import.meta.dirname, '../../bin/spanwise.js')

function workspace(): string {
  const root = tempDir()
  for (const name of ['strike-es.txt', 'strike-en-planted.txt']) copyFileSync(join(RESEARCH_FIXTURES, name), join(root, name))
  return root
}

describe('spanwise compare and suggest (the real bin, in a child process)', () => {
  it('compares two articles: pairs with confidence, items with offsets on both sides, as JSON and as text', async () => {
    const root = workspace()
    const { stdout } = await run(
      process.execPath,
      [BIN, 'compare', root, 'strike-es.txt', 'strike-en-planted.txt', '--json', '--lang', 'en'],
      { timeout: 120_000 },
    )
    const result = JSON.parse(stdout)
    expect(result.left.path).toBe('strike-es.txt')
    expect(result.pairs).toHaveLength(11)
    expect(result.pairs[0]).toMatchObject({ left: 0, right: 0 })
    expect(typeof result.pairs[0].confidence).toBe('number')
    const changed = result.items.find(
      (i: { kind: string; left: { text: string }[] }) => i.kind === 'number' && i.left[0]?.text === '2.500',
    )
    expect(changed.right[0].text).toBe('25,000')
    expect(changed.message).toMatch(/says 2\.500, .* says 25,000/)
    const text = await run(process.execPath, [BIN, 'compare', root, 'strike-es.txt', 'strike-en-planted.txt'], {
      timeout: 120_000,
      env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '' },
    })
    expect(text.stdout).toMatch(/\[high\] speaker: Quote attributed to Ricardo Fuentes in .*, to Héctor Morales in /)
    expect(text.stdout).toMatch(/Only in A: none/)
    // In Spanish when the environment speaks it (or --lang es says so).
    const spanish = await run(process.execPath, [BIN, 'compare', root, 'strike-es.txt', 'strike-en-planted.txt'], {
      timeout: 120_000,
      env: { ...process.env, LANG: 'es_ES.UTF-8', LC_ALL: '', LC_MESSAGES: '' },
    })
    expect(spanish.stdout).toMatch(/\[high\] speaker: Cita atribuida a Ricardo Fuentes en .* y a Héctor Morales en /)
  })

  it('suggests entities (grouped, typed, extending the registry) and untagged quotes', async () => {
    const root = workspace()
    const ws = await Workspace.open(root)
    await ws.createEntity({ id: 'vidal', name: 'Carolina Vidal', type: 'person' })
    await ws.close()
    const { stdout } = await run(process.execPath, [BIN, 'suggest', root, '--json'], { timeout: 120_000 })
    const result = JSON.parse(stdout)
    const vidal = result.entities.find((e: { name: string }) => e.name === 'Carolina Vidal')
    expect(vidal.extends).toBeTruthy()
    expect(vidal.newAliases).toEqual(['Vidal'])
    expect(result.entities.find((e: { name: string }) => e.name === 'Banco Central de Chile').type).toBe('organisation')
    expect(result.quotes.length).toBeGreaterThanOrEqual(8)
    const quotesOnly = JSON.parse(
      (await run(process.execPath, [BIN, 'suggest', root, '--quotes', '--json'], { timeout: 120_000 })).stdout,
    )
    expect(quotesOnly.entities).toBeUndefined()
  })

  it('says what is wrong with exit code 2 for wrong usage and 1 for a missing article', async () => {
    const usage = await run(process.execPath, [BIN, 'compare', workspace()]).catch((e) => e)
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/Name the two articles/)
    const missing = await run(process.execPath, [BIN, 'compare', workspace(), 'nope.txt', 'strike-es.txt']).catch((e) => e)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/No article "nope.txt"/)
  })
})
