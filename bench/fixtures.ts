/**
 * Workspaces on disk for the Node rows, written below .bench-tmp/ (git-ignored) and reused across runs:
 * a folder is generated once per seed and marked complete with a stamp file, so a second `npm run bench`
 * does not spend a minute rewriting 10,000 articles.
 *
 * Annotation files are written in the stored format directly (quote selector, timestamps, the text hash
 * of the article as import reads it), as if a journalist had tagged them in the app.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { extractArticle } from '../src/main/import'
import { articleIdFor, hashText } from '../src/main/workspace/workspace'
import { quoteSelector } from '../src/shared/text-offsets'
import type { Annotation } from '../src/shared/model'
import { makeAnnotations, makeArticle, prng, type BenchAnnotation, type BenchArticle } from './generate'

export const BENCH_TMP = join(dirname(fileURLToPath(import.meta.url)), '..', '.bench-tmp')
/** Bumped when the generator or the stored format changes, so stale fixtures are rebuilt. */
const FIXTURE_VERSION = 1

/** Stored annotations for `text`, in the annotation file's shape. */
export function storedAnnotations(text: string, annotations: readonly BenchAnnotation[]): Annotation[] {
  const now = '2025-01-01T00:00:00.000Z'
  return annotations.map((a) => {
    const base = {
      id: a.id,
      start: a.start,
      end: a.end,
      ...quoteSelector(text, a.start, a.end),
      note: '',
      tags: [],
      createdAt: now,
      updatedAt: now,
    }
    if (a.kind === 'quote') return { ...base, kind: 'quote', attributes: { speaker: '', mode: 'direct' } }
    if (a.kind === 'claim') return { ...base, kind: 'claim', attributes: { status: 'unchecked' } }
    return { ...base, kind: 'entity', attributes: { entityType: 'person' } }
  })
}

/**
 * Writes `relPath` into the workspace and, when `count` > 0, its annotation file; returns the article as
 * import reads it (null when not annotated: then it is not read back).
 */
export async function writeArticle(
  root: string,
  relPath: string,
  source: string,
  count: number,
  seed: number,
): Promise<BenchArticle | null> {
  const path = join(root, relPath)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, source)
  if (count === 0) return null
  // Offsets must refer to the text as the app imports it, so annotate the imported text.
  const imported = await extractArticle(new TextEncoder().encode(source), relPath)
  const article: BenchArticle = {
    text: imported.text,
    blocks: imported.blocks.map((b) => ({ type: 'paragraph', start: b.start, end: b.end })),
  }
  const id = articleIdFor(relPath)
  const file = {
    version: 1,
    articleId: id,
    path: relPath,
    textHash: hashText(imported.text),
    annotations: storedAnnotations(imported.text, makeAnnotations(article, count, seed)),
  }
  writeFileSync(join(root, '.spanwise', 'annotations', `${id}.json`), JSON.stringify(file))
  return article
}

/** Generates a folder once; `fill` writes its content. */
async function once(name: string, fill: (root: string) => Promise<void>): Promise<string> {
  const root = join(BENCH_TMP, `${name}-v${FIXTURE_VERSION}`)
  const stamp = join(root, '.bench-complete')
  if (existsSync(stamp)) return root
  rmSync(root, { recursive: true, force: true })
  mkdirSync(join(root, '.spanwise', 'annotations'), { recursive: true })
  await fill(root)
  writeFileSync(stamp, '')
  return root
}

/**
 * A workspace of `articles` articles in folders of 100: most 2–8 KB, one in ten a long 20–40 KB
 * report; two thirds annotated, with 1–40 annotations each.
 */
export function corpusWorkspace(articles: number): Promise<string> {
  return once(`workspace-${articles}`, async (root) => {
    const rnd = prng(articles)
    for (let i = 0; i < articles; i++) {
      const chars = rnd() < 0.1 ? 20_000 + Math.floor(rnd() * 20_000) : 2_000 + Math.floor(rnd() * 6_000)
      const count = rnd() < 0.67 ? 1 + Math.floor(rnd() * 40) : 0
      const { text } = makeArticle(chars, 1000 + i)
      await writeArticle(root, `desk-${String(Math.floor(i / 100)).padStart(3, '0')}/story-${i}.txt`, text, count, 1000 + i)
    }
  })
}

/** A workspace holding one ~1 MB article with `count` annotations (the save and end-to-end rows). */
export async function bigArticleWorkspace(count: number): Promise<{ root: string; relPath: string; article: BenchArticle }> {
  const relPath = 'reports/long-report.txt'
  let article: BenchArticle | null = null
  const root = await once(`big-article-${count}`, async (dir) => {
    article = await writeArticle(dir, relPath, makeArticle(1_000_000, 7).text, count, 7)
  })
  if (!article) {
    const imported = await extractArticle(new TextEncoder().encode(makeArticle(1_000_000, 7).text), relPath)
    article = { text: imported.text, blocks: imported.blocks.map((b) => ({ type: 'paragraph', start: b.start, end: b.end })) }
  }
  return { root, relPath, article }
}
