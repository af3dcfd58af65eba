// The handler of the one Vercel function `slugline build --target vercel` makes
// (functions/slugline.func/index.mjs), bundled by bundle-runtime.ts. Vercel's Node launcher
// calls the default export with Node's own `req` and `res` (`shouldAddHelpers: false`: none of
// Vercel's helpers over ours), for every path, as the client sent it: the routing, and every
// answer, is createHandler's, exactly as under `slugline start`.
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createHandler } from '../../../server/create-handler.ts'
import { applyEnv } from '../../../server/load-env.ts'

/** The app's production .env values, embedded at build time (bake-env.ts). */
declare const __SLUGLINE_BAKED_ENV__: Record<string, string>

process.env.NODE_ENV ??= 'production'
applyEnv(__SLUGLINE_BAKED_ENV__)
process.setSourceMapsEnabled(true)

export default createHandler({ dir: dirname(fileURLToPath(import.meta.url)) })
