// The Request a route handler receives, built lazily from node's IncomingMessage.
//
// Why: on Node 20 (undici 6) `new Request(url, init)` plus copying the headers was ~9% of the
// app route's server CPU in a cpu-prof of the bench (~8 us of 50; see fast-response.ts for the
// measurement), while a typical handler reads only the URL, a header or two and maybe the body.
//
// How: this object is not built by undici's constructor. Its prototype chain goes through
// NextRequest.prototype to undici's Request.prototype, so `instanceof Request` and
// `instanceof NextRequest` hold. It answers `url`, `method`, `headers`, `body` (null when there
// is none), `bodyUsed`, `signal`, `nextUrl`, `cookies`, and text()/json()/arrayBuffer()/
// bytes() (read straight from the socket) itself. Everything else is undici's own code,
// inherited: undici's methods and getters check `this instanceof Request` (true) and then read
// the request's state through a few symbol-keyed properties (`this[kState]`...). Those symbols
// are found on a real Request at startup, and this class answers them by building the real
// undici Request on first need ("materialising") and handing over its values. So
// `request.formData()`, `request.clone()`, `fetch(request)` and `new Request(request)` run
// undici's code on the real request (`new Request(url, request)` reads the public getters).
// Whether that works is checked once at startup (lazyRequestsWork): a later undici that keeps
// its state in private fields would fail the check, and to-web-request.ts then builds every
// Request eagerly, as before.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { NextRequest, NextURL } from '../../compat/next-request.ts'
import { RequestCookies } from '../../compat/cookies.ts'
import { decodeBodyText, hasBody, readWholeBody, toArrayBuffer, toBodyStream } from './request-body.ts'
import { appendNodeHeaders, MirroredHeaders } from './mirrored-headers.ts'
import { requestHref } from './request-url.ts'
import { clientSignal } from './client-signal.ts'
import { forwardUndiciInternals } from './forward-internals.ts'

const NativeRequest = globalThis.Request

/** IncomingRequest's private #materialise, for the symbol accessors defined after the class. */
let materialise: (self: IncomingRequest) => Request

export class IncomingRequest {
  readonly #req: IncomingMessage
  readonly #res: ServerResponse
  #url: string | undefined
  #headers: Headers | undefined
  #signal: AbortSignal | undefined
  #nextUrl: NextURL | undefined
  #cookies: RequestCookies | undefined
  /** text(), json(), arrayBuffer() or bytes() read the body straight from `req`. */
  #bodyRead = false
  #real: Request | undefined

  constructor(req: IncomingMessage, res: ServerResponse) {
    this.#req = req
    this.#res = res
  }

  get url(): string {
    return (this.#url ??= requestHref(this.#req))
  }

  /** node's parser only passes upper-case methods, which undici keeps as they are. */
  get method(): string {
    return this.#req.method!
  }

  get headers(): Headers {
    if (this.#headers !== undefined) return this.#headers
    if (this.#real !== undefined) return (this.#headers = this.#real.headers)
    const headers = new MirroredHeaders()
    appendNodeHeaders(headers, this.#req.headers)
    return (this.#headers = headers)
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.#real === undefined && !hasBody(this.#req)) return null
    return this.#materialise().body
  }

  get bodyUsed(): boolean {
    return this.#real === undefined ? this.#bodyRead : this.#real.bodyUsed
  }

  // The body methods handlers use most read `req` directly while no real Request exists:
  // measured like fast-response.ts, a POST route doing `await request.json()` on a small body
  // cost ~80 us through undici's stream and reader, 36 us this way. blob() and formData() (MIME
  // parsing) stay undici's, on the real Request.

  text(): Promise<string> {
    if (this.#real !== undefined) return this.#real.text()
    return this.#readBody().then(decodeBodyText)
  }

  json(): Promise<unknown> {
    if (this.#real !== undefined) return this.#real.json()
    return this.#readBody().then((bytes) => JSON.parse(decodeBodyText(bytes)) as unknown)
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#real !== undefined) return this.#real.arrayBuffer()
    return this.#readBody().then(toArrayBuffer)
  }

  bytes(): Promise<Uint8Array> {
    if (this.#real !== undefined) return (this.#real as Request & { bytes(): Promise<Uint8Array> }).bytes()
    return this.#readBody().then((bytes) => new Uint8Array(toArrayBuffer(bytes)))
  }

  /** The body's bytes, once, as undici's body methods allow: a request without a body reads
   *  as empty every time; a second read of a body fails with undici's TypeError. */
  #readBody(): Promise<Buffer> {
    const req = this.#req
    if (!hasBody(req)) return Promise.resolve(Buffer.alloc(0))
    if (this.#bodyRead) return Promise.reject(new TypeError('Body is unusable: Body has already been read'))
    this.#bodyRead = true
    return readWholeBody(req)
  }

  /** Aborts when the client goes away before the response is complete (like Next.js, it never
   *  aborts once the response has been sent). Created on first read: an AbortController and a
   *  'close' listener per request are not free. */
  get signal(): AbortSignal {
    return (this.#signal ??= clientSignal(this.#res))
  }

  get nextUrl(): NextURL {
    return (this.#nextUrl ??= new NextURL(this.url))
  }

  get cookies(): RequestCookies {
    return (this.#cookies ??= new RequestCookies(this.headers))
  }

  /** The undici Request with the same URL, method, headers and body stream. */
  #materialise(): Request {
    if (this.#real !== undefined) return this.#real
    const req = this.#req
    const init: RequestInit & { duplex?: 'half' } = { method: req.method }
    if (hasBody(req)) {
      // Read already (text()...): a stream that only serves to read as used, like undici's.
      init.body = this.#bodyRead ? new ReadableStream() : toBodyStream(req)
      init.duplex = 'half' // required by undici for a stream body
    }
    const headers = this.#headers
    if (headers !== undefined) init.headers = headers
    const real = new NativeRequest(this.url, init)
    if (headers === undefined) appendNodeHeaders(real.headers, req.headers)
    else if (headers instanceof MirroredHeaders) headers.mirrorTo(real.headers)
    if (this.#bodyRead) void real.body!.getReader().read()
    return (this.#real = real)
  }

  static {
    materialise = (self) => self.#materialise()
  }
}

// undici's internal properties of a Request (its state, headers, signal, dispatcher), answered
// by the real Request (forward-internals.ts).
forwardUndiciInternals(IncomingRequest.prototype, new NativeRequest('http://localhost/'), materialise)
Object.setPrototypeOf(IncomingRequest.prototype, NextRequest.prototype)

/** Whether undici accepts these objects as Requests: reading an inherited getter, cloning,
 *  reading the body, and `new Request(url, request)`. Checked once, on a request that needs no
 *  socket. */
export function lazyRequestsWork(): boolean {
  try {
    const req = { method: 'POST', url: '/probe', headers: { host: 'localhost', 'content-length': '0' } } as unknown as IncomingMessage
    const res = { writableFinished: true } as unknown as ServerResponse
    const probe = new IncomingRequest(req, res) as unknown as Request
    const copy = new NativeRequest('http://localhost/copy', probe)
    return (
      probe.cache === 'default' &&
      probe.clone().url === 'http://localhost/probe' &&
      copy.method === 'POST' &&
      copy.headers.get('content-length') === '0' &&
      probe instanceof NativeRequest
    )
  } catch {
    return false
  }
}
