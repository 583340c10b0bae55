// `npm run security`: runs Electronegativity (Doyensec's Electron security linter) over src/ and fails
// on any HIGH or MEDIUM finding that is not listed in REVIEWED below with the reason it does not apply
// (docs/security.md explains each). Works offline: the one check that downloads Electron's release
// list (AvailableSecurityFixesGlobalCheck) is skipped, the Electron version is read from
// node_modules; Electronegativity's own attempt to fetch translations times out after 1 s.
// Writes its findings to test-results/electronegativity.json.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)

/** Findings reviewed by hand: check id → file → why it does not apply. */
export const REVIEWED = {
  PRELOAD_JS_CHECK: {
    'main/index.ts':
      'A reminder to review the preload script, not a defect: src/preload/index.ts exposes only window.workbench (one ipcRenderer.invoke per contract method, plus onEvent), never ipcRenderer or Node itself; main validates the sender frame and every argument (docs/security.md, items 3, 17, 20).',
  },
}

const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version
const cli = join(dirname(require.resolve('@doyensec/electronegativity/package.json')), 'dist/index.js')
/** RFC 4180-ish CSV: quoted fields may hold commas and doubled quotes. */
function parseCsv(text) {
  const rows = []
  let row = []
  let field = ''
  let quoted = false
  const endField = () => {
    row.push(field.trim())
    field = ''
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') endField()
    else if (c === '\n') {
      endField()
      rows.push(row)
      row = []
    } else if (c !== '\r') field += c
  }
  if (field || row.length) {
    endField()
    rows.push(row)
  }
  return rows
}

/**
 * One scan. Electronegativity now and then skips a file it failed to parse, without saying so (seen
 * with src/main/index.ts): a scan that misses the preload finding, which main/index.ts always raises,
 * is run again, up to three times, before it is called untrustworthy.
 */
function scan() {
  const out = join(mkdtempSync(join(tmpdir(), 'electronegativity-')), 'findings.csv')
  const run = spawnSync(process.execPath, [cli, '-i', join(root, 'src'), '-e', electronVersion, '-x', 'AvailableSecurityFixesGlobalCheck', '-r', '-v', 'false', '-o', out], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LANG: 'en-US' },
    timeout: 120_000,
  })
  if (run.status !== 0) {
    console.error(run.stdout, run.stderr)
    console.error(`electronegativity exited with ${run.status}`)
    process.exit(2)
  }
  const [header, ...rows] = parseCsv(readFileSync(out, 'utf8'))
  const names = header.map((h) => h.trim())
  const findings = rows.filter((r) => r.length >= 4).map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]])))
  return { run, findings }
}

let run
let findings = []
for (let attempt = 0; attempt < 3 && !findings.some((f) => f.issue === 'PRELOAD_JS_CHECK'); attempt++) ({ run, findings } = scan())

const serious = (f) => f.severity === 'HIGH' || f.severity === 'MEDIUM' || f.severity === 'CRITICAL'
const reviewed = (f) => REVIEWED[f.issue]?.[f.filename]
const blocking = findings.filter((f) => serious(f) && !reviewed(f))

for (const f of findings) {
  const mark = !serious(f) ? 'info ' : reviewed(f) ? 'ok   ' : 'FAIL '
  console.log(`${mark} ${f.severity.padEnd(13)} ${f.issue.padEnd(28)} ${f.filename}:${f.location}${reviewed(f) ? `  (reviewed: ${reviewed(f).slice(0, 60)}…)` : ''}`)
}
// The preload finding always appears while the app has a preload script: without it the scan did not
// read main/index.ts (a file it could not parse is skipped silently), and a clean result would be a lie.
if (!findings.some((f) => f.issue === 'PRELOAD_JS_CHECK')) {
  console.error(run.stdout)
  console.error('Electronegativity did not analyse src/main/index.ts (parse failure?): not trusting this run.')
  process.exit(3)
}
mkdirSync(join(root, 'test-results'), { recursive: true })
writeFileSync(join(root, 'test-results/electronegativity.json'), `${JSON.stringify({ electronVersion, findings, blocking }, null, 2)}\n`)
console.log(`Electronegativity ${findings.length} finding(s) on Electron ${electronVersion}: ${findings.filter(serious).length} high/medium, ${blocking.length} not reviewed.`)
process.exit(blocking.length > 0 ? 1 : 0)
