// How the build treats an import of an npm package, as Next.js's server build treats it
// (pages/api and route handlers alike): resolved with the `node` and `import` conditions, then
// - an ES module stays an `import` that Node loads at run time from the app's node_modules;
// - a CommonJS module is `require()`d (with Node's `require` conditions, as Next's `commonjs`
//   externals are), through a one-line CommonJS module in the bundle, so esbuild's interop
//   applies: a default import gets `module.exports.default` when `__esModule` is set, the whole
//   `module.exports` otherwise, or always from a `.mjs` or `"type": "module"` importer. That is
//   webpack's interop too. Left to Node's own ESM loader instead, `import Credentials from
//   'next-auth/providers/credentials'` (next-auth 4) got the whole exports object;
// - a package that declares `next`, `server-only` or `client-only` (package-info.ts) is bundled,
//   so its imports of them reach the compat modules and the marker modules, as the app's do.
//   From inside such a package, an import stays external when the app folder resolves it to the
//   same file; otherwise (a nested node_modules copy) it is bundled too.
import type { Plugin } from 'esbuild'
import { inNodeModules, isEsmFile, needsBundling } from './package-info.ts'

const CJS_NAMESPACE = 'slugline-cjs'
const INNER = Symbol('slugline-npm-packages')

/** A bare specifier: a package (or a tsconfig `paths` alias, which esbuild resolves first).
 *  (esbuild's Go regular expressions have no lookahead: `node:` and `C:\\` are skipped below.) */
const BARE = /^[^./]/
const NOT_A_PACKAGE = /^(node:|[a-zA-Z]:[\\/])/

export function npmPackagesPlugin(dir: string): Plugin {
  return {
    name: 'slugline-npm-packages',
    setup(build) {
      build.onResolve({ filter: BARE }, async (args) => {
        if (args.pluginData === INNER || args.kind === 'entry-point' || NOT_A_PACKAGE.test(args.path)) return undefined
        const r = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: INNER })
        // Not found: left to Node at run time, where it fails as it would have (a require()
        // inside try/catch of an optional package is normal).
        if (r.errors.length > 0) return { path: args.path, external: true }
        if (r.external || r.namespace !== 'file') return r.external ? { path: r.path, external: true } : undefined
        if (!inNodeModules(r.path)) return { path: r.path, sideEffects: r.sideEffects }
        if (needsBundling(r.path)) return { path: r.path, sideEffects: r.sideEffects }
        if (inNodeModules(args.importer)) {
          const fromApp = await build.resolve(args.path, { kind: args.kind, resolveDir: dir, pluginData: INNER })
          if (fromApp.errors.length > 0 || fromApp.path !== r.path) return { path: r.path, sideEffects: r.sideEffects }
        }
        const isImport = args.kind === 'import-statement' || args.kind === 'dynamic-import'
        if (!isImport || isEsmFile(r.path)) return { path: args.path, external: true }
        return { path: args.path, namespace: CJS_NAMESPACE, pluginData: r.path }
      })
      build.onLoad({ filter: /.*/, namespace: CJS_NAMESPACE }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)})`,
        loader: 'js',
        resolveDir: dir,
      }))
    },
  }
}
