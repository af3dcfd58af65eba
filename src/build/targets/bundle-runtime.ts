// Bundles the code a deploy target's output runs (an entry of ./entries/) with Slugline's own
// runtime and its packages (cookie, bytes, content-type, dotenv) into the output, so the output
// needs no `slugline` installed. Bundled from this package's src/, which it ships: the same
// TypeScript whether Slugline runs from source (tests) or from dist/ (an install).
//
// Split into chunks, as `start` is lazy: the App Router runtime (and undici behind it) stays in
// its own chunk, loaded only when the first route.ts module is (server/app-runtime.ts).
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { loadEsbuild } from '../esbuild.ts'
import { packageRoot } from '../next-compat-plugin.ts'

export type RuntimeEntry = 'standalone-server' | 'vercel-function' | 'lambda-handler'

export interface BundleRuntimeOptions {
  entry: RuntimeEntry
  /** The folder the bundle goes in. */
  outDir: string
  /** The entry's file name in outDir, e.g. `server.mjs`. */
  fileName: string
  /** esbuild `define`s, e.g. bakedEnvDefine(...). */
  define?: Record<string, string>
}

export interface BundledRuntime {
  /** Packages the runtime loads on first use, each bundled into node_modules/<name>/. */
  lazyPackages: string[]
  /** Lines for the target's summary (a lazy package the app's own copy stood in for). */
  warnings: string[]
}

/** The ESM banner route bundles carry too: bundled CommonJS packages call `require`. */
const REQUIRE_SHIM =
  "import { createRequire as __sluglineCreateRequire } from 'node:module'; const require = __sluglineCreateRequire(import.meta.url);"

/** `createRequire(import.meta.url)('pkg')`: how Slugline's own code loads a package it needs
 *  only sometimes (runtime/shared/charset.ts: iconv-lite, ~230 KB, for bodies in a charset
 *  other than UTF-8). esbuild leaves such a call as it is. */
const LAZY_REQUIRE = /createRequire\(import\.meta\.url\)\(\s*['"]([^'"]+)['"]\s*\)/g

export async function bundleRuntime(options: BundleRuntimeOptions): Promise<BundledRuntime> {
  const srcDir = path.join(packageRoot(), 'src') + path.sep
  const entry = path.join(srcDir, 'build', 'targets', 'entries', `${options.entry}.ts`)
  const result = await loadEsbuild().build({
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
    metafile: true,
  })
  return bundleLazyPackages(Object.keys(result.metafile.inputs).map((f) => path.resolve(f)).filter((f) => f.startsWith(srcDir)), options.outDir)
}

/**
 * Each package a bundled source file loads with a lazy require, bundled into one file of its
 * own at `<outDir>/node_modules/<name>/` (with a package.json naming it): the call, left as it
 * is, finds it there by Node's lookup from any file of the output, and it still loads only
 * when the call runs. Inlined into server.mjs instead, iconv-lite made the file 7x larger, and
 * every start parsed it. A package the route modules import too was already traced into
 * node_modules/ (trace.ts): that copy stays, as the routes need it; the runtime uses it as well,
 * which is what `start` does when npm gave the app and Slugline the same version.
 */
/** The package.json of the package `name` that `file` belongs to (its exports may not list it). */
function ownPackageJson(file: string, name: string): { version: string } {
  for (let dir = path.dirname(file); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'package.json')
    if (!fs.existsSync(candidate)) continue
    const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string; version: string }
    if (pkg.name === name) return pkg
  }
  throw new Error(`slugline: cannot find the package.json of ${name} above ${file}`)
}

async function bundleLazyPackages(sources: string[], outDir: string): Promise<BundledRuntime> {
  const wanted = new Map<string, string>()
  for (const file of sources) {
    const text = fs.readFileSync(file, 'utf8')
    for (const m of text.matchAll(LAZY_REQUIRE)) if (!wanted.has(m[1]!)) wanted.set(m[1]!, file)
  }
  const lazyPackages: string[] = []
  const warnings: string[] = []
  for (const [name, from] of wanted) {
    const main = createRequire(from).resolve(name)
    const ours = ownPackageJson(main, name)
    const dest = path.join(outDir, 'node_modules', name)
    const traced = path.join(dest, 'package.json')
    if (fs.existsSync(traced)) {
      const theirs = JSON.parse(fs.readFileSync(traced, 'utf8')) as { version?: string }
      if (theirs.version !== ours.version) warnings.push(`${name}: Slugline uses the app's ${theirs.version} (its own is ${ours.version})`)
      continue
    }
    await loadEsbuild().build({
      entryPoints: [main],
      outfile: path.join(dest, 'index.js'),
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      legalComments: 'none',
      logLevel: 'silent',
    })
    fs.writeFileSync(traced, `${JSON.stringify({ name, version: ours.version, main: 'index.js' })}\n`)
    lazyPackages.push(name)
  }
  return { lazyPackages, warnings }
}
