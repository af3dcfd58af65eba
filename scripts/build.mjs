// Compiles src/ to dist/ with esbuild: the public API, the CLI and the Next.js compat modules
// as entry points, shared code split into chunks, npm packages left external. Runs on
// `npm ci` through `prepare`, so the CLI starts without a TypeScript loader.
import { build } from 'esbuild'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const src = (...p) => path.join(root, 'src', ...p)
const compat = fs.existsSync(src('compat'))
  ? fs.readdirSync(src('compat')).filter((f) => f.endsWith('.ts')).map((f) => src('compat', f))
  : []

fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true })
await build({
  entryPoints: [src('index.ts'), src('cli', 'main.ts'), ...compat],
  outdir: path.join(root, 'dist'),
  outbase: src(),
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  packages: 'external',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
})
