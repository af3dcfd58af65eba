// A fetch-runtime server over a built app, for the tests and benchmarks: run under Bun or Deno
// as `<runtime> serve.mjs <app dir> <port>`. Bun.serve or Deno.serve with createFetchHandler
// from the built package (dist/), printing `listening on <port>` once it answers.
import { createFetchHandler } from '../../../dist/adapters/fetch/index.js' // = 'slugline/fetch'

const [dir, port] = (globalThis.Deno ? Deno.args : process.argv.slice(2))
const fetch = createFetchHandler({ dir })
if (globalThis.Bun) {
  const server = Bun.serve({ port: Number(port), hostname: '127.0.0.1', fetch })
  console.log(`listening on ${server.port}`)
} else {
  Deno.serve({ port: Number(port), hostname: '127.0.0.1', onListen: ({ port }) => console.log(`listening on ${port}`) }, fetch)
}
