/** Every file below a folder with its bytes, so "nothing changed" can be checked byte for byte. */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

export function snapshotTree(root: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else out[relative(root, path)] = readFileSync(path).toString('base64')
    }
  }
  walk(root)
  return out
}
