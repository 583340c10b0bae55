#!/usr/bin/env node
// The `spanwise` command: runs the built CLI (npm install builds it; otherwise run `npm run build`).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(cli)) {
  process.stderr.write('spanwise: the CLI is not built yet; run `npm run build` in the Spanwise folder first\n')
  process.exit(1)
}
const { main } = await import(cli)
process.exit(await main(process.argv.slice(2)))
