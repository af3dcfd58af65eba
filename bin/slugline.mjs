#!/usr/bin/env node
// The `slugline` command. The CLI itself is compiled to dist/ by `npm run build` (run by
// `prepare` on install); this launcher only says so when that step is missing. The CLI bundle
// is CommonJS (scripts/build.mjs says why) and loads from V8's code cache (load-cli.cjs says why).
import { createRequire } from 'node:module'

const { loadCli, refreshCacheLater } = createRequire(import.meta.url)('./load-cli.cjs')
const args = process.argv.slice(2)
let loaded
try {
  loaded = loadCli()
} catch (err) {
  if (err.code !== 'MODULE_NOT_FOUND' || !String(err.message).includes('main.cjs')) throw err
  console.error('slugline: dist/ is missing. Run `npm run build` in the slugline package first.')
  process.exit(1)
}
// A server without a cache for where it is installed makes one (load-cli.cjs says why); not the
// primary of `--workers`, which serves nothing, so its cache would hold none of the serving code.
const primary = args.some((a) => a === '-w' || a.startsWith('--workers')) && process.env.NODE_UNIQUE_ID === undefined
if (args[0] === 'start' && !primary) refreshCacheLater(loaded)
// Route modules are ES modules; only code of an ES module's own can import() them here.
await loaded.exports.main(args, { importModule: (url) => import(url) })
