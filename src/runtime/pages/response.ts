// `res` for pages/api handlers: Node's ServerResponse plus Next.js's helpers. On our own
// server every response is created as this class (app routes' too), so the helpers cost
// nothing per request; `adoptResponse` gives a foreign response the same helpers as own
// properties.
//
// Two guards Node's ServerResponse lacks, both kept here so every answer passes through them:
// - Framing (framing.ts): what the body sends and what its Content-Length says never differ,
//   or the next response on a keep-alive connection is corrupted or swallowed.
// - A write or end after the response ended (a missing `return` after `res.json()`): Node
//   emits 'error' on the response, and with no listener that error kills the process. Here it
//   is logged and dropped, as `next start` keeps serving.
//
// And Next.js's own patches of the API response (set-header.ts): Set-Cookie is stored as an
// array, a setHeader after the headers went out is ignored, and with compression on,
// `res.end(body)` goes out chunked, as from `next start`.
import { ServerResponse, type IncomingMessage } from 'node:http'
import bytes from 'bytes'
import { checkEnd, checkWrite, type Framed } from './framing.ts'
import { redirect, sendData, sendJson } from './send.ts'
import { patchSetHeader, setHeaderAsNext } from './set-header.ts'

export class SluglineResponse<Req extends IncomingMessage = IncomingMessage> extends ServerResponse<Req> implements Framed {
  /** Set by the pages runtime: warn past this many bytes (0: never). */
  responseLimit = 0
  /** Body bytes handed to write/end so far. */
  bodyBytes = 0
  /** Set once the body reached its Content-Length: the rest is dropped. */
  overflowed = false
  /** Set by the dispatcher for pages/api with compression on: `res.end(body)` without a
   *  Content-Length goes out chunked, as Next.js's compression middleware sends it (it writes
   *  the headers before the body reaches Node, which then cannot add a length). */
  chunkedEnd = false
  /** Set-Cookie lines a proxy/middleware answer set, which Next.js puts before the handler's
   *  own (set-header.ts); undefined: none. */
  middlewareCookies: string[] | undefined = undefined

  status(statusCode: number): this {
    this.statusCode = statusCode
    return this
  }

  json(body: unknown): void {
    sendJson(this.req, this, body)
  }

  send(body: unknown): void {
    sendData(this.req, this, body)
  }

  redirect(statusOrUrl: number | string, url?: string): this {
    redirect(this, statusOrUrl, url)
    return this
  }

  override setHeader(name: string, value: number | string | readonly string[]): this {
    return setHeaderAsNext(this, name, value, this.middlewareCookies, super.setHeader as never)
  }

  override write(chunk: any, encoding?: any, cb?: any): boolean {
    const checked = checkWrite(this, chunk, encoding)
    if (checked === false) return true
    return super.write(checked, encoding, cb)
  }

  override end(chunk?: any, encoding?: any, cb?: any): this {
    if (typeof chunk === 'function') {
      cb = chunk
      chunk = undefined
    } else if (typeof encoding === 'function') {
      cb = encoding
      encoding = undefined
    }
    const checked = checkEnd(this, chunk, encoding)
    if (checked === false) return this
    if (this.responseLimit !== 0 && this.bodyBytes >= this.responseLimit) this.warnOverLimit()
    if (this.chunkedEnd && !this.headersSent && !this.hasHeader('content-length')) (this as unknown as { _implicitHeader(): void })._implicitHeader()
    return super.end(checked, encoding, cb)
  }

  /** `res.flush()`, which the `compression` middleware gives every response under `next start`
   *  (SSE handlers call it after each event). Writes go out at once here; under compression the
   *  response's own flush (compression/compress-response.ts) pushes the encoder's output. */
  flush(): void {}

  /** Node's own write/end, for the guards (framing.ts) to send what they decided. */
  rawWrite(chunk: any): void {
    super.write(chunk)
  }

  private warnOverLimit(): void {
    warnResponseLimit(this.req.url, this.responseLimit)
  }
}

/** Next.js's warning for a body past `config.api.responseLimit` (counted before compression). */
export function warnResponseLimit(url: string | undefined, limit: number): void {
  console.warn(
    `API response for ${url} exceeds ${bytes.format(limit)}. API Routes are meant to respond quickly. https://nextjs.org/docs/messages/api-routes-response-size-limit`,
  )
}

/** Own-property versions of the helpers, for a response our server did not create. */
export function adoptResponse(req: IncomingMessage, res: ServerResponse): void {
  const r = res as ServerResponse & Record<string, unknown>
  patchSetHeader(res)
  r.status = (code: number) => {
    res.statusCode = code
    return res
  }
  r.json = (body: unknown) => sendJson(req, res, body)
  r.send = (body: unknown) => sendData(req, res, body)
  if (typeof r.flush !== 'function') r.flush = () => {}
  r.redirect = (statusOrUrl: number | string, url?: string) => {
    redirect(res, statusOrUrl, url)
    return res
  }
  // Someone else's server: its own error handling stands, but a write after the end must not
  // take the process down (Node emits it as an 'error' event nobody listens to).
  if (res.listenerCount('error') === 0) res.on('error', (err) => console.error(`Error while answering ${req.url}:`, err))
}
