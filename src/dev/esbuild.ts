// esbuild for the dev server, loaded with require() rather than `import`: importing a CommonJS
// package from ESM makes Node scan its source for export names first (cjs-module-lexer), and
// esbuild's is large. Measured on the 2-core EPYC (Node 20.20, median of 5): `node -e 0`
// 0.10 s, require('esbuild') 0.12 s, import('esbuild') 0.18 s.
import { createRequire } from 'node:module'

export const esbuild: typeof import('esbuild') = createRequire(import.meta.url)('esbuild')

/** Starts esbuild's service process (~80 ms until it answers its first call), so that it
 *  boots while the dev server scans and binds rather than in the first request. */
export function startEsbuildService(): void {
  esbuild.transform('').catch(() => {
    // A failure shows again, with its context, in the first compile.
  })
}
