// A rewrite to another origin (next.config rewrites() or NextResponse.rewrite() with an
// external URL): the request is sent there with fetch and the answer streamed back, as
// `next start` proxies it. fetch decompresses what it receives, so the answer goes back
// without its Content-Encoding and Content-Length (compression, where on, applies anew).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'

/** Hop-by-hop headers (RFC 9110 7.6.1) and those fetch sets itself. */
const DROPPED_REQUEST = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'te', 'upgrade', 'proxy-connection', 'trailer', 'content-length', 'expect'])
const DROPPED_RESPONSE = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-encoding', 'content-length'])

export async function proxyExternal(url: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = new Headers()
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || DROPPED_REQUEST.has(k)) continue
    if (Array.isArray(v)) for (const x of v) headers.append(k, x)
    else headers.set(k, v)
  }
  const method = req.method ?? 'GET'
  const hasBody = method !== 'GET' && method !== 'HEAD'
  const init: RequestInit & { duplex?: 'half' } = { method, headers, redirect: 'manual' }
  if (hasBody) {
    init.body = Readable.toWeb(req) as ReadableStream
    init.duplex = 'half'
  }
  const controller = new AbortController()
  res.on('close', () => controller.abort())
  init.signal = controller.signal
  let upstream: Response
  try {
    upstream = await fetch(url, init)
  } catch (err) {
    if (res.destroyed) return
    console.error(`Failed to proxy ${url}:`, err)
    // next start answers a failed external rewrite with 500.
    res.statusCode = 500
    res.end('Internal Server Error')
    return
  }
  res.statusCode = upstream.status
  for (const [k, v] of upstream.headers) if (!DROPPED_RESPONSE.has(k) && k !== 'set-cookie') res.setHeader(k, v)
  const cookies = upstream.headers.getSetCookie()
  if (cookies.length > 0) res.setHeader('set-cookie', cookies)
  if (upstream.body === null || method === 'HEAD') {
    res.end()
    return
  }
  const body = Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream)
  body.on('error', () => res.destroy())
  body.pipe(res)
}
