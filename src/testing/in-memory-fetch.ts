// A `fetch` that reaches a node:http server without a port: each request gets its own pair of
// connected in-memory streams (node:stream duplexPair); the server side is handed to the
// server as a new connection, the client side to an http.request. Everything between is real:
// node:http writes and parses the bytes, so the handler sees exactly the req/res it would
// over TCP (headers, chunked bodies, HEAD, keep-alive rules), with no socket to bind or leak.
import http from 'node:http'
import { duplexPair } from 'node:stream'

// Captured before any route loads: the App Router runtime may install a lighter
// globalThis.Response (see README, "In your own server"), and a test wants the standard one.
const StandardResponse = globalThis.Response

export type InMemoryFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

/** The peer address a handler sees on its socket (`req.socket.remoteAddress`). */
const PEER = { remoteAddress: '127.0.0.1', remotePort: 0, remoteFamily: 'IPv4' }

export function createInMemoryFetch(server: http.Server): InMemoryFetch {
  return async (input, init) => {
    const request = new Request(typeof input === 'string' && input.startsWith('/') ? new URL(input, 'http://localhost') : input, init)
    const url = new URL(request.url)
    const body = request.body === null ? null : Buffer.from(await request.arrayBuffer())
    const headers: http.OutgoingHttpHeaders = { host: url.host }
    for (const [name, value] of request.headers) headers[name] = value
    if (body !== null) headers['content-length'] = body.length

    const [serverSide, clientSide] = duplexPair()
    Object.assign(serverSide, PEER)
    server.emit('connection', serverSide)

    return new Promise<Response>((resolve, reject) => {
      const req = http.request(
        { createConnection: () => clientSide as never, method: request.method, path: url.pathname + url.search, headers },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('error', reject)
          res.on('end', () => {
            clientSide.destroy()
            const out = new Headers()
            for (let i = 0; i < res.rawHeaders.length; i += 2) out.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!)
            const status = res.statusCode ?? 500
            const noBody = request.method === 'HEAD' || status === 204 || status === 304
            resolve(new StandardResponse(noBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: out }))
          })
        },
      )
      req.on('error', reject)
      req.end(body ?? undefined)
    })
  }
}
