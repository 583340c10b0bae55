import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'

// Three builds: main (app and CLI entries, ESM), preload (CJS: a sandboxed preload cannot be ESM),
// renderer (plain DOM + ProseMirror, relative base so it loads from file:// in Electron and the harness).
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/main/cli.ts'),
          // The OCR worker thread (import/ocr/engine.ts finds it beside the main build's entries).
          'ocr-worker': resolve(__dirname, 'src/main/import/ocr/page-worker.ts'),
          // The entity discovery worker thread (workspace/discovery-thread.ts finds it the same way).
          'discovery-worker': resolve(__dirname, 'src/main/workspace/discovery-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    base: './',
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/renderer/index.html'),
        },
      },
    },
  },
})
