/**
 * The parts of a workspace a rescan looks at, after the watcher reported changes (library.ts,
 * scan.ts): the paths that changed ("/"-separated, relative to the workspace; a folder stands for all
 * below it). Only those are statted again and only entries below them can go away, so an edit in one
 * folder of a 100,000-article leak costs that folder, not a stat of every file.
 */

/** The paths, each once, without those below another one (a folder covers what is in it). */
export function scanScopes(paths: readonly string[]): string[] {
  // Shortest first: a folder is kept before what is in it is looked at.
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length)
  const out = new Set<string>()
  for (const path of sorted) if (!inScopes(path, out)) out.add(path)
  return [...out]
}

/** Whether `relPath` is at or below one of `scopes` (as scanScopes returns them; '' is the whole workspace). */
export function inScopes(relPath: string, scopes: ReadonlySet<string>): boolean {
  if (scopes.has('') || scopes.has(relPath)) return true
  for (let i = relPath.indexOf('/'); i >= 0; i = relPath.indexOf('/', i + 1)) if (scopes.has(relPath.slice(0, i))) return true
  return false
}
