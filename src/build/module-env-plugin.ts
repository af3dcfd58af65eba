// Gives every app module of a `slugline build` the module environment `slugline dev` gives it:
// `__filename` and `__dirname` (which Next.js API routes have, and ES module output lacks) and
// `import.meta.url`, `.filename`, `.dirname` all name the module's source file, as they do under
// dev, where each file is compiled alone and evaluated from its own path. Without this, a route
// using `__dirname` answered in dev and threw a ReferenceError under start.
//
// Only files that mention one of these names are touched: such a file goes through esbuild's
// transform with each name defined as a variable of its own (define replaces free references
// only, so a file's own `const __dirname = ...` is left alone), types stripped, JSX kept for the
// build. The variables are set from the file's path relative to the app folder, resolved when
// the module loads against where the build is then (MODULE_ENV_BANNER): a build copied to
// another folder (a Docker stage) names the files where they are now. No `import.meta` or
// `import` goes into the module itself: either would turn a CommonJS file into an ES module.
import fs from 'node:fs'
import path from 'node:path'
import type { Loader, Plugin } from 'esbuild'
import { BUILD_DIR } from '../server/manifest.ts'
import { loadEsbuild } from './esbuild.ts'
import { packageRoot } from './next-compat-plugin.ts'

const LOADERS: Record<string, Loader> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'jsx',
}

const MENTIONS = /\b__filename\b|\b__dirname\b|\bimport\.meta\b|\brequire\.resolve\b/

/** Defined once per output file, after REQUIRE_SHIM (compile-routes.ts): the module environment
 *  of the source file `rel` (relative to the app folder). The app folder is the parent of the
 *  `.slugline` folder this output file is in, or, for a build packaged in some other layout,
 *  where it was built. Computed on first use: most output files never call it. */
export function moduleEnvBanner(appDir: string): string {
  return (
    'var __sluglineApp; const __sluglineSource = (rel) => { const { basename, dirname, join } = require("node:path");' +
    ' if (__sluglineApp === undefined) { let d = dirname(require("node:url").fileURLToPath(import.meta.url));' +
    ` while (basename(d) !== ${JSON.stringify(BUILD_DIR)} && dirname(d) !== d) d = dirname(d);` +
    ` __sluglineApp = basename(d) === ${JSON.stringify(BUILD_DIR)} ? dirname(d) : ${JSON.stringify(appDir)} }` +
    ' const filename = join(__sluglineApp, rel);' +
    ' return { filename, dirname: dirname(filename), url: require("node:url").pathToFileURL(filename).href, resolve: require("node:module").createRequire(filename).resolve } };'
  )
}

/** What each name becomes: a field of the module's own `__sluglineEnv` (see prelude). */
const DEFINES = {
  __filename: '__sluglineEnv.filename',
  __dirname: '__sluglineEnv.dirname',
  'import.meta.url': '__sluglineEnv.url',
  'import.meta.filename': '__sluglineEnv.filename',
  'import.meta.dirname': '__sluglineEnv.dirname',
  // From the source's folder, as under dev. (A require() esbuild cannot follow, of a computed
  // name, still resolves from the compiled file: esbuild must see require() calls to bundle them.)
  'require.resolve': '__sluglineEnv.resolve',
}

/** The module's `__sluglineEnv`. It names no `require`: the module may declare its own. */
function prelude(rel: string): string {
  return `var __sluglineEnv = __sluglineSource(${JSON.stringify(rel)});`
}

/** The app's tsconfig.json as text, for transforms (which read no files of their own). */
function readTsconfig(dir: string): string | undefined {
  try {
    return fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8')
  } catch {
    return undefined
  }
}

export function moduleEnvPlugin(dir: string): Plugin {
  return {
    name: 'slugline-module-env',
    setup(build) {
      const tsconfigRaw = readTsconfig(dir)
      // Slugline's own modules (next/server...) are bundled in too, and are not app code.
      const own = packageRoot() + path.sep
      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        if (args.namespace !== 'file' || args.path.startsWith(own) || args.path.split(path.sep).includes('node_modules')) return undefined
        const loader = LOADERS[path.extname(args.path)]
        if (loader === undefined) return undefined
        const source = await fs.promises.readFile(args.path, 'utf8')
        if (!MENTIONS.test(source)) return undefined
        const result = await loadEsbuild().transform(source, {
          loader,
          sourcefile: args.path,
          define: DEFINES,
          jsx: 'preserve',
          format: undefined,
          target: 'esnext',
          sourcemap: 'inline',
          sourcesContent: false,
          tsconfigRaw,
          logLevel: 'silent',
        })
        // On the code's first line, so the transform's source map still lines up.
        const rel = path.relative(dir, args.path).split(path.sep).join('/')
        return { contents: prelude(rel) + result.code, loader: loader === 'tsx' || loader === 'jsx' ? 'jsx' : 'js', resolveDir: path.dirname(args.path) }
      })
    },
  }
}
