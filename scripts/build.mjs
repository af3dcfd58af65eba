// Compiles src/**/*.ts to dist/ with esbuild, one output file per source file, so dist/ mirrors
// src/ and the CLI starts without a TypeScript loader. Runs on `npm ci` through `prepare`.
import { build } from 'esbuild'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const entryPoints = fs
  .readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => path.join(root, 'src', f))

fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true })
await build({
  entryPoints,
  outdir: path.join(root, 'dist'),
  outbase: path.join(root, 'src'),
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
})
