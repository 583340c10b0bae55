/**
 * Every method of the contract, called through `dispatch` (the front door Electron's IPC and the test
 * harness share) with malformed and hostile arguments: each must be rejected with an error and change
 * nothing, and nothing outside the workspace (and the app's own data folder) may be read or written.
 *
 * The table is keyed by WorkbenchMethod and iterated over WORKBENCH_METHODS: a method added to the
 * contract without a row here fails to compile and fails this test.
 *
 * Each method's row gives a valid argument list (checked to pass the contract, so that a rejected
 * mutation of it proves the mutation was caught), where ids sit in it, and method-specific attacks.
 * From these the test derives: arguments that are not a list, an extra argument, each argument of the
 * wrong type or missing, extra keys and `__proto__` / `constructor` / `prototype` keys in every object,
 * every id replaced by traversal paths, absolute paths, NUL bytes, empty and huge strings.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { workbenchContract } from '../../../src/shared/api'
import { dispatch } from '../../../src/main/api-dispatch'
import { WORKBENCH_METHODS, type WorkbenchMethod } from '../../../src/shared/api-methods'
import { articleIdFor } from '../../../src/main/workspace/workspace'
import { recordFigures } from '../../reliability/figures'
import { startApp, type TestApp } from '../../reliability/service'
import { snapshotTree } from '../../reliability/tree'
import { tempDir, writeFiles } from '../../helpers/fs'

/** node:fs as CommonJS sees it: its functions can be wrapped, unlike the ESM namespace's. */
const nodeFs = createRequire(import.meta.url)('node:fs') as typeof import('node:fs')
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const TEXT = 'Titular\n\nEl portavoz dijo: «Todo en orden». Nadie lo confirma.'
const A = articleIdFor('a.txt')
const B = articleIdFor('b.txt')

type Path = (string | number)[]
interface Row {
  /** Arguments the contract accepts. */
  valid: unknown[]
  /** Where ids sit in `valid` (replaced by traversal paths, NUL bytes, …). */
  ids?: Path[]
  /** Free-text fields and one past their limit. */
  texts?: [Path, number][]
  /** Method-specific hostile argument lists. */
  attacks?: unknown[][]
}

const annotation = {
  id: 'Z',
  kind: 'claim',
  start: 0,
  end: 7,
  exact: 'Titular',
  prefix: '',
  suffix: '',
  attributes: { status: 'unchecked' },
  note: '',
  tags: [],
  createdAt: 'x',
  updatedAt: 'x',
}
const entity = { id: 'E1', name: 'El portavoz', type: 'person', aliases: [], note: '', createdAt: 'x', updatedAt: 'x' }
const proposal = {
  key: 'el portavoz',
  name: 'El portavoz',
  type: 'person',
  variants: ['El portavoz'],
  mentions: [{ articleId: A, start: 0, end: 3, text: 'Tit' }],
  newAliases: [],
}
const link = {
  id: 'L9',
  from: { articleId: A, annotationId: 'Q' },
  to: { articleId: B, annotationId: 'Q' },
  relation: 'supports',
  createdAt: 'x',
}

const TABLE: Record<WorkbenchMethod, Row> = {
  getWorkspace: { valid: [] },
  chooseWorkspace: { valid: [], attacks: [['/etc'], ['..']] },
  openSampleWorkspace: { valid: [], attacks: [['/etc/passwd']] },
  listRecentWorkspaces: { valid: [] },
  // Only a folder of the recent list opens: any other path is refused, whatever it looks like.
  openRecentWorkspace: { valid: ['/nowhere/recent'], ids: [[0]], attacks: [['/etc'], ['..'], ['/']] },
  forgetRecentWorkspace: { valid: ['/nowhere/recent'], ids: [[0]], attacks: [['/etc'], ['..']] },
  getViewSettings: { valid: [] },
  setViewSettings: {
    valid: [{ textSize: 18 }],
    attacks: [[{ textSize: 1e9 }], [{ textSize: 11 }], [{ textSize: 17.5 }], [{ libraryFolded: 'yes' }], [{ theme: 'x' }]],
  },
  openArticle: { valid: [A], ids: [[0]] },
  createAnnotation: {
    valid: [A, { id: 'N1', kind: 'quote', start: 0, end: 7 }],
    ids: [[0], [1, 'id']],
    texts: [[[1, 'note'], 20_001]],
    attacks: [
      [A, { id: 'N1', kind: 'quote', start: 7, end: 0 }],
      [A, { id: 'N1', kind: 'quote', start: -1, end: 3 }],
      [A, { id: 'N1', kind: 'quote', start: 0, end: 1e12 }],
      [A, { id: 'N1', kind: 'quote', start: 0.5, end: 3 }],
      [A, { id: 'N1', kind: 'quote', start: Number.NaN, end: 3 }],
      [A, { id: 'N1', kind: 'script', start: 0, end: 3 }],
      [A, { id: 'N1', kind: 'quote', start: 0, end: 7, attributes: { speaker: 'x'.repeat(501) } }],
      [
        A,
        { id: 'N1', kind: 'quote', start: 0, end: 7, attributes: { mode: 'direct', injected: '<img src=x onerror=alert(1)>' } },
      ],
      [A, { id: 'N1', kind: 'quote', start: 0, end: 7, tags: Array(51).fill('t') }],
      [A, { id: 'N1', kind: 'entity', start: 0, end: 7, attributes: { entityId: '../../etc' } }],
      [A, { id: 'N1', kind: 'claim', start: 0, end: 7, attributes: JSON.parse('{"__proto__":{"status":"true"}}') }],
    ],
  },
  updateAnnotation: {
    valid: [A, 'Q', { note: 'x' }],
    ids: [[0], [1]],
    texts: [[[2, 'note'], 20_001]],
    attacks: [
      [A, 'Q', { start: 0 }],
      [A, 'Q', { attributes: { status: 'a\u0000b' } }],
      [A, 'Q', { attributes: { speakerId: '/etc/passwd' } }],
      [A, 'Q', { tags: ['ok', ''] }],
      // A record field (attributes takes any keys): a "__proto__" key must not slip through as a prototype.
      [A, 'Q', { attributes: JSON.parse('{"__proto__":{"polluted":true},"speaker":"x"}') }],
      [A, 'Q', { attributes: { constructor: { prototype: { polluted: true } }, speaker: 'x' } }],
    ],
  },
  deleteAnnotation: { valid: [A, 'Q'], ids: [[0], [1]] },
  restoreAnnotation: {
    valid: [A, annotation, [link]],
    ids: [[0], [1, 'id'], [2, 0, 'id'], [2, 0, 'from', 'articleId']],
    attacks: [
      [A, { ...annotation, end: 0 }, []],
      [A, { ...annotation, kind: 'quote' }, []],
      [A, { ...annotation, exact: 'x'.repeat(20_000_001) }, []],
      [A, annotation, Array(10_001).fill(link)],
      [A, annotation, [{ ...link, relation: 'owns' }]],
    ],
  },
  reattachAnnotation: {
    valid: [A, 'Q', 0, 5],
    ids: [[0], [1]],
    attacks: [
      [A, 'Q', -1, 5],
      [A, 'Q', 0, 1.5],
      [A, 'Q', '0', '5'],
      [A, 'Q', 5, 0],
    ],
  },
  exportAnnotations: {
    valid: [{ scope: 'workspace' }],
    ids: [[0, 'articleId']],
    attacks: [
      [{ scope: 'all' }],
      [{ scope: 'workspace', format: 'exe' }],
      [{ scope: 'workspace', path: '/tmp/out.json' }],
      [{ scope: 'article', articleId: '../../../../etc/passwd' }],
    ],
  },
  importFiles: { valid: [], attacks: [[['/etc/passwd']], ['/etc/passwd']] },
  importFileData: {
    valid: [[{ name: 'nota.txt', base64: 'aG9sYQ==' }]],
    texts: [[[0, 0, 'name'], 256]],
    attacks: [
      [[]],
      [Array(1001).fill({ name: 'a.txt', base64: 'aGk=' })],
      [[{ name: '', base64: 'aGk=' }]],
      [[{ name: 'a.txt' }]],
      [[{ name: 'a.txt', base64: 42 }]],
      [[{ name: 'a.txt', base64: 'aGk=', path: '/etc/cron.d/x' }]],
    ],
  },
  cancelImport: { valid: [] },
  cancelExport: { valid: [] },
  cancelOcr: { valid: [A], ids: [[0]] },
  retryOcr: { valid: [A], ids: [[0]] },
  rereadOcr: {
    valid: [A, ['spa', 'eng']],
    ids: [[0], [1, 0]],
    attacks: [
      [A, []],
      [A, ['../../etc']],
      [A, ['spa', 'eng', 'fra', 'deu', 'ita', 'por']],
      [A, 'spa'],
    ],
  },
  ocrLanguages: { valid: [] },
  createArticle: {
    valid: [{ title: 'Nota', text: 'Hola' }],
    texts: [[[0, 'title'], 501]],
    attacks: [[{ title: 'Nota', text: '' }], [{ title: 'Nota' }], [{ title: 'Nota', text: 'x', path: '../../outside.txt' }]],
  },
  updateArticleMetadata: {
    valid: [A, { title: 'x' }],
    ids: [[0]],
    texts: [
      [[1, 'title'], 501],
      [[1, 'url'], 2001],
    ],
    attacks: [
      [A, { title: 'x', script: 'alert(1)' }],
      [A, { title: 42 }],
    ],
  },
  listClaims: { valid: [], attacks: [['/etc']] },
  setClaimStatuses: {
    valid: [[{ articleId: A, annotationId: 'Q', status: 'accurate' }]],
    ids: [
      [0, 0, 'articleId'],
      [0, 0, 'annotationId'],
    ],
    attacks: [
      [[]],
      [[{ articleId: A, annotationId: 'Q', status: 'a\u0000b' }]],
      [[{ articleId: A, annotationId: 'Q', status: 'x'.repeat(61) }]],
      [[{ articleId: A, annotationId: 'Q' }]],
      [{ articleId: A, annotationId: 'Q', status: 'accurate' }],
    ],
  },
  getLanguage: { valid: [], attacks: [['es']] },
  setLanguage: { valid: ['es'], attacks: [['fr'], [''], [null], [{ language: 'es' }], ['es', 'en']] },
  syncStatus: { valid: [], attacks: [['x']] },
  syncConnect: {
    valid: [{ url: 'https://couch.example.org/desk', username: 'ana', password: 'x' }],
    texts: [
      [[0, 'url'], 2001],
      [[0, 'username'], 201],
    ],
    attacks: [[{ url: 'https://couch.example.org/desk', username: 'ana' }], [{ url: '', username: 'ana', password: 'x' }]],
  },
  syncDisconnect: { valid: [] },
  syncConflicts: { valid: [] },
  syncResolve: {
    valid: ['annotation:a:b', { keep: 'mine' }],
    attacks: [
      ['x', { keep: 'everything' }],
      ['', { keep: 'mine' }],
      ['x', { keep: 'theirs', rev: 42 }],
    ],
  },
  syncAuthors: { valid: [] },
  addClaimStatus: { valid: ['dudoso'], attacks: [[''], ['a\u0000b'], ['two\nlines'], ['x'.repeat(61)], [42]] },
  listEntities: { valid: [] },
  createEntity: {
    valid: [{ id: 'E9', name: 'Nuevo', type: 'person' }],
    ids: [[0, 'id']],
    texts: [[[0, 'name'], 501]],
    attacks: [
      [{ id: 'E9', name: '   ', type: 'person' }],
      [{ id: 'E9', name: 'x', type: 'god' }],
      [{ id: 'E9', name: 'x', type: 'person', aliases: Array(201).fill('a') }],
    ],
  },
  updateEntity: {
    valid: ['E1', { name: 'x' }],
    ids: [[0]],
    attacks: [
      ['E1', { id: 'E2' }],
      ['E1', { type: 'robot' }],
    ],
  },
  deleteEntity: { valid: ['E1'], ids: [[0]] },
  undoDeleteEntity: {
    valid: [{ removed: entity, unlinked: [{ articleId: A, annotationId: 'Q', field: 'speakerId' }] }],
    ids: [
      [0, 'removed', 'id'],
      [0, 'unlinked', 0, 'articleId'],
      [0, 'unlinked', 0, 'annotationId'],
    ],
    attacks: [[{ removed: entity, unlinked: [{ articleId: A, annotationId: 'Q', field: 'constructor' }] }]],
  },
  mergeEntities: { valid: ['E1', 'E2'], ids: [[0], [1]] },
  undoMerge: {
    valid: [
      {
        kept: entity,
        keptBefore: entity,
        removed: { ...entity, id: 'E3' },
        moved: [{ articleId: A, annotationId: 'Q', field: 'entityId' }],
      },
    ],
    ids: [
      [0, 'kept', 'id'],
      [0, 'removed', 'id'],
      [0, 'moved', 0, 'articleId'],
      [0, 'moved', 0, 'annotationId'],
    ],
    attacks: [
      [{ kept: entity, keptBefore: entity, removed: entity, moved: [{ articleId: A, annotationId: 'Q', field: '__proto__' }] }],
    ],
  },
  entityMentions: { valid: ['E1'], ids: [[0]] },
  findEntityOccurrences: { valid: ['E1'], ids: [[0]] },
  search: { valid: ['portavoz'], texts: [[[0], 501]], attacks: [[/x/], [{ $regex: '.*' }]] },
  suggestEntities: { valid: [] },
  cancelEntityDiscovery: { valid: [] },
  acceptEntityProposal: {
    valid: [proposal, 'E7'],
    ids: [[1], [0, 'mentions', 0, 'articleId']],
    attacks: [[{ ...proposal, mentions: [{ articleId: A, start: -1, end: 3, text: 'x' }] }, 'E7']],
  },
  undoAcceptEntityProposal: {
    valid: [{ entity, entityBefore: null, tagged: [{ articleId: A, annotationId: 'Q' }] }],
    ids: [[0, 'tagged', 0, 'articleId']],
  },
  rejectEntityProposal: { valid: ['el portavoz', true], attacks: [[{ $ne: '' }, true]] },
  compareArticles: { valid: [A, B], ids: [[0], [1]] },
  fixAlignment: {
    valid: [A, B, 0, 0],
    ids: [[0], [1]],
    attacks: [
      [A, B, -1, 0],
      [A, B, 0, 0.5],
      [A, B, 0, Infinity],
    ],
  },
  listLinks: { valid: [A], ids: [[0]] },
  createLink: {
    valid: [
      { id: 'L2', from: { articleId: A, annotationId: 'Q' }, to: { articleId: B, annotationId: 'R' }, relation: 'supports' },
    ],
    ids: [
      [0, 'id'],
      [0, 'from', 'articleId'],
      [0, 'from', 'annotationId'],
      [0, 'to', 'articleId'],
    ],
    attacks: [
      [
        {
          id: 'L2',
          from: { articleId: A, annotationId: 'Q' },
          to: { articleId: B, annotationId: 'R' },
          relation: 'supports',
          createdAt: 'x',
        },
      ],
    ],
  },
  deleteLink: { valid: ['L1'], ids: [[0]] },
}

/** What ids are replaced with: traversal, absolute paths, NUL bytes, separators, empty, huge. */
const ID_ATTACKS = [
  '..',
  '.',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '/etc/passwd',
  'C:\\Windows\\System32',
  'a\u0000b',
  'a/b',
  'a b',
  '%2e%2e',
  '',
  'x'.repeat(65),
  'x'.repeat(1_000_000),
  'ü',
  42,
  null,
  { toString: 'x' },
  ['a'],
]
const WRONG_TYPES = [null, 42, true, 'text', [], {}, [[]], -1]
const POLLUTERS = ['__proto__', 'constructor', 'prototype']

const clone = <T>(v: T): T => structuredClone(v)

function setAt(args: unknown[], path: Path, value: unknown): unknown[] {
  const out = clone(args)
  let target = out as unknown as Record<string | number, unknown>
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>
  target[path.at(-1)!] = value
  return out
}

/** Every path to an object inside `value` (arrays included), for extra and polluting keys. */
function objectPaths(value: unknown, path: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return []
  const here = Array.isArray(value) ? [] : [path]
  return [...here, ...Object.entries(value).flatMap(([k, v]) => objectPaths(v, [...path, Array.isArray(value) ? Number(k) : k]))]
}

function at(args: unknown[], path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], args)
}

interface Payload {
  label: string
  args: unknown
}

/** The derived and hand-written hostile payloads of one method. */
function payloadsFor(method: WorkbenchMethod): Payload[] {
  const row = TABLE[method]
  const out: Payload[] = []
  for (const args of [undefined, null, {}, 'getWorkspace', 42, { 0: 'x', length: 1 }])
    out.push({ label: `arguments not a list: ${JSON.stringify(args)}`, args })
  out.push({ label: 'one argument too many', args: [...clone(row.valid), 'extra'] })
  out.push({ label: 'an extra object argument', args: [...clone(row.valid), { __proto__: { polluted: true } }] })
  row.valid.forEach((value, i) => {
    out.push({ label: `argument ${i} missing`, args: row.valid.slice(0, i) })
    for (const wrong of WRONG_TYPES) {
      if (typeof wrong === typeof value && Array.isArray(wrong) === Array.isArray(value) && (wrong === null) === (value === null))
        continue
      out.push({ label: `argument ${i} of the wrong type (${JSON.stringify(wrong)})`, args: setAt(row.valid, [i], wrong) })
    }
  })
  for (const path of objectPaths(row.valid)) {
    out.push({ label: `extra key at ${path.join('.')}`, args: setAt(row.valid, [...path, 'extra'], 1) })
    for (const key of POLLUTERS) {
      const args = clone(row.valid)
      const target = at(args, path) as Record<string, unknown>
      Object.defineProperty(target, key, {
        value: { polluted: true, prototype: { polluted: true } },
        enumerable: true,
        configurable: true,
        writable: true,
      })
      out.push({ label: `"${key}" key at ${path.join('.') || 'top'}`, args })
    }
    const obj = at(row.valid, path) as Record<string, unknown>
    for (const key of Object.keys(obj)) {
      const args = clone(row.valid)
      delete (at(args, path) as Record<string, unknown>)[key]
      // Dropping an optional field leaves a valid request: only required ones make a malformed one.
      if (!workbenchContract[method].args.safeParse(args).success)
        out.push({ label: `field ${[...path, key].join('.')} missing`, args })
    }
  }
  for (const path of row.ids ?? []) {
    for (const bad of ID_ATTACKS)
      out.push({ label: `id at ${path.join('.')} = ${JSON.stringify(bad).slice(0, 40)}`, args: setAt(row.valid, path, bad) })
  }
  for (const [path, length] of row.texts ?? [])
    out.push({ label: `${length}-character string at ${path.join('.')}`, args: setAt(row.valid, path, 'x'.repeat(length)) })
  for (const args of row.attacks ?? []) out.push({ label: `attack ${JSON.stringify(args).slice(0, 80)}`, args })
  return out
}

/** Records every path the process touches through node:fs while `run` runs. */
async function recordFsPaths<T>(run: () => Promise<T>): Promise<{ result: PromiseSettledResult<T>; paths: string[] }> {
  const names = [
    'open',
    'readFile',
    'writeFile',
    'appendFile',
    'stat',
    'lstat',
    'readdir',
    'rename',
    'rm',
    'unlink',
    'mkdir',
    'copyFile',
    'cp',
    'link',
    'symlink',
    'access',
    'realpath',
    'opendir',
    'truncate',
    'chmod',
  ]
  const TWO_PATHS = new Set(['rename', 'copyFile', 'cp', 'link', 'symlink'])
  const paths: string[] = []
  const restore: (() => void)[] = []
  const wrap = (obj: Record<string, unknown>, name: string) => {
    const real = obj[name]
    if (typeof real !== 'function') return
    obj[name] = function (this: unknown, ...args: unknown[]) {
      for (const a of args.slice(0, TWO_PATHS.has(name.replace(/Sync$/, '')) ? 2 : 1))
        if (typeof a === 'string' || a instanceof URL) paths.push(resolve(String(a instanceof URL ? fileURLToPath(a) : a)))
      return (real as (...a: unknown[]) => unknown).apply(this, args)
    }
    restore.push(() => (obj[name] = real))
  }
  for (const name of names) {
    wrap(nodeFs.promises as unknown as Record<string, unknown>, name)
    wrap(nodeFs as unknown as Record<string, unknown>, `${name}Sync`)
    wrap(nodeFs as unknown as Record<string, unknown>, name)
  }
  try {
    const [result] = await Promise.allSettled([run()])
    return { result, paths }
  } finally {
    restore.forEach((r) => r())
  }
}

let app: TestApp
let workspace: string
let userData: string
let outside: string
const within = (path: string, root: string) => path === root || path.startsWith(root + sep)

beforeAll(async () => {
  const parent = tempDir('spanwise-hostile-')
  workspace = join(parent, 'workspace')
  userData = join(parent, 'user-data')
  outside = join(parent, 'outside')
  writeFiles(workspace, { 'a.txt': TEXT, 'b.txt': TEXT })
  // Bait beside the workspace: a traversal that worked would read or overwrite these.
  mkdirSync(outside, { recursive: true })
  writeFileSync(join(outside, 'secret.txt'), 'confidential source list')
  writeFileSync(join(parent, 'passwd'), 'root:x:0:0')
  app = await startApp(workspace, { userDataDir: userData })
  await app.call('createAnnotation', A, { id: 'Q', kind: 'quote', start: 0, end: 7 })
  await app.call('createAnnotation', B, { id: 'R', kind: 'claim', start: 0, end: 7 })
  await app.call('createEntity', { id: 'E1', name: 'El portavoz', type: 'person' })
  await app.call('createEntity', { id: 'E2', name: 'Portavoz', type: 'person' })
  await app.call('createLink', {
    id: 'L1',
    from: { articleId: A, annotationId: 'Q' },
    to: { articleId: B, annotationId: 'R' },
    relation: 'supports',
  })
  // Let the batched index write happen before the first snapshot.
  await app.service.close()
  await app.service.openWorkspace(workspace)
  // And the counts of the reopened workspace, checked in the background, written too.
  await app.service.settled()
})
afterAll(async () => {
  await app.close()
})

const figures = { methods: 0, payloads: 0, rejected: 0, wrote: 0, touchedOutside: 0, confinedNames: 0 }

describe('hostile requests', () => {
  it('every contract method has a row, and its valid arguments pass the contract', () => {
    for (const method of WORKBENCH_METHODS) {
      expect(TABLE[method], `${method} has no hostile-payload row`).toBeDefined()
      const parsed = workbenchContract[method].args.safeParse(TABLE[method].valid)
      expect(parsed.success, `${method}: the row's valid arguments must pass the contract`).toBe(true)
    }
    expect(Object.keys(TABLE).sort()).toEqual([...WORKBENCH_METHODS].sort())
  })

  it.each([...WORKBENCH_METHODS])(
    '%s: every malformed request is rejected, writes nothing, touches nothing outside',
    async (method) => {
      const payloads = payloadsFor(method)
      expect(payloads.length).toBeGreaterThan(5)
      const failures: string[] = []
      const before = {
        workspace: snapshotTree(workspace),
        userData: snapshotTree(userData),
        outside: snapshotTree(dirname(workspace)),
      }
      for (const { label, args } of payloads) {
        // The arguments go to dispatch exactly as a transport would hand them over, list or not.
        const { result: outcome, paths } = await recordFsPaths(() => dispatch(app.service, method, args))
        figures.payloads++
        if (outcome.status === 'fulfilled') failures.push(`accepted: ${label}`)
        else if (!(outcome.reason instanceof Error) || !outcome.reason.message)
          failures.push(`rejected without a message: ${label}`)
        else figures.rejected++
        const strays = paths.filter((p) => !within(p, workspace) && !within(p, userData) && !within(p, repoRoot))
        if (strays.length) {
          figures.touchedOutside++
          failures.push(`touched ${strays.join(', ')}: ${label}`)
        }
      }
      const after = {
        workspace: snapshotTree(workspace),
        userData: snapshotTree(userData),
        outside: snapshotTree(dirname(workspace)),
      }
      if (JSON.stringify(after) !== JSON.stringify(before)) figures.wrote++
      expect(after).toEqual(before)
      expect(failures).toEqual([])
      // No payload reached Object.prototype.
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      expect(Object.keys(Object.prototype)).toEqual([])
      figures.methods++
    },
  )

  it('file names and titles that look like paths are confined to the workspace root', async () => {
    // These are valid requests (a dropped file's name, a pasted article's title are free text): the
    // service must turn them into plain names inside the workspace, never follow them.
    const names = [
      '../../outside/evil.txt',
      '/tmp/absolute.txt',
      '..\\..\\win.txt',
      'nul\u0000byte.txt',
      '.hidden.txt',
      '....//....//x.txt',
    ]
    const before = snapshotTree(dirname(workspace))
    const { result, paths } = await recordFsPaths(async () => {
      const imported = (await app.call(
        'importFileData',
        names.map((name) => ({ name, base64: Buffer.from('Texto importado').toString('base64') })),
      )) as { imported: string[] }
      await app.call('createArticle', { title: '../../outside/pasted', text: 'Texto pegado' })
      await app.call('createArticle', { title: '/etc/cron.d/job', text: 'Texto pegado' })
      return imported
    })
    expect(result.status).toBe('fulfilled')
    expect(paths.some((p) => within(p, workspace))).toBe(true) // the recorder sees the service's file access
    expect(paths.filter((p) => !within(p, workspace) && !within(p, userData) && !within(p, repoRoot))).toEqual([])
    const after = snapshotTree(dirname(workspace))
    const added = Object.keys(after).filter((k) => !(k in before))
    // Everything new is a top-level, visible file of the workspace (plus Spanwise's own index).
    expect(added.filter((k) => !k.startsWith('workspace/.spanwise/'))).toEqual(
      added.filter((k) => /^workspace\/[^/.][^/]*$/.test(k)),
    )
    for (const [k, v] of Object.entries(before)) expect(after[k], k).toBe(k.startsWith('workspace/.spanwise/') ? after[k] : v)
    figures.confinedNames = names.length + 2
  })

  it('records the figures', async () => {
    await recordFigures(
      'hostile-payloads',
      figures,
      [
        '| contract methods | malformed requests tried | rejected with an error | methods whose requests wrote anything | requests that touched files outside the workspace |',
        '|---:|---:|---:|---:|---:|',
        `| ${figures.methods} / ${WORKBENCH_METHODS.length} | ${figures.payloads} | ${figures.rejected} | **${figures.wrote}** | **${figures.touchedOutside}** |`,
        '',
        `From \`test/unit/security/hostile-payloads.test.ts\`: arguments not a list, extra and missing arguments, wrong types, extra keys and \`__proto__\`/\`constructor\`/\`prototype\` keys in every object, ids replaced by traversal and absolute paths, NUL bytes, separators, empty and 1 MB strings, over-long texts, and method-specific attacks. Besides, ${figures.confinedNames} file names and titles shaped like paths (\`../../x\`, absolute, NUL) were accepted as plain names and written only inside the workspace root.`,
      ].join('\n'),
    )
  })
})
