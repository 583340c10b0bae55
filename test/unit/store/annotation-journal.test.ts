/**
 * The annotation file's change journal: saves append a line and leave the JSON file alone until it is
 * compacted; whatever a crash leaves (a cut-off last line, a damaged line, a journal without its JSON
 * file, a JSON file newer than the journal) opens to every acknowledged change, and the user is told
 * when something could not be read.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Annotation } from '../../../src/shared/model'
import type { RecoveryReport } from '../../../src/main/store/durable-json-file'
import {
  ANNOTATION_FILE_VERSION,
  AnnotationFile,
  AnnotationFileData,
  DEFAULT_JOURNAL_OPTIONS,
  readStoredAnnotations,
  type JournalOptions,
} from '../../../src/main/store/annotation-file'
import { diskFullUnder } from '../../reliability/faults'

const ARTICLE = 'a1b2c3d4e5f60718'
const NOW = '2026-11-28T10:00:00.000Z'

function quote(id: string, note = ''): Annotation {
  return {
    id,
    kind: 'quote',
    start: 0,
    end: 4,
    exact: 'Hola',
    prefix: '',
    suffix: '',
    note,
    tags: [],
    attributes: { speaker: '', mode: 'direct' },
    createdAt: NOW,
    updatedAt: NOW,
  }
}

function setup(options: Partial<JournalOptions> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'spanwise-journal-'))
  const dir = join(dataDir, 'annotations')
  mkdirSync(dir)
  const json = join(dir, `${ARTICLE}.json`)
  const journal = join(dir, `${ARTICLE}.journal`)
  const reports: RecoveryReport[] = []
  const open = () =>
    AnnotationFile.open(
      dataDir,
      ARTICLE,
      () => ({ version: ANNOTATION_FILE_VERSION, articleId: ARTICLE, path: 'nota.txt', textHash: 'sha256:x', annotations: [] }),
      (r) => reports.push(r),
      // Compaction only when a test asks for it, unless it sets a threshold.
      { ...DEFAULT_JOURNAL_OPTIONS, idleMs: 60_000, ...options },
    )
  const stored = () => readStoredAnnotations(dataDir, ARTICLE)
  /** Journals not compacted yet (`.journal.old` is: it is kept for the case the JSON file gets damaged). */
  const journalFiles = () => readdirSync(dir).filter((n) => n.endsWith('.journal') || n.endsWith('.journal.next'))
  return { dataDir, dir, json, journal, reports, open, stored, journalFiles }
}

const add = (file: AnnotationFile, id: string) => file.update((d) => void d.annotations.push(quote(id)))
const edit = (file: AnnotationFile, id: string, note: string) =>
  file.update((d) => {
    const i = d.annotations.findIndex((a) => a.id === id)
    d.annotations[i] = { ...d.annotations[i], note }
  })
const remove = (file: AnnotationFile, id: string) =>
  file.update(
    (d) =>
      void d.annotations.splice(
        d.annotations.findIndex((a) => a.id === id),
        1,
      ),
  )
const ids = (data: { annotations: readonly Annotation[] } | null) => data?.annotations.map((a) => a.id)

/** A pid no process has (a child that has exited). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!
}

/** Files as a writer that crashed left them: the JSON file at `seq`, and journal lines after it. */
function crashedWriterFiles(
  s: ReturnType<typeof setup>,
  json: { seq: number; annotations: Annotation[] } | null,
  journalLines: string[],
) {
  if (json) {
    const data: AnnotationFileData = {
      version: ANNOTATION_FILE_VERSION,
      articleId: ARTICLE,
      path: 'nota.txt',
      textHash: 'sha256:x',
      journalSeq: json.seq,
      annotations: json.annotations,
    }
    writeFileSync(s.json, JSON.stringify(data))
  }
  const header = JSON.stringify({ journal: 1, pid: deadPid(), writer: 'gone' })
  writeFileSync(s.journal, [header, ...journalLines].join('\n'))
}
const line = (seq: number, change: { puts?: Annotation[]; deletes?: string[] }) =>
  JSON.stringify({ seq, puts: change.puts ?? [], deletes: change.deletes ?? [] })

describe('the annotation journal', () => {
  it('appends a save to the journal, leaves the JSON file alone, and folds it in on flush', async () => {
    const s = setup()
    const file = await s.open()
    await add(file, 'A') // the first change of an article writes its JSON file
    const jsonBefore = readFileSync(s.json)
    await add(file, 'B')
    await edit(file, 'A', 'comprobado')
    await remove(file, 'B')
    await add(file, 'C')
    expect(readFileSync(s.json)).toEqual(jsonBefore)
    expect(readFileSync(s.journal, 'utf8').trim().split('\n')).toHaveLength(1 + 4) // header + one line per change
    const expected = [
      { id: 'A', note: 'comprobado' },
      { id: 'C', note: '' },
    ]
    expect((await s.stored())?.annotations.map(({ id, note }) => ({ id, note }))).toEqual(expected)

    await file.flush()
    expect(s.journalFiles()).toEqual([])
    const compacted = AnnotationFileData.parse(JSON.parse(readFileSync(s.json, 'utf8')))
    expect(compacted.annotations.map(({ id, note }) => ({ id, note }))).toEqual(expected)
    expect(ids(await s.open().then((f) => f.data))).toEqual(['A', 'C'])
  })

  it('gives back every change when the JSON file is damaged: its .bak plus the journals', async () => {
    const s = setup()
    const file = await s.open()
    await add(file, 'A')
    await add(file, 'B')
    await edit(file, 'A', 'primera')
    await file.flush() // the JSON file holds A, B; .bak only A
    await add(file, 'C')
    await file.flush() // .bak holds A, B; C is in the JSON file and in .journal.old
    await add(file, 'D') // only in the journal
    writeFileSync(s.json, '{"version":2,"articleId":"a1b2c3d4e5f60718","annot')
    const reopened = await s.open()
    expect(reopened.data.annotations.map(({ id, note }) => ({ id, note }))).toEqual([
      { id: 'A', note: 'primera' },
      { id: 'B', note: '' },
      { id: 'C', note: '' },
      { id: 'D', note: '' },
    ])
    expect(s.reports).toEqual([expect.objectContaining({ restored: true, movedTo: expect.stringContaining('.json.corrupt-') })])
  })

  it('compacts every few changes while saves keep going, losing none', async () => {
    const s = setup({ compactAfterEntries: 3 })
    const file = await s.open()
    const saves: Promise<void>[] = []
    for (let i = 0; i < 40; i++) saves.push(i % 4 === 3 ? edit(file, `n${i - 1}`, `edit ${i}`) : add(file, `n${i}`))
    await Promise.all(saves)
    const expected = file.data.annotations.map(({ id, note }) => ({ id, note }))
    expect(expected).toHaveLength(30)
    expect((await s.stored())?.annotations.map(({ id, note }) => ({ id, note }))).toEqual(expected)
    await file.flush()
    expect(
      AnnotationFileData.parse(JSON.parse(readFileSync(s.json, 'utf8'))).annotations.map(({ id, note }) => ({ id, note })),
    ).toEqual(expected)
    expect(s.journalFiles()).toEqual([])
  })

  it('compacts by itself once the changes stop', async () => {
    const s = setup({ idleMs: 20 })
    const file = await s.open()
    await add(file, 'A')
    await add(file, 'B')
    expect(s.journalFiles()).toEqual([`${ARTICLE}.journal`])
    await expect.poll(() => s.journalFiles(), { timeout: 5000 }).toEqual([])
    expect(ids(AnnotationFileData.parse(JSON.parse(readFileSync(s.json, 'utf8'))))).toEqual(['A', 'B'])
    expect(file.busy).toBe(false)
  })

  it('ignores a cut-off last line (a crash mid-append, never acknowledged) and tells nobody', async () => {
    const s = setup()
    crashedWriterFiles(s, { seq: 1, annotations: [quote('A')] }, [
      line(2, { puts: [quote('B')] }),
      `${line(3, { puts: [quote('C')] }).slice(0, 40)}`,
    ])
    const file = await s.open()
    expect(ids(file.data)).toEqual(['A', 'B'])
    expect(s.reports).toEqual([])
    // The crashed writer's journal was folded into the JSON file, so no new line follows the cut-off one.
    expect(s.journalFiles()).toEqual([])
    await add(file, 'D')
    expect(ids(await s.stored())).toEqual(['A', 'B', 'D'])
    expect(ids((await s.open()).data)).toEqual(['A', 'B', 'D'])
  })

  it('recovers every readable line around a damaged one, moves the journal aside and tells the user', async () => {
    const s = setup()
    crashedWriterFiles(s, { seq: 1, annotations: [quote('A')] }, [
      line(2, { puts: [quote('B')] }),
      '{"seq":3,"puts":[{"id":"C","kind":"quo\u0000',
      line(4, { deletes: ['A'] }),
      line(5, { puts: [quote('E')] }),
      '',
    ])
    const damaged = readFileSync(s.journal)
    const file = await s.open()
    expect(ids(file.data)).toEqual(['B', 'E'])
    const aside = readdirSync(s.dir).filter((n) => n.startsWith(`${ARTICLE}.journal.corrupt-`))
    expect(aside).toHaveLength(1)
    expect(readFileSync(join(s.dir, aside[0]))).toEqual(damaged)
    expect(s.reports.map((r) => r.reason).join('\n')).toMatch(/1 damaged line\(s\) in the change journal were skipped/)
    expect(s.reports.map((r) => r.reason).join('\n')).toMatch(/1 change\(s\) could not be recovered/) // seq 3
    expect(ids(AnnotationFileData.parse(JSON.parse(readFileSync(s.json, 'utf8'))))).toEqual(['B', 'E'])
    expect(ids(await s.stored())).toEqual(['B', 'E'])
  })

  it('rebuilds the annotations from a journal whose JSON file is gone', async () => {
    const s = setup()
    crashedWriterFiles(s, null, [line(1, { puts: [quote('A')] }), line(2, { puts: [quote('B')] }), ''])
    const file = await s.open()
    expect(ids(file.data)).toEqual(['A', 'B'])
    expect(s.reports).toEqual([]) // the journal starts at the first change: nothing is missing
    expect(ids(AnnotationFileData.parse(JSON.parse(readFileSync(s.json, 'utf8'))))).toEqual(['A', 'B'])
  })

  it('says so when the JSON file is gone and the journal does not reach back to the first change', async () => {
    const s = setup()
    crashedWriterFiles(s, null, [line(4, { puts: [quote('D')] }), line(5, { puts: [quote('E')] }), ''])
    const file = await s.open()
    expect(ids(file.data)).toEqual(['D', 'E'])
    expect(s.reports).toEqual([
      expect.objectContaining({
        reason: expect.stringMatching(/missing or older than its change journal.*3 change\(s\) could not be recovered/),
      }),
    ])
  })

  it('skips journal lines the JSON file holds already (a crash between compaction and clean-up)', async () => {
    const s = setup()
    // B was created at 2 and deleted at 3; the JSON file (at 3) was written, the old journal not yet removed.
    crashedWriterFiles(s, { seq: 3, annotations: [quote('A')] }, [
      line(2, { puts: [quote('B')] }),
      line(3, { deletes: ['B'] }),
      '',
    ])
    writeFileSync(`${s.journal}.next`, `${line(2, { puts: [quote('B')] })}\n`)
    const file = await s.open()
    expect(ids(file.data)).toEqual(['A'])
    expect(s.reports).toEqual([])
    expect(s.journalFiles()).toEqual([])
  })

  it('reads, but never compacts, moves or appends to, a journal another running process is appending to', async () => {
    const s = setup()
    const journalText = [
      JSON.stringify({ journal: 1, pid: process.ppid, writer: 'the app' }),
      line(2, { puts: [quote('B')] }),
      '',
    ].join('\n')
    crashedWriterFiles(s, { seq: 1, annotations: [quote('A')] }, [])
    writeFileSync(s.journal, journalText)
    const file = await s.open()
    expect(ids(file.data)).toEqual(['A', 'B'])
    await expect(add(file, 'C')).rejects.toThrow(/being edited by another Spanwise/)
    await file.flush()
    expect(readFileSync(s.journal, 'utf8')).toBe(journalText)
    expect(s.journalFiles()).toEqual([`${ARTICLE}.journal`])
  })

  it('takes over once that process has ended, never appending right after its cut-off line', async () => {
    const s = setup()
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
    try {
      crashedWriterFiles(s, { seq: 1, annotations: [quote('A')] }, [])
      writeFileSync(
        s.journal,
        [
          JSON.stringify({ journal: 1, pid: other.pid, writer: 'the app' }),
          line(2, { puts: [quote('B')] }),
          line(3, { puts: [quote('X')] }).slice(0, 30),
        ].join('\n'),
      )
      const file = await s.open()
      await expect(add(file, 'C')).rejects.toThrow(/being edited by another Spanwise/)
      other.kill('SIGKILL')
      await new Promise((resolve) => other.once('exit', resolve))
      await add(file, 'C')
      expect(ids(await s.stored().catch(() => null))).toBeUndefined() // the cut-off line now reads as damaged
      expect(ids((await s.open()).data)).toEqual(['A', 'B', 'C'])
      expect(s.reports.map((r) => r.reason)).toEqual([expect.stringMatching(/1 damaged line/)])
    } finally {
      other.kill('SIGKILL')
    }
  })

  it('leaves nothing behind when the disk cannot take a journal line, and saves once it can', async () => {
    const s = setup()
    const file = await s.open()
    await add(file, 'A')
    await add(file, 'B')
    await file.flush()
    const before = readdirSync(s.dir).sort()
    const fault = diskFullUnder(s.dataDir)
    try {
      await expect(add(file, 'C')).rejects.toThrow(/ENOSPC/)
      await expect(edit(file, 'A', 'x')).rejects.toThrow(/ENOSPC/)
    } finally {
      fault.undo()
    }
    expect(readdirSync(s.dir).sort()).toEqual(before)
    expect(ids(file.data)).toEqual(['A', 'B'])
    await add(file, 'C')
    expect(ids(await s.stored())).toEqual(['A', 'B', 'C'])
    expect(ids((await s.open()).data)).toEqual(['A', 'B', 'C'])
    expect(s.reports).toEqual([])
  })
})
