#!/usr/bin/env node
// The `slugline` command. The CLI itself is compiled to dist/ by `npm run build` (run by
// `prepare` on install); this launcher only says so when that step is missing. The CLI bundle
// is CommonJS (scripts/build.mjs says why), so it is required, not imported.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
let cli
try {
  cli = require('../dist/cli/main.cjs')
} catch (err) {
  if (err.code !== 'MODULE_NOT_FOUND' || !String(err.message).includes('main.cjs')) throw err
  console.error('slugline: dist/ is missing. Run `npm run build` in the slugline package first.')
  process.exit(1)
}
await cli.main(process.argv.slice(2))
