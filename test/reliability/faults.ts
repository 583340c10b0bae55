/**
 * Ways to make saving fail for real, whoever runs the tests.
 *
 * - Read-only folder: `chmod 0555` as a normal user. Root ignores permissions, so as root the folder is
 *   made immutable with `chattr +i` (ext2/3/4, XFS, btrfs; needs CAP_LINUX_IMMUTABLE), which stops root
 *   too, with EPERM. Null when neither works here (checked by trying to create a file).
 * - Disk full: there is no small file system to fill in CI, so ENOSPC is injected where the bytes are
 *   written: `fs.promises.open` hands out handles whose writeFile fails after writing part of the data,
 *   as a full disk does. Only files under the given folder are affected, only in this process (the
 *   service runs in the test process, in unit tests and in the browser harness alike).
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, constants, promises as fs, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const { O_WRONLY, O_RDWR } = constants

export interface Fault {
  /** What was done, for messages and docs. */
  cause: string
  /** Removes the cause. */
  undo(): void
}

/** Makes `dir` and every folder below it read-only. */
export function makeReadOnly(dir: string): Fault | null {
  const dirs = [
    dir,
    ...readdirSync(dir, { recursive: true })
      .map((n) => join(dir, String(n)))
      .filter((p) => statSync(p).isDirectory()),
  ]
  const isRoot = process.getuid?.() === 0
  let fault: Fault
  if (!isRoot) {
    for (const d of dirs) chmodSync(d, 0o555)
    fault = { cause: 'folders chmod 0555', undo: () => dirs.forEach((d) => chmodSync(d, 0o755)) }
  } else {
    try {
      execFileSync('chattr', ['+i', ...dirs], { stdio: 'ignore' })
    } catch {
      return null
    }
    fault = { cause: 'folders chattr +i (as root)', undo: () => execFileSync('chattr', ['-i', ...dirs], { stdio: 'ignore' }) }
  }
  try {
    writeFileSync(join(dir, '.probe'), 'x')
    rmSync(join(dir, '.probe'))
    fault.undo()
    return null // writes still go through: this file system ignores the flag
  } catch {
    return fault
  }
}

export function diskFullUnder(dir: string): Fault {
  const root = resolve(dir)
  const realOpen = fs.open
  const patched = async (...args: Parameters<typeof fs.open>) => {
    const handle = await realOpen(...args)
    const [path, flags] = args
    // Flags as a string ('w', 'a+') or as numbers (the store opens with O_NOFOLLOW): any open for writing.
    const writing =
      typeof flags === 'string' ? /[wa]/.test(flags) : typeof flags === 'number' && (flags & (O_WRONLY | O_RDWR)) !== 0
    if (typeof path === 'string' && resolve(path).startsWith(root) && writing) {
      handle.writeFile = async (data: unknown) => {
        await realWrite(handle, String(data).slice(0, 10))
        throw noSpace()
      }
      // Appends (the change journal) fail the same way, after part of the line.
      handle.write = (async (data: Uint8Array | string) => {
        await realWrite(handle, (typeof data === 'string' ? data : Buffer.from(data).toString('utf8')).slice(0, 10))
        throw noSpace()
      }) as typeof handle.write
    }
    return handle
  }
  fs.open = patched as typeof fs.open
  return { cause: 'ENOSPC injected at write', undo: () => void (fs.open = realOpen) }
}

function noSpace(): Error {
  return Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC', errno: -28, syscall: 'write' })
}

async function realWrite(handle: fs.FileHandle, text: string): Promise<void> {
  await Object.getPrototypeOf(handle).write.call(handle, text)
}
