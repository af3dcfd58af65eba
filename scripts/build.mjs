// Compiles src/ to dist/ with esbuild: the public API, the CLI and the Next.js compat modules
// as entry points, shared code split into chunks. Runs on `npm ci` through `prepare`, so the
// CLI starts without a TypeScript loader.
//
// The small runtime packages (cookie, bytes, content-type, dotenv) are bundled in, as Next.js
// precompiles the same ones into next/dist/compiled: loading each from node_modules costs Node
// a package.json lookup and a CommonJS export scan at every start, ~35 ms and ~3.5 MB of
// `slugline start` in all (bench/startup.mjs). Only esbuild stays external: it is the build's
// compiler, with its own binary, and `start` never loads it. (They stay in `dependencies`: src/,
// which the package's types point at, imports them.)
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
  external: ['esbuild'],
  // The bundled CommonJS packages require Node built-ins; ESM output has no `require` of its own.
  banner: { js: "import { createRequire as __slugline_createRequire } from 'node:module'; const require = __slugline_createRequire(import.meta.url);" },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
})
