// node:http IncomingMessage -> the Web Request a route handler receives.
//
// Cost matters here: on Node 20 (undici 6) a Request is expensive to build. Measured in a loop:
// `new Request(url)` 7.4 us; passing a `signal` in the init adds 21 us (undici links it through
// a FinalizationRegistry); a ReadableStream body adds 13 us; Readable.toWeb(req) adds 28 us.
// Server CPU per request, 4 keep-alive clients, best of 3 (bench kept out of the repo):
// plain node:http JSON 29 us; app route GET returning Response.json 98 us (the Request ~25 us,
// the handler's Response.json ~28 us, writing it 7 us); POST that ignores its body 123 us;
// POST reading request.json() 141 us. So:
// - GET/HEAD, and requests without a body (no Content-Length and no Transfer-Encoding), get no
//   body stream at all.
// - A body is a pull stream over `req`: nothing is read from the socket until the handler reads,
//   so a route that ignores the body pays for building the stream, never for reading the body.
//   Overriding text()/json() on the subclass to read `req` directly would save ~25 us, but a
//   Request without its real body breaks `fetch(request)`, `new Request(url, request)` and
//   `request.clone()` (undici reads its private state, not our overrides): not worth it.
// - `signal` is a lazy getter: the AbortController and the 'close' listener are created only if
//   the handler reads `request.signal`.
// The class extends NextRequest, whose `nextUrl` and `cookies` are lazy too, so a handler that
// types its argument as NextRequest works and one that does not pays nothing for it (a Request
// subclass builds as fast as a Request: 10.4 vs 11.3 us in the same loop, within noise).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { NextRequest } from '../../compat/next-request.ts'

/** The Request passed to app route handlers. */
export class IncomingRequest extends NextRequest {
  readonly #res: ServerResponse
  #signal: AbortSignal | undefined

  constructor(url: string, init: RequestInit, res: ServerResponse) {
    super(url, init)
    this.#res = res
  }

  /** Aborts when the client goes away before the response is complete (like Next.js, it never
   *  aborts once the response has been sent). */
  override get signal(): AbortSignal {
    if (this.#signal) return this.#signal
    const controller = new AbortController()
    const res = this.#res
    const abort = () => controller.abort(new DOMException('The client disconnected before the response was sent.', 'AbortError'))
    if (!res.writableFinished) {
      if (res.destroyed) abort()
      else res.once('close', () => res.writableFinished || abort())
    }
    return (this.#signal = controller.signal)
  }
}

/** The absolute URL of the request: `http://` + Host + path, 127.0.0.1 when Host is missing.
 *  An absolute-form target (`GET http://h/a`, as sent to proxies) names its own host, which
 *  HTTP/1.1 says wins over the Host header. */
export function requestUrl(req: IncomingMessage, host = req.headers.host || '127.0.0.1'): string {
  const target = req.url ?? '/'
  if (target.charCodeAt(0) === 47 /* "/" */) return `http://${host}${target}`
  try {
    const u = new URL(target)
    return `http://${u.host}${u.pathname}${u.search}`
  } catch {
    return `http://${host}/`
  }
}

function hasBody(req: IncomingMessage): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false
  const length = req.headers['content-length']
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined
}

/** Copies the node headers into the Request's own Headers. Appending after construction
 *  instead of passing `headers` in the init saves a copy: 8.6 us instead of 13.5 us per
 *  request with six headers (measured). */
function appendHeaders(target: Headers, source: IncomingMessage['headers']): void {
  for (const name in source) {
    const value = source[name]
    if (value === undefined) continue
    if (typeof value === 'string') target.append(name, value)
    else for (const v of value) target.append(name, v)
  }
}

export function toWebRequest(req: IncomingMessage, res: ServerResponse): IncomingRequest {
  const init: RequestInit & { duplex?: 'half' } = { method: req.method }
  if (hasBody(req)) {
    init.body = toBodyStream(req)
    init.duplex = 'half' // required by undici for a stream body
  }
  let request: IncomingRequest
  try {
    request = new IncomingRequest(requestUrl(req), init, res)
  } catch (error) {
    // A Host header that makes no valid URL ("a b", "x:y:z") must not fail the request.
    if (!(error instanceof TypeError) || !req.headers.host) throw error
    request = new IncomingRequest(requestUrl(req, '127.0.0.1'), init, res)
  }
  appendHeaders(request.headers, req.headers)
  return request
}

/** A ReadableStream that reads `req` only when pulled. highWaterMark 0: the stream does not
 *  pull ahead on its own, so an unread body stays in the socket. */
export function toBodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        return new Promise<void>((resolve, reject) => {
          const tryRead = (): boolean => {
            const chunk = req.read() as Buffer | null
            if (chunk !== null) {
              controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
              return true
            }
            if (req.readableEnded) {
              controller.close()
              return true
            }
            return false
          }
          if (tryRead()) return resolve()
          const cleanup = () => {
            req.off('readable', onReadable)
            req.off('end', onEnd)
            req.off('error', onError)
            req.off('close', onClose)
          }
          const onReadable = () => {
            if (tryRead()) {
              cleanup()
              resolve()
            }
          }
          const onEnd = () => {
            cleanup()
            controller.close()
            resolve()
          }
          const onError = (error: Error) => {
            cleanup()
            reject(error)
          }
          // The client went away mid-body: the body can never complete.
          const onClose = () => {
            cleanup()
            if (!req.readableEnded) reject(new Error('The client disconnected while sending the request body.'))
            else resolve()
          }
          req.on('readable', onReadable)
          req.on('end', onEnd)
          req.on('error', onError)
          req.on('close', onClose)
        })
      },
      cancel() {
        // The handler gave up on the body: drain it, so the response can still be sent on
        // this connection.
        req.resume()
      },
    },
    { highWaterMark: 0 },
  )
}
