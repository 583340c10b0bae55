/**
 * The installers' configuration, checked where no Electron binary can be downloaded: electron-builder
 * loads electron-builder.config.ts as `npm run dist` does and accepts it; its own file matchers decide
 * what goes into the package (the build, production dependencies, the sample workspace) and what stays
 * out (tests, benchmarks, sources, docs, source maps); the afterPack hook flips the fuses of an
 * Electron-like binary; the .deb's `spanwise` command runs the app's command line.
 */
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import type { FileMatcher } from 'app-builder-lib/out/fileMatcher'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DebugLogger } from 'builder-util'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, type Stats } from 'node:fs'
import { builtinModules, createRequire } from 'node:module'
import { join, relative, resolve } from 'node:path'
import { Arch, type AfterPackContext, type Configuration } from 'electron-builder'
import { beforeAll, describe, expect, it } from 'vitest'
import { SUPPORTED_EXTENSIONS } from '../../../src/main/import'
import { tempDir } from '../../helpers/fs'

const repoRoot = resolve(import.meta.dirname, '../../..')
const require = createRequire(import.meta.url)

/** electron-builder's own matchers (internal: not in its type declarations). */
const matchers = require('app-builder-lib/out/fileMatcher') as {
  FileMatcher: new (from: string, to: string, expand: (p: string) => string, patterns?: string[]) => FileMatcher
  getMainFileMatchers(...args: unknown[]): FileMatcher[]
  getNodeModuleFileMatcher(...args: unknown[]): FileMatcher
}

let config: Configuration
beforeAll(async () => {
  config = await getConfig(repoRoot, 'electron-builder.config.ts', null)
}, 120_000)

/** A Stats stand-in for electron-builder's filters, which only ask whether a path is a folder. */
const FILE = { isDirectory: () => false } as Stats

/** Whether a file (path relative to the project) passes a matcher's filter. */
function passes(matcher: FileMatcher, file: string): boolean {
  return matcher.createFilter()(join(repoRoot, file), FILE)
}

/** The matcher electron-builder applies to the project's own tree (with its default exclusions). */
function projectMatcher(): FileMatcher {
  const packager = {
    info: {
      projectDir: repoRoot,
      buildResourcesDir: 'build',
      isPrepackedAppAsar: false,
      config,
      debugLogger: new DebugLogger(false),
    },
  }
  return matchers.getMainFileMatchers(repoRoot, '/app', (p: string) => p, {}, packager, join(repoRoot, 'dist'), false)[0]
}

/** The matcher electron-builder applies inside node_modules (only the exclusions of `files`). */
function nodeModulesMatcher(): FileMatcher {
  const packager = { config, debugLogger: new DebugLogger(false) }
  return matchers.getNodeModuleFileMatcher(repoRoot, '/app', (p: string) => p, {}, packager)
}

function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
}

describe('the package', () => {
  it('is accepted by electron-builder and builds the installers of each system', async () => {
    await validateConfiguration(config, new DebugLogger(false))
    expect(config).toMatchObject({ appId: 'org.spanwise.workbench', productName: 'Spanwise', asar: true })
    expect(config.mac?.target).toEqual(['dmg'])
    expect(config.win?.target).toEqual(['nsis'])
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    const scripts = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).scripts
    expect(scripts.dist).toMatch(/electron-vite build && electron-builder --config electron-builder\.config\.ts/)
  }, 120_000) // electron-builder's schema and file matchers take seconds on a busy machine

  it('has an icon for every system: the SVG and a 1024 px PNG rendered from it', () => {
    expect(readFileSync(join(repoRoot, 'build/icon.svg'), 'utf8')).toContain('<svg')
    for (const icon of [config.mac?.icon, config.win?.icon, config.linux?.icon]) {
      const png = readFileSync(join(repoRoot, icon!))
      expect(png.subarray(1, 4).toString()).toBe('PNG')
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]) // IHDR width, height
    }
  })

  it('offers to open every article format Spanwise reads', () => {
    const extensions = (config.fileAssociations as { ext: string[]; mimeType: string }[]).flatMap((a) => {
      expect(a.mimeType).toMatch(/^[a-z]+\/[\w.+-]+$/) // Linux needs one
      return a.ext.map((ext) => `.${ext}`)
    })
    expect(extensions.sort()).toEqual([...SUPPORTED_EXTENSIONS].sort())
  })

  it('holds the build and the manifest from the project, never tests, benchmarks, sources, docs or maps', () => {
    const tracked = execFileSync('git', ['ls-files'], { cwd: repoRoot, encoding: 'utf8' }).split('\n').filter(Boolean)
    const built = filesBelow(join(repoRoot, 'out')).map((path) => relative(repoRoot, path).replaceAll('\\', '/'))
    const candidates = [
      ...tracked,
      ...built,
      // What a build may leave beside the app, built or not here.
      'out/main/index.js',
      'out/main/index.js.map',
      'out/renderer/assets/index.js.map',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'dist/linux-unpacked/resources/app.asar',
    ]
    const matcher = projectMatcher()
    const packed = new Set(candidates.filter((file) => passes(matcher, file)))
    expect([...packed].filter((file) => !file.startsWith('out/'))).toEqual(['package.json'])
    expect([...packed].filter((file) => /^(test|bench|src|docs|scripts|build|sample-workspace)\//.test(file))).toEqual([])
    expect([...packed].filter((file) => file.endsWith('.map'))).toEqual([])
    for (const file of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) expect(packed).toContain(file)
    for (const file of built.filter((f) => !f.endsWith('.map'))) expect(packed).toContain(file)
  }, 120_000) // electron-builder's schema and file matchers take seconds on a busy machine

  it('keeps tests, docs, sources and maps of dependencies out, and the code main loads in', () => {
    const matcher = nodeModulesMatcher()
    for (const file of [
      'node_modules/lowdb/README.md',
      'node_modules/zod/src/index.ts',
      'node_modules/chardet/lib/index.js.map',
      'node_modules/some-lib/test/fixture.js',
      'node_modules/some-lib/docs/guide.html',
      'node_modules/@mozilla/readability/test/index.js',
      'node_modules/some-lib/benchmarks/run.js',
      'node_modules/prosemirror-view/dist/index.js', // bundled into the renderer
    ]) {
      expect(passes(matcher, file), file).toBe(false)
    }
    // tesseract.js keeps its code in src/: only the project's own src/ is left out.
    for (const file of [
      'node_modules/tesseract.js/src/index.js',
      'node_modules/lowdb/lib/index.js',
      'node_modules/@napi-rs/canvas/index.js',
    ]) {
      expect(passes(matcher, file), file).toBe(true)
    }
    // Every package main's build imports is a production dependency and is packed.
    const dependencies = Object.keys(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).dependencies)
    const mainCode = filesBelow(join(repoRoot, 'out/main')).filter((f) => f.endsWith('.js'))
    const imported = new Set(
      mainCode.flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/(?:from |import\()"([^"./][^"]*)"/g)].map((m) => packageName(m[1])),
      ),
    )
    for (const name of [...imported].filter((n) => !n.startsWith('node:') && n !== 'electron' && !builtinModules.includes(n))) {
      expect(dependencies, `main imports ${name}`).toContain(name)
      expect(passes(matcher, `node_modules/${name}/package.json`), name).toBe(true)
    }
  })

  it('unpacks native modules and WebAssembly from the archive, and ships the sample workspace', () => {
    const unpack = new matchers.FileMatcher(repoRoot, '/app', (p) => p, config.asarUnpack as string[])
    for (const file of [
      'node_modules/@napi-rs/canvas-linux-x64-gnu/skia.linux-x64-gnu.node',
      'node_modules/@napi-rs/canvas-darwin-arm64/skia.darwin-arm64.node',
      'node_modules/tesseract.js-core/tesseract-core-simd.wasm',
      'node_modules/tesseract.js/src/worker-script/node/index.js',
      'node_modules/@tesseract.js-data/spa/4.0.0_best_int/spa.traineddata.gz',
    ]) {
      expect(passes(unpack, file), file).toBe(true)
    }
    expect(passes(unpack, 'out/main/index.js')).toBe(false)
    expect(config.extraResources).toEqual([{ from: 'sample-workspace', to: 'sample-workspace', filter: ['**/*'] }])
    expect(readdirSync(join(repoRoot, 'sample-workspace')).length).toBeGreaterThan(0)
  })
})

describe('the fuses', () => {
  /** A fuse's state in the binary: the characters '1' and '0'. */
  const ON = 0x31
  const OFF = 0x30
  /** An Electron-like binary: the fuse wire after its sentinel, as Electron 45 ships it. */
  function fakeElectron(): string {
    const wire = [1, 0, 1, 1, 0, 0, 0, 1].map((on) => (on ? ON : OFF))
    const path = join(tempDir('spanwise-fuses-'), 'spanwise-app')
    writeFileSync(
      path,
      Buffer.concat([
        Buffer.from('ELF…'),
        Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'),
        Buffer.from([1, wire.length, ...wire]),
        Buffer.from('…'),
      ]),
    )
    return path
  }

  it('are flipped by the afterPack hook: no Node mode, no NODE_OPTIONS or --inspect, the asar only and checked, cookies encrypted', async () => {
    const binary = fakeElectron()
    const { flipFuses } = await import('@electron/fuses')
    const packager = {
      addElectronFuses: (_context: AfterPackContext, fuses: Parameters<typeof flipFuses>[1]) => flipFuses(binary, fuses),
    }
    const hook = config.afterPack as (context: AfterPackContext) => Promise<void>
    await hook({ electronPlatformName: 'linux', arch: Arch.x64, appOutDir: binary, packager } as unknown as AfterPackContext)

    const wire = (await getCurrentFuseWire(binary)) as unknown as Record<number, number>
    const state = (fuse: FuseV1Options) => (wire[fuse] === ON ? 'on' : wire[fuse] === OFF ? 'off' : '?')
    expect({
      RunAsNode: state(FuseV1Options.RunAsNode),
      EnableNodeOptionsEnvironmentVariable: state(FuseV1Options.EnableNodeOptionsEnvironmentVariable),
      EnableNodeCliInspectArguments: state(FuseV1Options.EnableNodeCliInspectArguments),
      OnlyLoadAppFromAsar: state(FuseV1Options.OnlyLoadAppFromAsar),
      EnableEmbeddedAsarIntegrityValidation: state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation),
      EnableCookieEncryption: state(FuseV1Options.EnableCookieEncryption),
      GrantFileProtocolExtraPrivileges: state(FuseV1Options.GrantFileProtocolExtraPrivileges),
    }).toEqual({
      RunAsNode: 'off',
      EnableNodeOptionsEnvironmentVariable: 'off',
      EnableNodeCliInspectArguments: 'off',
      OnlyLoadAppFromAsar: 'on',
      EnableEmbeddedAsarIntegrityValidation: 'on',
      EnableCookieEncryption: 'on',
      GrantFileProtocolExtraPrivileges: 'off',
    })
  })

  it('re-sign an Apple-silicon app ad hoc after flipping, and only that one', async () => {
    const asked: { arch: Arch; reset: boolean | undefined }[] = []
    const hook = config.afterPack as (context: AfterPackContext) => Promise<void>
    for (const [platform, arch] of [
      ['darwin', Arch.arm64],
      ['darwin', Arch.x64],
      ['win32', Arch.arm64],
    ] as const) {
      const packager = {
        addElectronFuses: async (_c: unknown, fuses: { resetAdHocDarwinSignature?: boolean }) =>
          void asked.push({ arch, reset: fuses.resetAdHocDarwinSignature }),
      }
      await hook({ electronPlatformName: platform, arch, appOutDir: '/nowhere', packager } as unknown as AfterPackContext)
    }
    expect(asked.map((a) => a.reset)).toEqual([true, false, false])
  })
})

describe('the command line of the installed app', () => {
  it('is the `spanwise` command of the .deb: it runs the installed app with --cli and every argument', () => {
    const wrapper = join(repoRoot, 'build/linux/spanwise')
    expect(config.deb?.fpm).toEqual([`${wrapper}=/usr/bin/spanwise`])
    const script = readFileSync(wrapper, 'utf8')
    expect(script).toContain(`exec /opt/${config.productName}/${config.linux?.executableName} --cli "$@"`)
    if (process.platform === 'win32') return
    expect(statSync(wrapper).mode & 0o111).not.toBe(0)
    // Run it against a stand-in for the installed app that prints what it was given.
    const dir = tempDir('spanwise-deb-')
    const app = join(dir, 'app')
    writeFileSync(app, '#!/bin/sh\nprintf "%s|" "$@"\n', { mode: 0o755 })
    writeFileSync(join(dir, 'spanwise'), script.replace(`/opt/${config.productName}/${config.linux?.executableName}`, app), {
      mode: 0o755,
    })
    const out = execFileSync(join(dir, 'spanwise'), ['export', 'my workspace', '--out', 'c.json'], { encoding: 'utf8' })
    expect(out).toBe('--cli|export|my workspace|--out|c.json|')
  })
})

/** `@scope/name/deep/path` → `@scope/name`, `name/deep` → `name`. */
function packageName(specifier: string): string {
  return specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/')
}
