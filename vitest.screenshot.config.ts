import { defineConfig } from 'vitest/config'

// Not part of `npm test`: regenerates docs/screenshot.png (npm run screenshot).
export default defineConfig({ test: { include: ['test/screenshots/*.shot.ts'], testTimeout: 60_000 } })
