import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

/** Imports no file of a process may make, by the process its folder says it runs in. */
const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'crypto', 'os', 'child_process', 'worker_threads', 'url', 'stream', 'zlib']

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'sample-workspace/**', '.bench-tmp/**', '.dbg/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Shared code runs in every process and imports nothing platform-specific.
    files: ['src/shared/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...NODE_BUILTINS, 'electron', '**/main/**', '**/renderer/**', '**/preload/**'] },
      ],
      'no-restricted-globals': ['error', 'document', 'window', 'process', 'require', 'Buffer', 'navigator'],
    },
  },
  {
    // Main (and the CLI): Node, never the DOM, never the window's code.
    files: ['src/main/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': ['error', { paths: ['electron'], patterns: ['**/renderer/**', '**/preload/**'] }],
      'no-restricted-globals': ['error', 'document', 'window', 'navigator', 'localStorage'],
    },
  },
  {
    // Only main's entry and its IPC wiring talk to Electron; every service runs under plain Node.
    files: ['src/main/index.ts', 'src/main/ipc.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/renderer/**', '**/preload/**'] }],
    },
  },
  {
    // The window: the DOM and ProseMirror, never Node, never main's code.
    files: ['src/renderer/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { paths: ['electron'], patterns: [...NODE_BUILTINS, '**/main/**', '**/preload/**'] }],
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer', '__dirname', 'global'],
    },
  },
  {
    // The sandboxed preload: Electron's renderer modules and the shared contract, nothing else.
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...NODE_BUILTINS, '**/main/**', '**/renderer/**'] }],
    },
  },
)
