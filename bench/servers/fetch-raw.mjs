// The fetch-runtime baseline: a hand-written `(Request) => Response` under Bun.serve or
// Deno.serve doing the same work as bench/servers/raw.mjs (and so as the Slugline bench app,
// bench/lib/app.mjs): split the URL, find the route by hand, decode the param,
// JSON.stringify, Content-Type, the same ETag and If-None-Match check; read a JSON body for
// /api/echo. `bun fetch-raw.mjs --port N --routes N` or `deno run -A fetch-raw.mjs ...`.
import { etagOf } from './etag.mjs'

const argv = globalThis.Deno ? Deno.args : process.argv.slice(2)
const value = (name, fallback) => (argv.indexOf(name) === -1 ? fallback : argv[argv.indexOf(name) + 1])
const port = Number(value('--port', '3000'))
const routeCount = Number(value('--routes', '100'))
const JSON_TYPE = 'application/json; charset=utf-8'
const BODY_LIMIT = 1024 * 1024

function decode(segment) {
  if (segment.indexOf('%') === -1) return segment
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}

function json(request, body, etag) {
  const text = JSON.stringify(body)
  if (!etag) return new Response(text, { headers: { 'content-type': JSON_TYPE } })
  const tag = etagOf(text)
  if (request.headers.get('if-none-match') === tag) return new Response(null, { status: 304, headers: { etag: tag } })
  return new Response(text, { headers: { 'content-type': JSON_TYPE, etag: tag } })
}

async function echo(request) {
  const type = request.headers.get('content-type')
  if (type === null || !type.startsWith('application/json')) return new Response('Unsupported Media Type', { status: 415 })
  if (Number(request.headers.get('content-length')) > BODY_LIMIT) return new Response('Body exceeded 1mb limit', { status: 413 })
  let body
  try {
    body = JSON.parse(await request.text())
  } catch {
    return new Response('Invalid JSON', { status: 400 })
  }
  return json(request, { received: body.items.length, first: body.items[0].name }, true)
}

export function handle(request) {
  const url = request.url
  const start = url.indexOf('/', url.indexOf('//') + 2)
  const q = url.indexOf('?', start)
  const parts = (q === -1 ? url.slice(start) : url.slice(start, q)).split('/')
  if (parts[1] === 'api') {
    const name = parts[2]
    if (parts.length === 4 && name.charCodeAt(0) === 114 /* r */) {
      const n = Number(name.slice(1))
      const id = decode(parts[3])
      if (Number.isInteger(n) && n >= 0 && n < routeCount && id !== null) return json(request, { route: n, id }, true)
    } else if (parts.length === 3 && name === 'health') {
      return json(request, { ok: true }, true)
    } else if (parts.length === 3 && name === 'echo' && request.method === 'POST') {
      return echo(request)
    }
  } else if (parts[1] === 'items' && parts.length === 3) {
    const id = decode(parts[2])
    if (id !== null) return Response.json({ id })
  }
  return new Response('{"error":"Not Found"}', { status: 404, headers: { 'content-type': JSON_TYPE } })
}

// Served when started with --port (bench/fetch-runtimes.mjs); imported, it only exports handle.
if (argv.includes('--port')) {
  if (globalThis.Bun) Bun.serve({ port, hostname: '127.0.0.1', fetch: handle })
  else Deno.serve({ port, hostname: '127.0.0.1', onListen() {} }, handle)
  for (const signal of ['SIGTERM', 'SIGINT']) (globalThis.Deno ? Deno.addSignalListener(signal, () => Deno.exit(0)) : process.once(signal, () => process.exit(0)))
}
