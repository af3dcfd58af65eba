// esbuild for the dev server, which needs it from the start (build/esbuild.ts says how it loads).
import { loadEsbuild } from '../build/esbuild.ts'

export const esbuild: typeof import('esbuild') = loadEsbuild()

/** Starts esbuild's service process (~80 ms until it answers its first call), so that it
 *  boots while the dev server scans and binds rather than in the first request. */
export function startEsbuildService(): void {
  esbuild.transform('').catch(() => {
    // A failure shows again, with its context, in the first compile.
  })
}
