import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

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
    // The layering rule: shared code runs in every process and imports nothing platform-specific.
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'electron', 'fs', 'path', 'crypto', '../main/*', '../renderer/*', '../preload/*'] },
      ],
      'no-restricted-globals': ['error', 'document', 'window', 'process', 'require'],
    },
  },
  {
    // Only main's entry and its IPC wiring talk to Electron; every service runs under plain Node.
    files: ['src/main/**/*.ts', 'src/renderer/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/ipc.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['electron'] }],
    },
  },
)
