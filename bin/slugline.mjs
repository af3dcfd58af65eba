#!/usr/bin/env node
// The `slugline` command. The CLI itself is compiled to dist/ by `npm run build` (run by
// `prepare` on install); this launcher only says so when that step is missing. The CLI bundle
// is CommonJS (scripts/build.mjs says why) and loads from V8's code cache (load-cli.cjs says why).
import { createRequire } from 'node:module'

const { loadCli } = createRequire(import.meta.url)('./load-cli.cjs')
let cli
try {
  cli = loadCli().exports
} catch (err) {
  if (err.code !== 'MODULE_NOT_FOUND' || !String(err.message).includes('main.cjs')) throw err
  console.error('slugline: dist/ is missing. Run `npm run build` in the slugline package first.')
  process.exit(1)
}
// Route modules are ES modules; only code of an ES module's own can import() them here.
await cli.main(process.argv.slice(2), { importModule: (url) => import(url) })
