/** Stable ids and content hashes: an article's id from its path, a text's hash for spotting changes. */
import { createHash } from 'node:crypto'

/** A stable id from the file's relative path: the same file gets the same id on every machine. */
export function articleIdFor(relPath: string): string {
  return createHash('sha256').update(relPath).digest('hex').slice(0, 16)
}

export function hashText(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`
}
