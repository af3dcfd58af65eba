// node:http IncomingMessage -> the Web Request a route handler receives.
//
// Cost matters here: on Node 20 (undici 6) a Request is expensive to build. Measured in a loop:
// `new Request(url)` 7.4 us; passing a `signal` in the init adds 21 us (undici links it through
// a FinalizationRegistry); a ReadableStream body adds 13 us; Readable.toWeb(req) adds 28 us.
// So the Request is an IncomingRequest (incoming-request.ts) whenever undici allows it: built
// from node's request without undici, the real Request made only if something needs it.
// Where undici does not allow it (lazyRequestsWork fails), an EagerRequest is built instead,
// with the same savings as before the lazy one existed:
// - GET/HEAD, and requests without a body (no Content-Length and no Transfer-Encoding), get no
//   body stream at all.
// - A body is a pull stream over `req` (request-body.ts): nothing is read from the socket until
//   the handler reads, so a route that ignores the body never pays for reading it.
// - `signal` is a lazy getter: the AbortController and the 'close' listener are created only if
//   the handler reads `request.signal`.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { NextRequest } from '../../compat/next-request.ts'
import { IncomingRequest, lazyRequestsWork } from './incoming-request.ts'
import { hasBody, toBodyStream } from './request-body.ts'
import { appendNodeHeaders } from './mirrored-headers.ts'
import { requestHref } from './request-url.ts'
import { clientSignal } from './client-signal.ts'

/** The Request built by undici's constructor, for undici versions that refuse lazy ones. */
export class EagerRequest extends NextRequest {
  readonly #res: ServerResponse
  #signal: AbortSignal | undefined

  constructor(url: string, init: RequestInit, res: ServerResponse) {
    super(url, init)
    this.#res = res
  }

  /** Aborts when the client goes away before the response is complete (like Next.js, it never
   *  aborts once the response has been sent). */
  override get signal(): AbortSignal {
    return (this.#signal ??= clientSignal(this.#res))
  }
}

/** The Request built by undici at once (the fallback; exported for the tests that compare both). */
export function toEagerRequest(req: IncomingMessage, res: ServerResponse): EagerRequest {
  const init: RequestInit & { duplex?: 'half' } = { method: req.method }
  if (hasBody(req)) {
    init.body = toBodyStream(req)
    init.duplex = 'half' // required by undici for a stream body
  }
  const request = new EagerRequest(requestHref(req), init, res)
  // Appending after construction instead of passing `headers` in the init saves a copy:
  // 8.6 us instead of 13.5 us per request with six headers (measured).
  appendNodeHeaders(request.headers, req.headers)
  return request
}

const LAZY = lazyRequestsWork()

/** The Request for a route handler: a NextRequest, whatever type the handler declares. */
export function toWebRequest(req: IncomingMessage, res: ServerResponse): NextRequest {
  return LAZY ? (new IncomingRequest(req, res) as unknown as NextRequest) : toEagerRequest(req, res)
}
