// The Lambda baseline: a hand-written `handler(event)` for API Gateway HTTP API events
// (payload 2.0) doing the same work as bench/servers/raw.mjs and fetch-raw.mjs, so as the
// Slugline bench app (bench/lib/app.mjs): split rawPath, find the route by hand, decode the
// param, JSON.stringify, Content-Type, the same ETag and If-None-Match check; parse the JSON
// body of POST /api/echo. Imported by bench/lib/lambda-invoke.mjs.
import { etagOf } from './etag.mjs'

const ROUTES = Number(process.env.BENCH_ROUTES ?? '100')
const JSON_TYPE = 'application/json; charset=utf-8'

function decode(segment) {
  if (segment.indexOf('%') === -1) return segment
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}

function json(event, body, etag) {
  const text = JSON.stringify(body)
  if (!etag) return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: text, isBase64Encoded: false }
  const tag = etagOf(text)
  if (event.headers['if-none-match'] === tag) return { statusCode: 304, headers: { etag: tag }, body: '', isBase64Encoded: false }
  return { statusCode: 200, headers: { 'content-type': JSON_TYPE, etag: tag }, body: text, isBase64Encoded: false }
}

const notFound = () => ({ statusCode: 404, headers: { 'content-type': JSON_TYPE }, body: '{"error":"Not Found"}', isBase64Encoded: false })

export async function handler(event) {
  const parts = event.rawPath.split('/')
  const method = event.requestContext.http.method
  if (parts[1] === 'api') {
    const name = parts[2]
    if (parts.length === 4 && name.charCodeAt(0) === 114 /* r */) {
      const n = Number(name.slice(1))
      const id = decode(parts[3])
      if (Number.isInteger(n) && n >= 0 && n < ROUTES && id !== null) return json(event, { route: n, id }, true)
    } else if (parts.length === 3 && name === 'health') {
      return json(event, { ok: true }, true)
    } else if (parts.length === 3 && name === 'echo' && method === 'POST') {
      const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body
      let body
      try {
        body = JSON.parse(raw)
      } catch {
        return { statusCode: 400, headers: {}, body: 'Invalid JSON', isBase64Encoded: false }
      }
      return json(event, { received: body.items.length, first: body.items[0].name }, true)
    }
  } else if (parts[1] === 'items' && parts.length === 3) {
    const id = decode(parts[2])
    if (id !== null) return json(event, { id }, false)
  }
  return notFound()
}
