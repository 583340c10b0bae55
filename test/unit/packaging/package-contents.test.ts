/**
 * A real `electron-builder` run of electron-builder.config.ts (the Linux unpacked app, `--dir`), with a
 * stand-in for the Electron binary, which cannot be downloaded here: then what the package holds is read
 * from its app.asar, and the stand-in's fuse wire is read back. Needs the build (`npm test` builds first).
 */
import { getCurrentFuseWire, FuseV1Options } from '@electron/fuses'
import { existsSync, lstatSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { Arch, Platform, build } from 'electron-builder'
import { describe, expect, it, onTestFinished } from 'vitest'
import { tempDir } from '../../helpers/fs'

const repoRoot = resolve(import.meta.dirname, '../../..')
const require = createRequire(import.meta.url)
const asar = require('@electron/asar') as { listPackage(archive: string, options?: object): string[] }

const built = existsSync(join(repoRoot, 'out/main/index.js'))
if (!built) console.log('Package contents skipped: no build in out/ (run `npx electron-vite build`).')

/** An unpacked "Electron" for Linux: an executable holding the fuse wire as Electron 45 ships it. */
function standInElectron(): string {
  const dir = tempDir('spanwise-electron-dist-')
  const wire = Buffer.from('10110001') // RunAsNode on, cookie encryption off, NODE_OPTIONS and --inspect on, …
  const sentinel = Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX')
  writeFileSync(join(dir, 'electron'), Buffer.concat([Buffer.from('stand-in '), sentinel, Buffer.from([1, wire.length]), wire]), {
    mode: 0o755,
  })
  mkdirSync(join(dir, 'resources'))
  return dir
}

describe.skipIf(!built || process.platform === 'win32')('the packaged app (electron-builder --linux dir)', () => {
  it('holds the build, the production dependencies and the sample workspace, and nothing else of the project', async () => {
    const output = tempDir('spanwise-dist-')
    const electronDist = standInElectron()
    onTestFinished(() => [output, electronDist].forEach((dir) => rmSync(dir, { recursive: true, force: true })))
    await build({
      projectDir: repoRoot,
      targets: Platform.LINUX.createTarget('dir', Arch.x64),
      publish: 'never',
      config: {
        extends: 'electron-builder.config.ts',
        electronDist,
        directories: { output },
      },
    })
    const app = join(output, 'linux-unpacked')
    const files = asar.listPackage(join(app, 'resources/app.asar'), { isPack: false }).map((f) => f.replaceAll('\\', '/'))

    // From the project: the build and the manifest.
    expect(
      files.filter((f) => !f.startsWith('/out/') && !f.startsWith('/node_modules/') && f !== '/out' && f !== '/node_modules'),
    ).toEqual(['/package.json'])
    for (const file of [
      '/out/main/index.js',
      '/out/main/cli.js',
      '/out/main/ocr-worker.js',
      '/out/main/discovery-worker.js',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
    ]) {
      expect(files).toContain(file)
    }
    // Never a map, a TypeScript source, a Markdown file, or a dependency's tests, docs or benchmarks.
    expect(files.filter((f) => /\.(map|ts|md|markdown)$/.test(f))).toEqual([])
    expect(
      files.filter((f) => /\/node_modules\/[^/]+(\/[^/]+)?\/(test|tests|__tests__|docs|bench|benchmarks|examples)\//.test(f)),
    ).toEqual([])
    // The main process's dependencies are in; the renderer's (bundled into out/renderer) are not.
    for (const dependency of ['lowdb', 'zod', 'linkedom', 'mammoth', 'pdfjs-dist', 'marked', 'franc', 'chardet']) {
      expect(files, dependency).toContain(`/node_modules/${dependency}/package.json`)
    }
    expect(files.filter((f) => f.startsWith('/node_modules/prosemirror-'))).toEqual([])
    // Their own dependencies too, where npm can read the tree (here node_modules is a shared symlink,
    // which npm reports as extraneous: electron-builder then sees only the direct dependencies).
    if (!lstatSync(join(repoRoot, 'node_modules')).isSymbolicLink()) {
      for (const transitive of ['steno', 'htmlparser2', 'jszip'])
        expect(files, transitive).toContain(`/node_modules/${transitive}/package.json`)
      expect(
        readdirSync(join(app, 'resources/app.asar.unpacked/node_modules/tesseract.js-core')).some((name) =>
          name.endsWith('.wasm'),
        ),
      ).toBe(true)
    }

    // Native code and WebAssembly beside the archive; the sample workspace as a resource.
    const unpacked = join(app, 'resources/app.asar.unpacked/node_modules')
    expect(readdirSync(join(unpacked, '@napi-rs')).some((name) => name.startsWith('canvas-'))).toBe(true)
    expect(readdirSync(join(app, 'resources/sample-workspace')).sort()).toEqual(
      readdirSync(join(repoRoot, 'sample-workspace')).sort(),
    )

    // The executable is named for the .deb's wrapper, and its fuses are flipped.
    const wire = (await getCurrentFuseWire(join(app, 'spanwise-app'))) as unknown as Record<number, number>
    const on = (fuse: FuseV1Options) => String.fromCharCode(wire[fuse])
    expect([
      on(FuseV1Options.RunAsNode),
      on(FuseV1Options.EnableNodeOptionsEnvironmentVariable),
      on(FuseV1Options.EnableNodeCliInspectArguments),
      on(FuseV1Options.OnlyLoadAppFromAsar),
      on(FuseV1Options.EnableEmbeddedAsarIntegrityValidation),
      on(FuseV1Options.EnableCookieEncryption),
    ]).toEqual(['0', '0', '0', '1', '1', '1'])
  }, 240_000)
})
