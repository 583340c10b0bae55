/**
 * Builds the bench page (bench/page) into .bench-tmp/page: relative URLs so it loads from file://,
 * no minification so profiles read as source.
 */
import { resolve } from 'node:path'
import { defineConfig } from 'vite'

export default defineConfig({
  root: resolve(__dirname, 'page'),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: resolve(__dirname, '../.bench-tmp/page'),
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    // Chromium loads module chunks from file:// only without crossorigin checks; keep one CSS per chunk.
    modulePreload: false,
  },
})
