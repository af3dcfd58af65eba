// `slugline build --target vercel`: `<app>/.vercel/output/` per Vercel's Build Output API v3,
// for `vercel deploy --prebuilt` (https://vercel.com/docs/build-output-api/v3).
//
// One function for the whole app, not one per route. Identical behaviour to `start` is the
// point, and much of it lives outside any one route: the 308 to the canonical path, the 400 for
// a malformed escape, the JSON 404, per-segment decoding (`%2F` stays inside its param), and
// falling back to a less specific route when a more specific one fails deeper. Translated into
// `config.json` regexes in precedence order, each would be a second implementation of the
// matcher to keep in step with the first; in one function they are the same dispatch core
// `start` runs. One function also means one warm instance pool for every route.
//
//   config.json                        version 3; every path to the function
//   functions/slugline.func/
//     .vc-config.json                  Node.js runtime, handler, Vercel's Node launcher
//     index.mjs, runtime/              the handler: createHandler over ./.slugline, Slugline
//                                      bundled in, the production .env values baked in
//     .slugline/                       the build
//     node_modules/                    only the packages the route modules import (trace.ts)
import fs from 'node:fs'
import path from 'node:path'
import { bakedEnvDefine, bakeEnv, describeBakedEnv } from './bake-env.ts'
import { bundleRuntime } from './bundle-runtime.ts'
import { copyAppWithDependencies } from './trace.ts'
import type { Target } from './types.ts'

export const VERCEL_OUTPUT_DIR = path.join('.vercel', 'output')
export const FUNCTION_NAME = 'slugline'

/** The Node.js runtime of the machine that builds: a traced native addon is compiled for its
 *  ABI, so the function must run on the same major (nodejs20.x on Node 20). */
function nodeRuntime(): string {
  return `nodejs${process.versions.node.split('.')[0]}.x`
}

export interface VercelConfig {
  version: 3
  routes: Array<{ src: string; dest: string }>
}

export function vercelConfig(): VercelConfig {
  // No `handle: "filesystem"` before it: the output has no static files, and a path that
  // happens to name the function must reach the app's own 404 like any other.
  return { version: 3, routes: [{ src: '^/(.*)$', dest: `/${FUNCTION_NAME}` }] }
}

export const vercel: Target = {
  async build(ctx) {
    const outDir = path.join(ctx.dir, VERCEL_OUTPUT_DIR)
    // Only output/: .vercel/project.json (the linked project) stays.
    fs.rmSync(outDir, { recursive: true, force: true })
    const funcDir = path.join(outDir, 'functions', `${FUNCTION_NAME}.func`)
    const baked = bakeEnv(ctx.dir)
    const copied = await copyAppWithDependencies(ctx, funcDir)
    const runtime = await bundleRuntime({ entry: 'vercel-function', outDir: funcDir, fileName: 'index.mjs', define: bakedEnvDefine(baked) })
    const vcConfig = {
      runtime: nodeRuntime(),
      handler: 'index.mjs',
      launcherType: 'Nodejs',
      // Node's req/res as they are: Slugline's runtime brings its own helpers.
      shouldAddHelpers: false,
      // res.write() reaches the client as it is written, as under `start`.
      supportsResponseStreaming: true,
    }
    fs.writeFileSync(path.join(funcDir, '.vc-config.json'), `${JSON.stringify(vcConfig, null, 2)}\n`)
    fs.writeFileSync(path.join(outDir, 'config.json'), `${JSON.stringify(vercelConfig(), null, 2)}\n`)
    const shown = path.relative(process.cwd(), outDir) || '.'
    const packages = copied.packages.length === 0 ? 'no packages' : `packages: ${copied.packages.join(', ')}`
    return {
      outDir,
      summary: [
        `Vercel Build Output in ${shown} (one ${vcConfig.runtime} function; ${packages}; ${describeBakedEnv(baked)})`,
        ...runtime.warnings.map((w) => `Warning: ${w}`),
        'Deploy it with: vercel deploy --prebuilt',
      ].join('\n'),
    }
  },
}
