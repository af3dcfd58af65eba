// `slugline build --target workers`: `.slugline/workers/`, an ES module worker for Cloudflare
// Workers (and workerd) with `compatibility_flags = ["nodejs_compat"]`:
//
//   index.mjs        ONE file: the dispatch core (src/adapters/workers/worker.ts), Slugline's
//                    runtime, every route module imported statically and the npm packages they
//                    import, all bundled; the production .env values baked in (bake-env.ts)
//   wrangler.jsonc   generated: name, main, compatibility date and flags, no_bundle
//
// The routes are bundled from their sources (not from .slugline/server/, whose modules leave
// packages external and make a `require` from import.meta.url, which a worker has no use for),
// through the same next/* resolution as the build. Packages resolve as wrangler resolves them
// (the `workerd`, `worker` and `browser` export conditions first). A package that is a native
// addon cannot run on Workers: the build fails naming it (workers-addons.ts).
import fs from 'node:fs'
import { builtinModules } from 'node:module'
import path from 'node:path'
import type { Plugin } from 'esbuild'
import { SluglineError } from '../../errors.ts'
import { loadEsbuild } from '../esbuild.ts'
import { nextCompatPlugin, packageRoot } from '../next-compat-plugin.ts'
import { BAKED_ENV_GLOBAL, bakedEnvDefine, bakeEnv, describeBakedEnv } from './bake-env.ts'
import type { Target, TargetContext } from './types.ts'
import { readManifest } from '../../server/manifest.ts'
import { findNativeAddons } from './workers-addons.ts'

export const WORKERS_DIR = 'workers'
/** The newest date the pinned workerd (miniflare 4.20260426) knows, rounded down. */
export const COMPATIBILITY_DATE = '2026-04-01'
const ENTRY = 'slugline-worker-entry'
/** The module that applies the baked .env values (bake-env.ts), imported before the routes. */
const ENV_MODULE = 'slugline:baked-env'

function bakedEnvPlugin(): Plugin {
  const loadEnv = path.join(packageRoot(), 'src', 'server', 'load-env.ts')
  return {
    name: 'slugline-workers-baked-env',
    setup(build) {
      build.onResolve({ filter: /^slugline:baked-env$/ }, () => ({ path: ENV_MODULE, namespace: 'slugline-env' }))
      build.onLoad({ filter: /.*/, namespace: 'slugline-env' }, () => ({
        contents: `import { applyEnv } from ${JSON.stringify(loadEnv)}\ndeclare const ${BAKED_ENV_GLOBAL}: Record<string, string>\nif (typeof process !== 'undefined') process.env.NODE_ENV ??= 'production'\napplyEnv(${BAKED_ENV_GLOBAL})\n`,
        loader: 'ts',
        resolveDir: path.dirname(loadEnv),
      }))
    },
  }
}

/** Node built-ins stay imports: workerd provides them under nodejs_compat, as `node:<name>`.
 *  A CommonJS package's `require('fs')` cannot stay a require (an ES module worker has none):
 *  it becomes a module that imports the built-in and exports it, as wrangler does. */
function builtinsPlugin(): Plugin {
  const names = new Set(builtinModules)
  return {
    name: 'slugline-workers-builtins',
    setup(build) {
      build.onResolve({ filter: /^[a-z_]/ }, (args) => {
        const bare = args.path.replace(/^node:/, '')
        if (!args.path.startsWith('node:') && !names.has(bare) && !names.has(bare.split('/')[0]!)) return undefined
        if (args.kind === 'require-call') return { path: `node:${bare}`, namespace: 'slugline-node-require' }
        return { path: `node:${bare}`, external: true }
      })
      build.onLoad({ filter: /.*/, namespace: 'slugline-node-require' }, (args) => ({
        contents: `import * as ns from ${JSON.stringify(args.path)}; module.exports = ns.default ?? ns;`,
        loader: 'js',
      }))
      build.onResolve({ filter: /^node:/, namespace: 'slugline-node-require' }, (args) => ({ path: args.path, external: true }))
    },
  }
}

/** Slugline loads iconv-lite on first use through a require made from import.meta.url
 *  (runtime/shared/charset.ts), which a worker cannot do: there it is a plain require, which
 *  the bundle satisfies (iconv-lite is CommonJS, so still initialised only on first use). */
function lazyRequirePlugin(srcDir: string): Plugin {
  return {
    name: 'slugline-workers-lazy-require',
    setup(build) {
      build.onLoad({ filter: /charset\.ts$/ }, (args) => {
        if (!args.path.startsWith(srcDir)) return undefined
        const text = fs.readFileSync(args.path, 'utf8').replace(/createRequire\(import\.meta\.url\)\(/g, 'require(')
        return { contents: text, loader: 'ts' }
      })
    },
  }
}

/** The entry: the route table, each route's module imported statically, handed to createWorker. */
function entrySource(ctx: TargetContext, workerModule: string): string {
  // First: imports are evaluated in order, so a route reading process.env as it loads sees
  // the baked values, as it does under `start`.
  const lines = [`import ${JSON.stringify(ENV_MODULE)}`, `import { createWorker } from ${JSON.stringify(workerModule)}`]
  const table: string[] = []
  ctx.routes.forEach((r, i) => {
    lines.push(`import * as m${i} from ${JSON.stringify(path.join(ctx.dir, r.file))}`)
    const { module: _module, ...route } = r
    table.push(`{ ...${JSON.stringify(route)}, load: () => Promise.resolve(m${i}) }`)
  })
  // instrumentation.ts, imported statically like the routes: register() before the first
  // answer, onRequestError for every crash (the manifest says where the build found it).
  const hook = readManifest(ctx.dir).instrumentation
  let instrumentation = ''
  if (hook !== undefined) {
    lines.push(`import * as instrumentation from ${JSON.stringify(path.join(ctx.dir, hook.file))}`)
    instrumentation = `, { file: ${JSON.stringify(hook.file)}, load: () => Promise.resolve(instrumentation) }`
  }
  lines.push(`export default createWorker([\n  ${table.join(',\n  ')},\n]${instrumentation})`)
  return lines.join('\n')
}

export function wranglerConfig(name: string): string {
  const config = { name, main: 'index.mjs', compatibility_date: COMPATIBILITY_DATE, compatibility_flags: ['nodejs_compat'], no_bundle: true }
  return `// Generated by \`slugline build --target workers\`: rebuild rather than edit.\n${JSON.stringify(config, null, 2)}\n`
}

/** The worker's name: the app's package name, else its folder's, as Workers names go. */
function workerName(dir: string): string {
  let name = path.basename(dir)
  try {
    name = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name ?? name
  } catch {
    // No package.json: the folder's name.
  }
  return name.replace(/^@[^/]+\//, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'slugline-api'
}

export const workers: Target = {
  async build(ctx) {
    const outDir = path.join(ctx.buildDir, WORKERS_DIR)
    fs.rmSync(outDir, { recursive: true, force: true })
    const baked = bakeEnv(ctx.dir)
    const srcDir = path.join(packageRoot(), 'src') + path.sep
    const workerModule = path.join(srcDir, 'adapters', 'workers', 'worker.ts')
    const outfile = path.join(outDir, 'index.mjs')
    let result
    try {
      result = await loadEsbuild().build({
        stdin: { contents: entrySource(ctx, workerModule), resolveDir: ctx.dir, sourcefile: ENTRY, loader: 'ts' },
        absWorkingDir: ctx.dir,
        outfile,
        bundle: true,
        format: 'esm',
        platform: 'neutral',
        target: 'es2022',
        conditions: ['workerd', 'worker', 'browser'],
        mainFields: ['browser', 'module', 'main'],
        define: { ...bakedEnvDefine(baked) },
        minifySyntax: true,
        minifyWhitespace: true,
        keepNames: true,
        legalComments: 'none',
        logLevel: 'silent',
        metafile: true,
        plugins: [bakedEnvPlugin(), builtinsPlugin(), lazyRequirePlugin(srcDir), nextCompatPlugin()],
      })
    } catch (err) {
      const errors = (err as { errors?: { text: string; location?: { file: string } | null }[] }).errors
      if (!errors) throw err
      const text = errors.map((e) => (e.location ? `${e.location.file}: ${e.text}` : e.text)).join('\n')
      throw new SluglineError('BUILD_FAILED', `The workers bundle failed:\n${text}`, [])
    }
    const addons = findNativeAddons(result.metafile, ctx)
    if (addons.length > 0) {
      fs.rmSync(outDir, { recursive: true, force: true })
      const lines = addons.map((a) => `  ${a.name} (a native addon: ${a.evidence}), imported by ${a.routes.join(', ')}`)
      throw new SluglineError(
        'BUILD_FAILED',
        `The workers target cannot bundle native addons: Cloudflare Workers run JavaScript and WebAssembly only.\n${lines.join('\n')}\nUse a package that runs on Workers (for SQLite, D1), or another target (standalone, lambda, vercel).`,
        addons.flatMap((a) => a.routes),
      )
    }
    fs.writeFileSync(path.join(outDir, 'wrangler.jsonc'), wranglerConfig(workerName(ctx.dir)))
    const size = fs.statSync(outfile).size
    const shown = path.relative(process.cwd(), outDir) || '.'
    return {
      outDir,
      summary: [
        `Worker in ${shown} (index.mjs, ${(size / 1024).toFixed(0)} KB; ${ctx.routes.length} routes; ${describeBakedEnv(baked)})`,
        ...(size > 1024 * 1024 ? [`Warning: index.mjs is over 1 MB; Workers on the free plan take up to 3 MB compressed`] : []),
        `Deploy it with: cd ${shown} && npx wrangler deploy`,
      ].join('\n'),
    }
  },
}
