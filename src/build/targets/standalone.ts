// `slugline build --target standalone`: `.slugline/standalone/`, a folder to copy anywhere with
// Node and run as `node server.mjs --port N`, as Next.js's `output: 'standalone'` is:
//
//   server.mjs, runtime/   `slugline start` for this folder, Slugline bundled in (bundle-runtime.ts),
//                          the app's production .env values embedded (bake-env.ts)
//   .slugline/             the build: manifest and compiled route modules
//   node_modules/          only the packages the route modules import, traced (trace.ts)
import fs from 'node:fs'
import path from 'node:path'
import { bakedEnvDefine, bakeEnv, describeBakedEnv } from './bake-env.ts'
import { bundleRuntime } from './bundle-runtime.ts'
import { copyAppWithDependencies } from './trace.ts'
import type { Target } from './types.ts'

export const STANDALONE_DIR = 'standalone'

export const standalone: Target = {
  async build(ctx) {
    const outDir = path.join(ctx.buildDir, STANDALONE_DIR)
    fs.rmSync(outDir, { recursive: true, force: true })
    const baked = bakeEnv(ctx.dir)
    const copied = await copyAppWithDependencies(ctx, outDir)
    const runtime = await bundleRuntime({ entry: 'standalone-server', outDir, fileName: 'server.mjs', define: bakedEnvDefine(baked) })
    const shown = path.relative(process.cwd(), outDir) || '.'
    const packages = copied.packages.length === 0 ? 'no packages' : `packages: ${copied.packages.join(', ')}`
    return {
      outDir,
      summary: [
        `Standalone server in ${shown} (${packages}; ${describeBakedEnv(baked)})`,
        ...runtime.warnings.map((w) => `Warning: ${w}`),
        `Run it with: node ${path.join(shown, 'server.mjs')} --port 3000`,
      ].join('\n'),
    }
  },
}
