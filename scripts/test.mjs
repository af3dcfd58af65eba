// Runs every test/**/*.test.ts with node:test and tsx. Node 20's `--test` does not expand globs
// or pick up .ts files by itself, so the files are listed here. Extra arguments select files
// by substring: `node scripts/test.mjs matcher`. The output is one line per file and every
// failure in full (scripts/test-reporter.mjs); `--tap` gives node's TAP instead.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const args = process.argv.slice(2)
const tap = args.includes('--tap')
const filters = args.filter((a) => a !== '--tap')
const files = fs
  .readdirSync(path.join(root, 'test'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts') && !f.includes('fixtures'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort()
  .map((f) => path.join('test', f))

if (files.length === 0) {
  console.error('no test files matched')
  process.exit(1)
}
const reporter = tap ? 'tap' : pathToFileURL(path.join(root, 'scripts', 'test-reporter.mjs')).href
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', `--test-reporter=${reporter}`, ...files], {
  cwd: root,
  stdio: 'inherit',
})
process.exit(r.status ?? 1)
