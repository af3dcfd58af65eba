// Compiles src/ to dist/ with esbuild, and emits the declarations with tsc. Runs on `npm ci`
// through `prepare` (scripts/prepare.mjs) and before `npm pack` (`prepack`), so the CLI starts
// without a TypeScript loader. Two bundles, a file made from the second, and the types:
//
// - The library (`import ... from 'slugline'`, `slugline/testing`) and the Next.js compat
//   modules route bundles import: ES modules, shared code split into chunks.
// - The CLI: CommonJS, one bundle per command family: dist/cli/main.cjs (start, routes),
//   and dist/cli/build.cjs and dist/cli/dev.cjs, which main.cjs loads only for those commands.
//   Why CommonJS: `slugline start` is measured from spawn to first answer against a bare
//   node:http server (bench/startup.mjs). Loaded as ES modules, the same code cost ~20 ms
//   more: each module file is read through fs/promises, and each Node built-in it imports gets
//   an ES module facade that reads every export (for node:fs that loads its streams).
//   The code `start` runs imports Node built-ins by name (`import { join } from 'node:path'`):
//   esbuild turns a default import (`import path from 'node:path'`) into a helper that copies
//   every export of the module into a new object when the bundle loads; for the CLI's imports
//   of fs, path and http that was ~280 KB allocated at every start (V8's sampling heap
//   profiler) and one of the two young-generation GCs before the first answer.
// - dist/cli/main.cjs.cache: V8's code cache of main.cjs, taken after it served requests
//   (scripts/train-code-cache.mjs); bin/load-cli.cjs starts the CLI from it.
// - dist/**/*.d.ts and dist/cjs/**/*.d.cts, what `exports` gives a type checker (below).
//
// The small runtime packages (cookie, bytes, content-type, dotenv) are bundled in, as Next.js
// precompiles the same ones into next/dist/compiled: loading each from node_modules costs Node
// a package.json lookup and a CommonJS export scan at every start, ~35 ms and ~3.5 MB of
// `slugline start` in all. esbuild, @vercel/nft and iconv-lite stay external: esbuild is the
// build's compiler, with its own binary; nft (the standalone and vercel targets' tracer)
// resolves files at run time in ways a bundle would break; iconv-lite loads only for a
// non-UTF-8 body (src/runtime/shared/charset.ts). `start` loads none of them.
import { build } from 'esbuild'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const src = (...p) => path.join(root, 'src', ...p)
const dist = path.join(root, 'dist')
const compat = fs.existsSync(src('compat'))
  ? fs.readdirSync(src('compat')).filter((f) => f.endsWith('.ts')).map((f) => src('compat', f))
  : []
/** The package's entry points (package.json `exports`), by their file under src/ without `.ts`. */
const ENTRY_PATHS = { index: '', 'testing/index': '/testing', 'adapters/lambda/invocation': '/lambda', 'adapters/fetch/index': '/fetch', 'compat/next': '/next', 'compat/next-server': '/next/server', 'compat/next-headers': '/next/headers' }
const ENTRIES = Object.keys(ENTRY_PATHS)

const common = {
  bundle: true,
  // iconv-lite: only non-UTF-8 bodies load it (src/runtime/shared/charset.ts).
  external: ['esbuild', 'iconv-lite', '@vercel/nft'],
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
}

/** The CLI's on-demand commands: `await import('../build/build-app.ts')` in src/cli/commands.ts
 *  loads the sibling bundle (./build.cjs) instead of inlining it into main.cjs, and loads it with
 *  require(): import() of a CommonJS file goes through the ES module loader, which first scans
 *  the whole file for export names (~30 ms for dev.cjs, measured). */
const CLI_BUNDLES = { [src('build', 'build-app.ts')]: './build.cjs', [src('dev', 'start-dev.ts')]: './dev.cjs' }
const cliBundles = {
  name: 'slugline-cli-bundles',
  setup(b) {
    b.onResolve({ filter: /\.ts$/ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined
      const target = CLI_BUNDLES[path.resolve(args.resolveDir, args.path)]
      return target ? { path: target, namespace: 'cli-bundle' } : undefined
    })
    b.onLoad({ filter: /.*/, namespace: 'cli-bundle' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)})`, loader: 'js' }))
    b.onResolve({ filter: /.*/, namespace: 'cli-bundle' }, (args) => ({ path: args.path, external: true }))
  },
}

fs.rmSync(dist, { recursive: true, force: true })
await Promise.all([
  build({
    ...common,
    entryPoints: [src('index.ts'), src('testing', 'index.ts'), src('adapters', 'lambda', 'invocation.ts'), src('adapters', 'fetch', 'index.ts'), ...compat],
    outdir: dist,
    outbase: src(),
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    format: 'esm',
    // The bundled CommonJS packages require Node built-ins; ESM output has no `require` of its own.
    banner: { js: "import { createRequire as __slugline_createRequire } from 'node:module'; const require = __slugline_createRequire(import.meta.url);" },
  }),
  build({
    ...common,
    entryPoints: { main: src('cli', 'main.ts'), build: src('build', 'build-app.ts'), dev: src('dev', 'start-dev.ts') },
    outdir: path.join(dist, 'cli'),
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    plugins: [cliBundles],
    // The code asks for its own location with import.meta.url, which CommonJS lacks.
    define: { 'import.meta.url': '__slugline_import_meta_url' },
    banner: { js: "const __slugline_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  }),
])

// The declarations: tsc emits dist/**/*.d.ts beside the bundles (tsconfig.build.json), so a
// consumer's type checker reads compiled types under its own settings and never re-checks
// src/. The sources import each other as './x.ts' (run as is by tsx and Node's type
// stripping); tsc keeps those specifiers in declarations, and a .d.ts that imports './x.ts'
// fails in a consumer without allowImportingTsExtensions (TS5097), so they become './x.js',
// the file the .d.ts stands beside.
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
const declared = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' })
if (declared.status !== 0) {
  console.error('slugline build: declaration emit failed (tsc -p tsconfig.build.json)')
  process.exit(1)
}
//
// The same declarations again as dist/cjs/**/*.d.cts, for a CommonJS project: TypeScript
// refuses a `require` of a module it knows is ESM under `module: node16` (TS1479), even though
// Node >= 20.19 (the package's floor) can require() it. The `require` condition points at
// dist/cjs/<entry>.cjs, which is that require() of the ESM entry (one module instance either
// way), and at these .d.cts beside it.
const relativeSpecifier = (ext) => new RegExp(`((?:from|import)\\s*\\(?\\s*)(['"])(\\.{1,2}/[^'"]*?)\\.${ext}\\2`, 'g')
for (const file of fs.readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
  if (!file.endsWith('.d.ts')) continue
  const full = path.join(dist, file)
  const esm = fs.readFileSync(full, 'utf8').replace(relativeSpecifier('ts'), '$1$2$3.js$2')
  fs.writeFileSync(full, esm)
  const cjs = path.join(dist, 'cjs', file.replace(/\.d\.ts$/, '.d.cts'))
  fs.mkdirSync(path.dirname(cjs), { recursive: true })
  fs.writeFileSync(cjs, esm.replace(relativeSpecifier('js'), '$1$2$3.cjs$2'))
}
for (const entry of ENTRIES) {
  const shim = path.join(dist, 'cjs', `${entry}.cjs`)
  const target = path.relative(path.dirname(shim), path.join(dist, `${entry}.js`)).replaceAll(path.sep, '/')
  fs.writeFileSync(shim, `'use strict'\n// require('slugline${ENTRY_PATHS[entry]}'): the ES module itself, through Node's require(esm).\nmodule.exports = require('${target}')\n`)
}

// The V8 code cache `slugline start` loads the CLI from (bin/load-cli.cjs). Without it the CLI
// works the same, only starts slower, so a failure here is a warning, not a failed install.
const trained = spawnSync(process.execPath, [path.join(root, 'scripts', 'train-code-cache.mjs')], { stdio: 'inherit' })
if (trained.status !== 0) console.warn('slugline build: no code cache for the CLI (scripts/train-code-cache.mjs failed); it will start slower.')
