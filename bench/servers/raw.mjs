// The baseline: a hand-written node:http server doing the same work as the Slugline bench app
// (bench/lib/app.mjs), and nothing more: split the URL, find the route by hand, decode the
// param, JSON.stringify, set Content-Type and Content-Length, and (unless --no-etag) the same
// ETag with the same If-None-Match check. The app-route case (/items/[id]) has no ETag here,
// as Response.json has none under Slugline or Next.js.
import http from 'node:http'
import { etagOf } from './etag.mjs'
import { JSON_TYPE, port, routeCount, withEtag } from './args.mjs'

const BODY_LIMIT = 1024 * 1024

function decode(segment) {
  if (segment.indexOf('%') === -1) return segment
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}

function sendJson(req, res, body, etag) {
  const text = JSON.stringify(body)
  res.statusCode = 200
  if (etag) {
    const tag = etagOf(text)
    res.setHeader('ETag', tag)
    if (req.headers['if-none-match'] === tag) {
      res.statusCode = 304
      res.end()
      return
    }
  }
  res.setHeader('Content-Type', JSON_TYPE)
  res.setHeader('Content-Length', Buffer.byteLength(text))
  res.end(text)
}

function sendStatus(res, status, text) {
  res.statusCode = status
  res.end(text)
}

function readJson(req, res, then) {
  const type = req.headers['content-type']
  if (type === undefined || !type.startsWith('application/json')) return sendStatus(res, 415, 'Unsupported Media Type')
  const chunks = []
  let size = 0
  req.on('data', (chunk) => {
    size += chunk.length
    if (size <= BODY_LIMIT) chunks.push(chunk)
  })
  req.on('end', () => {
    if (size > BODY_LIMIT) return sendStatus(res, 413, 'Body exceeded 1mb limit')
    let body
    try {
      body = JSON.parse((chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8'))
    } catch {
      return sendStatus(res, 400, 'Invalid JSON')
    }
    then(body)
  })
}

export function handle(req, res) {
  const url = req.url
  const q = url.indexOf('?')
  const parts = (q === -1 ? url : url.slice(0, q)).split('/')
  if (parts[1] === 'api') {
    const name = parts[2]
    if (parts.length === 4 && name.charCodeAt(0) === 114 /* r */) {
      const n = Number(name.slice(1))
      const id = decode(parts[3])
      if (Number.isInteger(n) && n >= 0 && n < routeCount && id !== null) return sendJson(req, res, { route: n, id }, withEtag)
    } else if (parts.length === 3 && name === 'health') {
      return sendJson(req, res, { ok: true }, withEtag)
    } else if (parts.length > 3 && name === 'files') {
      const path = parts.slice(3).map(decode)
      if (!path.includes(null)) return sendJson(req, res, { path }, withEtag)
    } else if (parts.length === 3 && name === 'echo' && req.method === 'POST') {
      return readJson(req, res, (body) => sendJson(req, res, { received: body.items.length, first: body.items[0].name }, withEtag))
    }
  } else if (parts[1] === 'items' && parts.length === 3) {
    const id = decode(parts[2])
    if (id !== null) return sendJson(req, res, { id }, false)
  }
  res.statusCode = 404
  res.setHeader('Content-Type', JSON_TYPE)
  res.end('{"error":"Not Found"}')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  http.createServer(handle).listen(port, '127.0.0.1', () => console.log(`raw ready on ${port}`))
}
