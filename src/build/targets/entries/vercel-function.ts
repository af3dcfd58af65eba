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

// trustProxy: app routes' `request.url` takes its host and scheme from X-Forwarded-Host and
// X-Forwarded-Proto, which Vercel's edge sets itself to the domain and protocol the client used
// (https://vercel.com/docs/headers/request-headers), as Next.js on Vercel sees them. Without
// it, every function would see the launcher's own `http://localhost:<port>`.
// loadEnv: false: the values were read at build time (above); the function has no env files.
export default createHandler({ dir: dirname(fileURLToPath(import.meta.url)), trustProxy: true, loadEnv: false })
