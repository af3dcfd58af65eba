// Compiles every route file with esbuild into `.slugline/server/`, one ESM entry per route with
// shared code split into chunks. TypeScript, JSX, CommonJS handlers, JSON imports, local modules
// outside the routes folder and tsconfig `paths` are all esbuild's own work; npm packages stay
// external and resolve from the app's node_modules at run time, imported as Next's bundler
// imports them (npm-packages-plugin.ts), except those bundled for their `next/*` imports.
import fs from 'node:fs'
import { isBuiltin } from 'node:module'
import path from 'node:path'
import type { Message } from 'esbuild'
import { SluglineError } from '../errors.ts'
import type { Route } from '../routes/types.ts'
import { loadEsbuild } from './esbuild.ts'
import { findClientOnlyImports, markerPackagesPlugin } from './marker-packages.ts'
import { moduleEnvBanner, moduleEnvPlugin } from './module-env-plugin.ts'
import { nextCompatPlugin } from './next-compat-plugin.ts'
import { npmPackagesPlugin } from './npm-packages-plugin.ts'

/** Bundled CommonJS code calls `require` for external packages; ESM output has none, so each
 *  output file gets one made for its own location. */
const REQUIRE_SHIM =
  "import { createRequire as __sluglineCreateRequire } from 'node:module'; const require = __sluglineCreateRequire(import.meta.url);"

export interface CompiledRoutes {
  /** Route file (relative to the app) -> its compiled module (relative to the build folder). */
  modules: Map<string, string>
  /** Route file -> the names its compiled module exports (esbuild's metafile). */
  exports: Map<string, string[]>
}

function formatMessages(messages: Message[], kind: 'error' | 'warning'): string {
  const color = process.stderr.isTTY === true && !process.env.NO_COLOR
  return loadEsbuild().formatMessagesSync(messages, { kind, color }).join('').trimEnd()
}

function buildFailed(errors: Message[]): SluglineError {
  const files = [...new Set(errors.map((e) => e.location?.file).filter((f): f is string => !!f))]
  return new SluglineError('BUILD_FAILED', `Failed to compile:\n${formatMessages(errors, 'error')}`, files)
}

/** esbuild's ESM output calls an external `require("pkg")` (a CommonJS package, see
 *  npm-packages-plugin.ts) through its `__require` wrapper; every output file defines `require`
 *  itself (REQUIRE_SHIM), so call that directly (same length: the source map still lines up).
 *  @vercel/nft, which deploy targets trace packages with (targets/trace.ts), follows neither a
 *  wrapped nor an aliased require: a function that is never called names each package for it
 *  in an `import()`, before the source map comment. */
const WRAPPED_REQUIRE = /(?<![\w$.])__require\(("(?:[^"\\]|\\.)*")\)/g

async function unwrapRequires(dir: string, outputs: string[]): Promise<void> {
  await Promise.all(
    outputs
      .filter((out) => out.endsWith('.mjs'))
      .map(async (out) => {
        const file = path.join(dir, out)
        const code = await fs.promises.readFile(file, 'utf8')
        if (!code.includes('__require(')) return
        const packages = new Set<string>()
        let unwrapped = code.replace(WRAPPED_REQUIRE, (_call, literal: string) => {
          const name = JSON.parse(literal) as string
          if (!isBuiltin(name)) packages.add(literal)
          return `  require(${literal})`
        })
        if (packages.size > 0) {
          const hint = `;(() => [${[...packages].map((l) => `import(${l})`).join(', ')}]);\n`
          const map = unwrapped.lastIndexOf('\n//# sourceMappingURL=')
          unwrapped = map < 0 ? unwrapped + '\n' + hint : unwrapped.slice(0, map + 1) + hint + unwrapped.slice(map + 1)
        }
        await fs.promises.writeFile(file, unwrapped)
      }),
  )
}

/** `extraEntries`: other app files compiled alongside (the instrumentation and proxy files), relative to
 *  the app folder; they land in `modules` and `exports` too. */
export async function compileRoutes(dir: string, buildDir: string, routes: Route[], extraEntries: string[] = []): Promise<CompiledRoutes> {
  const outdir = path.join(buildDir, 'server')
  let result
  try {
    result = await loadEsbuild().build({
      absWorkingDir: dir,
      entryPoints: [...routes.map((r) => r.file), ...extraEntries].map((file) => path.join(dir, file)),
      outbase: dir,
      outdir,
      entryNames: '[dir]/[name]',
      // .mjs: ESM whatever the app's package.json says ("type": "commonjs", or none, which
      // makes Node warn and re-parse every file).
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunks/[name]-[hash]',
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: true,
      metafile: true,
      logLevel: 'silent',
      banner: { js: REQUIRE_SHIM + moduleEnvBanner(dir) },
      plugins: [nextCompatPlugin(), markerPackagesPlugin(), npmPackagesPlugin(dir), moduleEnvPlugin(dir)],
    })
  } catch (err) {
    const errors = (err as { errors?: Message[] }).errors
    if (!errors) throw err
    throw buildFailed(errors)
  }
  const clientOnly = findClientOnlyImports(
    result.metafile,
    routes.filter((r) => r.source === 'app').map((r) => r.file),
    dir,
  )
  if (clientOnly.length > 0) throw buildFailed(clientOnly)
  // Warnings name what the build let through that may fail when run (a next/* import of an npm
  // package Slugline lacks): never silence.
  // (esbuild's own warnings stay silent, as before.)
  const ours = result.warnings.filter((w) => w.pluginName === 'slugline-next-compat')
  if (ours.length > 0) console.warn(formatMessages(ours, 'warning'))

  await unwrapRequires(dir, Object.keys(result.metafile.outputs))

  const modules = new Map<string, string>()
  const exports = new Map<string, string[]>()
  for (const [out, meta] of Object.entries(result.metafile.outputs)) {
    if (!meta.entryPoint) continue
    modules.set(meta.entryPoint, path.relative(buildDir, path.join(dir, out)).split(path.sep).join('/'))
    exports.set(meta.entryPoint, meta.exports)
  }
  return { modules, exports }
}
