/**
 * How `npm run dist` packages Spanwise with electron-builder: a .dmg for macOS, an NSIS installer for
 * Windows, an AppImage and a .deb for Linux. The package holds the built app (out/), its production
 * dependencies and the sample workspace; never tests, benchmarks, sources, docs or source maps
 * (checked by test/unit/packaging.test.ts). The fuses are flipped by scripts/after-pack.ts.
 */
import type { Configuration, FileAssociation } from 'electron-builder'
import { fileURLToPath } from 'node:url'
import { afterPack } from './scripts/after-pack'

/** The article formats Spanwise reads (src/main/import/index.ts), offered as "Open with Spanwise". */
const ARTICLE_FORMATS: { ext: string[]; name: string; mimeType: string }[] = [
  { ext: ['txt'], name: 'Text article', mimeType: 'text/plain' },
  { ext: ['md', 'markdown'], name: 'Markdown article', mimeType: 'text/markdown' },
  { ext: ['html', 'htm'], name: 'Saved web page', mimeType: 'text/html' },
  {
    ext: ['docx'],
    name: 'Word document',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  { ext: ['pdf'], name: 'PDF document', mimeType: 'application/pdf' },
  // Scans and photos of pages, read by OCR.
  { ext: ['png'], name: 'Scanned page (PNG)', mimeType: 'image/png' },
  { ext: ['jpg', 'jpeg'], name: 'Scanned page (JPEG)', mimeType: 'image/jpeg' },
  { ext: ['tif', 'tiff'], name: 'Scanned page (TIFF)', mimeType: 'image/tiff' },
  { ext: ['webp'], name: 'Scanned page (WebP)', mimeType: 'image/webp' },
]

/** Files no package may carry, wherever they are (the app's own tree or node_modules). */
export const EXCLUDED = [
  '!**/*.{map,ts,mts,cts,tsx,md,markdown}',
  '!**/node_modules/*/{test,tests,__tests__,spec,bench,benchmark,benchmarks,docs,doc,example,examples,coverage}/**',
  '!**/node_modules/@*/*/{test,tests,__tests__,spec,bench,benchmark,benchmarks,docs,doc,example,examples,coverage}/**',
  // The renderer's libraries are bundled into out/renderer: main never loads them.
  '!**/node_modules/{prosemirror-*,orderedmap,rope-sequence,w3c-keyname}/**',
]

const config: Configuration = {
  appId: 'org.spanwise.workbench',
  productName: 'Spanwise',
  copyright: 'Copyright © Spanwise contributors',
  directories: { output: 'dist', buildResources: 'build' },
  // Only the build and the manifest from the project's own tree; dependencies are added by
  // electron-builder (production ones only) and filtered by the same exclusions.
  files: ['out/**/*', 'package.json', ...EXCLUDED],
  extraResources: [{ from: 'sample-workspace', to: 'sample-workspace', filter: ['**/*'] }],
  asar: true,
  // Every native dependency ships N-API prebuilt binaries, which need no rebuild for Electron.
  npmRebuild: false,
  // Native code and WebAssembly cannot be loaded from inside an archive.
  asarUnpack: [
    '**/node_modules/@napi-rs/canvas*/**',
    '**/node_modules/tesseract.js/**',
    '**/node_modules/tesseract.js-core/**',
    '**/node_modules/@tesseract.js-data/**',
    '**/*.node',
    '**/*.wasm',
  ],
  fileAssociations: ARTICLE_FORMATS.map((format): FileAssociation => ({
    ...format,
    role: 'Viewer',
    rank: 'Alternate',
    description: format.name,
  })),
  afterPack,
  mac: {
    target: ['dmg'],
    category: 'public.app-category.productivity',
    icon: 'build/icon.png',
  },
  dmg: { title: 'Spanwise ${version}' },
  win: { target: ['nsis'], icon: 'build/icon.png' },
  nsis: { oneClick: false, allowToChangeInstallationDirectory: true, createDesktopShortcut: true },
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'build/icon.png',
    category: 'Office',
    synopsis: 'Offline annotation workbench for journalists',
    // The app itself is `spanwise-app`; `spanwise` is the command line (build/linux/spanwise).
    executableName: 'spanwise-app',
  },
  deb: {
    // The installed `spanwise` command: the app's command line (`spanwise-app --cli …`).
    fpm: [`${fileURLToPath(new URL('build/linux/spanwise', import.meta.url))}=/usr/bin/spanwise`],
  },
  publish: null,
}

export default config
