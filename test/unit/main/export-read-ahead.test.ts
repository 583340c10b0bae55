/**
 * The export reads articles ahead of the one it writes. These tests hold it to what the one-at-a-time
 * export did: the same bytes in every format (articles with annotations, without, re-anchored, with
 * orphans, files changed after the workspace was opened), the same failure when a file cannot be read,
 * progress in order, and a cancel that leaves nothing behind and nothing running.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  ExportCancelled,
  exportFileName,
  readAhead,
  writeExport,
  type ExportOptions,
} from '../../../src/main/export/export-writer'
import { WorkbenchService } from '../../../src/main/workbench-service'
import type { WorkbenchEvent } from '../../../src/shared/api'
import { Workspace, type ReanchorReport } from '../../../src/main/workspace/workspace'
import { EXPORT_FORMAT_IDS } from '../../../src/shared/export/formats'
import { tempDir, writeFiles } from '../../helpers/fs'
import { testHost } from '../../helpers/host'

const ARTICLES = 40
const story = (i: number) =>
  `Nota ${i}\n\nEl alcalde ${i} dijo: «Es la mejor noticia del año ${2000 + i}». Los vecinos protestan.\n\nEl informe estima ${i}.200 empleos en 😀 la comarca.`
const path = (i: number) => `desk-${i % 3}/story-${String(i).padStart(2, '0')}.txt`

// Articles changed on disk: before the workspace is opened (the scan sees it) and after (it does not).
const EDITED_BEFORE_OPEN = [9, 11, 25] // 11 has no annotations
const EDITED_AFTER_OPEN = [6, 30]
const edited = (i: number) => `Párrafo nuevo arriba.\n\n${story(i).replace(`estima ${i}.200 empleos`, 'estimaba otra cifra')}`

let template: string

/** A workspace with annotated and unannotated articles, an unreadable file and entities, closed. */
beforeAll(async () => {
  template = join(tempDir(), 'newsroom')
  writeFiles(template, Object.fromEntries(Array.from({ length: ARTICLES }, (_, i) => [path(i), story(i)])))
  writeFiles(template, { 'desk-0/broken.txt': new Uint8Array([0, 1, 2, 0, 3]) })
  const ws = await Workspace.open(template)
  const mayor = await ws.createEntity({ id: 'mayor', name: 'El alcalde', type: 'person' })
  for (const summary of ws.articles()) {
    const i = Number(/story-(\d+)/.exec(summary.path)?.[1] ?? NaN)
    if (Number.isNaN(i) || i % 4 === 3) continue // broken.txt, and every fourth article without annotations
    const text = story(i)
    const at = (s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length })
    await ws.createAnnotation(summary.id, {
      id: `q${i}`,
      kind: 'quote',
      ...at(`«Es la mejor noticia del año ${2000 + i}»`),
      attributes: { speakerId: mayor.id },
    })
    await ws.createAnnotation(summary.id, {
      id: `c${i}`,
      kind: 'claim',
      ...at(`estima ${i}.200 empleos`),
      attributes: { status: 'misleading' },
    })
    await ws.createAnnotation(summary.id, {
      id: `e${i}`,
      kind: 'entity',
      ...at(`alcalde ${i}`),
      attributes: { entityId: mayor.id },
    })
  }
  // Evidence links: each claim of articles 0-9 backed by the quote two articles on, in order of creation.
  const idOf = (i: number) => ws.articles().find((a) => a.path === path(i))!.id
  for (const i of [0, 1, 2, 4, 5, 6, 8, 9]) {
    const to = [i + 2, i + 1, i + 3].find((j) => j % 4 !== 3)!
    await ws.createLink({
      id: `link${i}`,
      from: { articleId: idOf(i), annotationId: `c${i}` },
      to: { articleId: idOf(to), annotationId: `q${to}` },
      relation: 'supports',
    })
  }
  await ws.createLink({
    id: 'link0b',
    from: { articleId: idOf(0), annotationId: `q0` },
    to: { articleId: idOf(1), annotationId: 'c1' },
    relation: 'supports',
  })
  await ws.close()
  for (const i of EDITED_BEFORE_OPEN) writeFileSync(join(template, path(i)), edited(i))
})

const dirs: string[] = []
afterEach(() => {
  vi.useRealTimers()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A fresh copy of the template (same folder name, so the same workspace name), opened, then edited. */
async function openCopy(reports: ReanchorReport[] = []): Promise<{ ws: Workspace; outDir: string }> {
  const parent = tempDir()
  dirs.push(parent)
  const root = join(parent, 'newsroom')
  cpSync(template, root, { recursive: true })
  const ws = await Workspace.open(root, { onReanchor: (r) => reports.push(r) })
  for (const i of EDITED_AFTER_OPEN) writeFileSync(join(root, path(i)), edited(i))
  const outDir = join(parent, 'out')
  mkdirSync(outDir)
  return { ws, outDir }
}

/** Every file below `dir` (a file itself, or brat's folder) by relative name. */
function contents(target: string): Record<string, string> {
  if (statSync(target).isFile()) return { '': readFileSync(target, 'utf8') }
  return Object.fromEntries(
    readdirSync(target)
      .sort()
      .map((name) => [name, readFileSync(join(target, name), 'utf8')]),
  )
}

async function exportCopy(format: ExportOptions['format'], readAheadDepth: number) {
  const reports: ReanchorReport[] = []
  const { ws, outDir } = await openCopy(reports)
  const progress: number[] = []
  const out = join(outDir, exportFileName('newsroom', format))
  const summary = await writeExport(ws, out, { format, readAhead: readAheadDepth, onProgress: (done) => progress.push(done) })
  await ws.close()
  return {
    summary,
    files: contents(out),
    progress,
    reports: reports.sort((a, b) => a.path.localeCompare(b.path)),
    leftovers: readdirSync(outDir).filter((n) => n.includes('partial')),
  }
}

describe('export with read-ahead', () => {
  it.each(EXPORT_FORMAT_IDS)('writes exactly what the one-at-a-time export writes (%s)', async (format) => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2025-03-01T12:00:00.000Z'))
    const sequential = await exportCopy(format, 1)
    const ahead = await exportCopy(format, 8)

    expect(ahead.files).toEqual(sequential.files)
    expect(ahead.summary).toEqual({ ...sequential.summary, path: ahead.summary.path })
    expect(sequential.summary).toMatchObject({ articles: ARTICLES, annotations: 90 })
    expect(ahead.progress).toEqual(Array.from({ length: ARTICLES }, (_, i) => i + 1))
    expect(ahead.reports).toEqual(sequential.reports)
    expect(ahead.reports.map((r) => r.path)).toEqual(
      [...EDITED_BEFORE_OPEN, ...EDITED_AFTER_OPEN]
        .filter((i) => i % 4 !== 3)
        .map(path)
        .sort(),
    )
    expect(ahead.leftovers).toEqual([])
  })

  it('exports re-anchored and orphaned annotations of files changed before and after opening', async () => {
    const { files } = await exportCopy('json', 8)
    const data = JSON.parse(files[''])
    for (const i of [...EDITED_BEFORE_OPEN, ...EDITED_AFTER_OPEN].filter((i) => i % 4 !== 3)) {
      const article = data.articles.find((a: { path: string }) => a.path === path(i))
      expect(article.text).toBe(edited(i))
      const byId = Object.fromEntries(article.annotations.map((a: { id: string }) => [a.id, a]))
      expect(byId[`q${i}`]).toMatchObject({ exact: `«Es la mejor noticia del año ${2000 + i}»`, anchor: 'moved' })
      expect(byId[`c${i}`]).toMatchObject({ exact: `estima ${i}.200 empleos`, anchor: 'orphaned' })
    }
    expect(data.articles.map((a: { path: string }) => a.path)).not.toContain('desk-0/broken.txt')
    const linksOf = (i: number) =>
      data.articles.find((a: { path: string }) => a.path === path(i)).links.map((l: { id: string }) => l.id)
    expect(linksOf(0)).toEqual(['link0', 'link0b'])
    expect(linksOf(5)).toEqual(['link5'])
    expect(linksOf(7)).toEqual([])
  })

  it('exports the links and entity names as they are now, after links or entities changed', async () => {
    const { ws } = await openCopy()
    const id = (i: number) => ws.articles().find((a) => a.path === path(i))!.id
    expect((await ws.articleForExport(id(5))).links.map((l) => l.id)).toEqual(['link5'])
    await ws.deleteLink('link5')
    await ws.createLink({
      id: 'link5b',
      from: { articleId: id(5), annotationId: 'q5' },
      to: { articleId: id(6), annotationId: 'c6' },
      relation: 'contradicts',
    })
    await ws.updateEntity('mayor', { name: 'La alcaldesa' })
    const article = await ws.articleForExport(id(5))
    expect(article.links.map((l) => l.id)).toEqual(['link5b'])
    expect(article.annotations.find((a) => a.id === 'q5')!.attributes).toMatchObject({ speaker: 'La alcaldesa' })
    await ws.close()
  })

  it('fails as the one-at-a-time export does when a file cannot be read, and leaves no output', async () => {
    const failures: string[] = []
    for (const depth of [1, 8]) {
      const { ws, outDir } = await openCopy()
      rmSync(join(ws.root, path(12))) // deleted after the workspace was opened
      const out = join(outDir, 'all.json')
      const progress: number[] = []
      const error = await writeExport(ws, out, {
        format: 'json',
        readAhead: depth,
        onProgress: (done) => progress.push(done),
      }).catch((e: Error) => e)
      failures.push(`${(error as Error).message.replace(ws.root, '<root>')} after ${progress.length}`)
      expect(readdirSync(outDir)).toEqual([])
      await ws.close()
    }
    const position = [...Array(ARTICLES).keys()].map(path).sort().indexOf(path(12))
    expect(failures[1]).toBe(failures[0])
    expect(failures[0]).toBe(`ENOENT: no such file or directory, open '<root>/${path(12)}' after ${position}`)
  })

  it.each(['json', 'csv'] as const)(
    'a file that cannot be created fails the export (%s) instead of crashing the process',
    async (format) => {
      const { ws, outDir } = await openCopy()
      const error = await writeExport(ws, join(outDir, 'gone', 'all.out'), { format }).catch((e: Error) => e)
      expect((error as NodeJS.ErrnoException).code).toBe('ENOENT')
      expect(readdirSync(outDir)).toEqual([])
      await ws.close()
    },
  )

  it('a cancel leaves no output, no partial file, and no read or re-anchoring still running', async () => {
    const reports: ReanchorReport[] = []
    const { ws, outDir } = await openCopy(reports)
    const out = join(outDir, 'all.json')
    const progress: number[] = []
    let cancelled = false
    const error = await writeExport(ws, out, {
      format: 'json',
      readAhead: 8,
      isCancelled: () => cancelled,
      onProgress: (done) => {
        progress.push(done)
        cancelled = done === 5
      },
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ExportCancelled)
    expect(progress).toEqual([1, 2, 3, 4, 5])
    expect(readdirSync(outDir)).toEqual([])
    // Whatever was read ahead finished before the export returned: no report arrives later.
    const settled = reports.length
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(reports).toHaveLength(settled)
    expect(existsSync(out)).toBe(false)
    await ws.close()
  })
})

describe('export from the app (progress and cancel)', () => {
  async function appExport(cancelAt: number | null) {
    const userData = tempDir('spanwise-user-')
    const { ws, outDir } = await openCopy()
    const root = ws.root
    await ws.close()
    const out = join(outDir, 'newsroom.spanwise.json')
    const events: WorkbenchEvent[] = []
    let service: WorkbenchService | null = null
    const app = testHost({
      userDataDir: userData,
      chooseSavePath: async () => out,
      emit: (event) => {
        events.push(event)
        if (event.type === 'progress' && event.done === cancelAt) void service!.cancelExport()
      },
    })
    service = await WorkbenchService.create(app)
    await service.openWorkspace(root)
    const result = await service.exportAnnotations({ scope: 'workspace', format: 'json' })
    await service.close()
    dirs.push(userData)
    const progress = events.flatMap((e) => (e.type === 'progress' && e.task === 'export' ? [`${e.done}/${e.total}`] : []))
    return { result, progress, out, outDir }
  }

  it('shows progress in order and ends with the file in place', async () => {
    const { result, progress, out } = await appExport(null)
    expect(result).toMatchObject({ path: out, articles: ARTICLES, annotations: 90 })
    expect(progress).toEqual(['25/40', '40/40', '1/1'])
    expect(JSON.parse(readFileSync(out, 'utf8')).articles).toHaveLength(ARTICLES)
  })

  it('a cancel from the app stops the export and leaves no file', async () => {
    const { result, progress, outDir } = await appExport(25)
    expect(result).toBeNull()
    expect(progress).toEqual(['25/40', '1/1'])
    expect(readdirSync(outDir)).toEqual([])
  })
})

describe('readAhead', () => {
  const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
  const limits = { depth: 3, maxWeight: Infinity, weigh: () => 1 }

  it('yields in order while loads finish out of order, with at most `depth` running', async () => {
    let running = 0
    let most = 0
    const load = async (n: number) => {
      most = Math.max(most, ++running)
      await tick((10 - n) * 3) // later items finish first
      running--
      return `item ${n}`
    }
    const seen: string[] = []
    for await (const item of readAhead([...Array(10).keys()], load, limits)) seen.push(item)
    expect(seen).toEqual([...Array(10).keys()].map((n) => `item ${n}`))
    expect(most).toBe(3)
  })

  it('surfaces a failed load in its turn, after the items before it, and waits for the loads already started', async () => {
    const finished: number[] = []
    const load = async (n: number) => {
      await tick(n === 2 ? 1 : 10)
      finished.push(n)
      if (n === 2) throw new Error('item 2 is unreadable')
      return `item ${n}`
    }
    const seen: string[] = []
    const error = await (async () => {
      for await (const item of readAhead([0, 1, 2, 3, 4, 5], load, limits)) seen.push(item)
    })().catch((e: Error) => e.message)
    expect(seen).toEqual(['item 0', 'item 1'])
    expect(error).toBe('item 2 is unreadable')
    expect(finished.sort()).toEqual([0, 1, 2, 3, 4]) // 3 and 4 were started: ended before the error came out
  })

  it('reads ahead only while the items in hand weigh at most the budget; a heavy one is read alone', async () => {
    const started: number[] = []
    const load = async (n: number) => (started.push(n), `item ${n}`)
    const items = readAhead([0, 1, 2, 3, 4], load, { depth: 3, maxWeight: 50, weigh: (n: number) => (n === 1 ? 100 : 1) })
    expect((await items.next()).value).toBe('item 0')
    expect(started).toEqual([0]) // item 1 would go over the budget while item 0 is in hand
    expect((await items.next()).value).toBe('item 1')
    expect(started).toEqual([0, 1]) // alone
    expect((await items.next()).value).toBe('item 2')
    expect(started).toEqual([0, 1, 2, 3, 4])
    await items.return(undefined)
  })
})
