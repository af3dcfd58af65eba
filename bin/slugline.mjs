#!/usr/bin/env node
// The `slugline` command. The CLI itself is compiled to dist/ by `npm run build` (run by
// `prepare` on install); this launcher only says so when that step is missing.
import fs from 'node:fs'

const main = new URL('../dist/cli/main.js', import.meta.url)
if (!fs.existsSync(main)) {
  console.error('slugline: dist/ is missing. Run `npm run build` in the slugline package first.')
  process.exit(1)
}
const { main: run } = await import(main.href)
await run(process.argv.slice(2))
