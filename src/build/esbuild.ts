// esbuild, loaded on first use and with require() rather than `import`. On first use: the
// library entry (dist/index.js) exports buildApp beside createHandler, and a server that only
// serves should not pay for loading the compiler. With require(): importing a CommonJS package
// from ESM makes Node scan its source for export names first (cjs-module-lexer), and esbuild's
// is large. Measured on the 2-core EPYC (Node 20.20, median of 5): `node -e 0` 0.10 s,
// require('esbuild') 0.12 s, import('esbuild') 0.18 s.
import { createRequire } from 'node:module'

let loaded: typeof import('esbuild') | undefined

export function loadEsbuild(): typeof import('esbuild') {
  return (loaded ??= createRequire(import.meta.url)('esbuild') as typeof import('esbuild'))
}
