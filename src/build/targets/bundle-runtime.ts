// Bundles the code a deploy target's output runs (an entry of ./entries/) with Slugline's own
// runtime and its packages (cookie, bytes, content-type, dotenv) into the output, so the output
// needs no `slugline` installed. Bundled from this package's src/, which it ships: the same
// TypeScript whether Slugline runs from source (tests) or from dist/ (an install).
//
// Split into chunks, as `start` is lazy: the App Router runtime (and undici behind it) stays in
// its own chunk, loaded only when the first route.ts module is (server/app-runtime.ts).
import path from 'node:path'
import { loadEsbuild } from '../esbuild.ts'
import { packageRoot } from '../next-compat-plugin.ts'

export type RuntimeEntry = 'standalone-server' | 'vercel-function'

export interface BundleRuntimeOptions {
  entry: RuntimeEntry
  /** The folder the bundle goes in. */
  outDir: string
  /** The entry's file name in outDir, e.g. `server.mjs`. */
  fileName: string
  /** esbuild `define`s, e.g. bakedEnvDefine(...). */
  define?: Record<string, string>
}

/** The ESM banner route bundles carry too: bundled CommonJS packages call `require`. */
const REQUIRE_SHIM =
  "import { createRequire as __sluglineCreateRequire } from 'node:module'; const require = __sluglineCreateRequire(import.meta.url);"

export async function bundleRuntime(options: BundleRuntimeOptions): Promise<void> {
  const entry = path.join(packageRoot(), 'src', 'build', 'targets', 'entries', `${options.entry}.ts`)
  await loadEsbuild().build({
    entryPoints: { [options.fileName.replace(/\.mjs$/, '')]: entry },
    outdir: options.outDir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'runtime/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Nothing outside Node itself: that is the point of the bundle.
    packages: 'bundle',
    define: options.define ?? {},
    banner: { js: REQUIRE_SHIM },
    legalComments: 'none',
    logLevel: 'silent',
  })
}
