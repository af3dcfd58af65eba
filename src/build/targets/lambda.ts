// `slugline build --target lambda`: `.slugline/lambda/`, zip-ready for AWS Lambda (Node.js 20+):
//
//   index.mjs, runtime/   `handler(event, context)` and `streamHandler` (entries/lambda-handler.ts)
//                         over the dispatch core, Slugline bundled in, the production .env baked in
//   .slugline/            the build: manifest and compiled route modules
//   node_modules/         only the packages the route modules import, traced (trace.ts)
//
// The same layout as the standalone folder, with the Lambda adapter (src/adapters/lambda) for a
// server: zip the folder's contents and name `index.handler`.
import fs from 'node:fs'
import path from 'node:path'
import { bakedEnvDefine, bakeEnv, describeBakedEnv } from './bake-env.ts'
import { bundleRuntime } from './bundle-runtime.ts'
import { copyAppWithDependencies } from './trace.ts'
import type { Target } from './types.ts'

export const LAMBDA_DIR = 'lambda'

export const lambda: Target = {
  async build(ctx) {
    const outDir = path.join(ctx.buildDir, LAMBDA_DIR)
    fs.rmSync(outDir, { recursive: true, force: true })
    const baked = bakeEnv(ctx.dir)
    const copied = await copyAppWithDependencies(ctx, outDir)
    const runtime = await bundleRuntime({ entry: 'lambda-handler', outDir, fileName: 'index.mjs', define: bakedEnvDefine(baked) })
    const shown = path.relative(process.cwd(), outDir) || '.'
    const packages = copied.packages.length === 0 ? 'no packages' : `packages: ${copied.packages.join(', ')}`
    const major = process.versions.node.split('.')[0]
    return {
      outDir,
      summary: [
        `Lambda function in ${shown} (${packages}; ${describeBakedEnv(baked)})`,
        ...runtime.warnings.map((w) => `Warning: ${w}`),
        `Zip it with: cd ${shown} && zip -qr ../lambda.zip .`,
        `Runtime nodejs${major}.x; handler index.handler (API Gateway, ALB, Function URL), or index.streamHandler for a Function URL in RESPONSE_STREAM mode`,
      ].join('\n'),
    }
  },
}
