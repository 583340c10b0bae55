/**
 * The leak-sized corpus of the `corpus` rows (issue 20): `articles` generated articles in folders of
 * 500, in a realistic size mix (most 2–8 KB, one in ten a 20–40 KB report, one in a hundred a
 * 100–200 KB dossier), one in ten annotated (1–40 annotations). Generating 100,000 files takes minutes,
 * so the folder is cached under the system's temp folder (not .bench-tmp: it is shared between
 * worktrees and survives a clean checkout) and marked complete with a stamp file.
 *
 * `node --import tsx bench/leak-corpus.ts 100000` generates it ahead of a bench run.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeArticle } from './fixtures'
import { makeArticle, prng } from './generate'

/** Bumped when the generator changes, so a stale cached corpus is generated again. */
const CORPUS_VERSION = 1

/** The folder of the corpus (generated on first use). `.spanwise/` holds only its annotation files. */
export async function leakCorpus(articles: number, log: (msg: string) => void = () => undefined): Promise<string> {
  const root = join(tmpdir(), `spanwise-leak-corpus-${articles}-v${CORPUS_VERSION}`)
  const stamp = join(root, '.corpus-complete')
  if (existsSync(stamp)) return root
  rmSync(root, { recursive: true, force: true })
  mkdirSync(join(root, '.spanwise', 'annotations'), { recursive: true })
  const rnd = prng(articles ^ 0x1eaf)
  for (let i = 0; i < articles; i++) {
    const roll = rnd()
    const chars =
      roll < 0.01
        ? 100_000 + Math.floor(rnd() * 100_000)
        : roll < 0.11
          ? 20_000 + Math.floor(rnd() * 20_000)
          : 2_000 + Math.floor(rnd() * 6_000)
    const annotated = rnd() < 0.1
    const relPath = `leak-${String(Math.floor(i / 500)).padStart(3, '0')}/doc-${i}.txt`
    const count = annotated ? 1 + Math.floor(rnd() * 40) : 0
    await writeArticle(root, relPath, makeArticle(chars, 5000 + i).text, count, i)
    if ((i + 1) % 10_000 === 0) log(`corpus: ${i + 1} of ${articles} articles written`)
  }
  writeFileSync(stamp, '')
  return root
}

if (process.argv[1]?.endsWith('leak-corpus.ts')) {
  const n = Number(process.argv[2] ?? 100_000)
  void leakCorpus(n, console.log).then((root) => console.log(root))
}
