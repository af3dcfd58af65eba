// The `index.mjs` of `slugline build --target lambda`, bundled by bundle-runtime.ts: the
// function's handlers over the dispatch core (createFetchHandler over ./.slugline, the same
// request path as `slugline start`), the app's production .env values applied first.
//
//   index.handler        API Gateway (HTTP API 2.0, REST API 1.0), ALB, Function URL (BUFFERED)
//   index.streamHandler  a Function URL in RESPONSE_STREAM mode (awslambda.streamifyResponse)
//
// Init does only what every invocation needs (read the manifest, build the matcher); each
// route's module loads on its first request, as under `start`.
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createFetchHandler } from '../../../adapters/fetch/handler.ts'
import { awsLambdaGlobal, toLambdaHandler, toStreamingLambdaHandler, type StreamingLambdaHandler } from '../../../adapters/lambda/handler.ts'
import { applyEnv } from '../../../server/load-env.ts'

/** The app's production .env values, embedded at build time (bake-env.ts). */
declare const __SLUGLINE_BAKED_ENV__: Record<string, string>

process.env.NODE_ENV ??= 'production'
applyEnv(__SLUGLINE_BAKED_ENV__)
process.setSourceMapsEnabled(true)

// loadEnv: false: the values were read at build time (above); the function has no env files.
const fetch = createFetchHandler({ dir: dirname(fileURLToPath(import.meta.url)), loadEnv: false })

export const handler = toLambdaHandler(fetch)

const awslambda = awsLambdaGlobal()
const notStreaming: StreamingLambdaHandler = async () => {
  throw new Error('streamHandler needs Lambda response streaming (the awslambda global of the Node.js runtime); use index.handler')
}
export const streamHandler = awslambda === undefined ? notStreaming : awslambda.streamifyResponse(toStreamingLambdaHandler(fetch, awslambda))
