// A Response that keeps a string or byte body as it is, so the server writes it with one
// `res.end(body)` instead of reading it back through a ReadableStream.
//
// Why: on Node 20 (undici 6) every Response body is a WHATWG stream, even `Response.json(x)`.
// Server CPU per request of an app route returning `Response.json({ id })`, as the issue
// measures it (bench/http.mjs --only app: server pinned to one core, autocannon -p 10 on the
// other, medians of interleaved rounds, on a shared 2-core machine): 48-50 us before this file
// and incoming-request.ts, of which ~24 us were building the undici Response and reading its
// stream back (cpu-prof); 19.3 us after, against 18.1 us for raw node:http doing the same work
// (efficiency 0.94; fastify 0.98, hono's node-server 0.77 in the same run).
//
// How: `installFastResponse()` (called once by run-route.ts, so in the server process only)
// replaces `globalThis.Response` with this class. Route bundles are loaded after that, so their
// `Response.json(...)`, `new Response(...)` and `class NextResponse extends Response` all get it.
// - It keeps what undici keeps for a body given as a string, bytes or nothing, with a plain
//   object init whose status and statusText are valid: status, statusText, the body, and
//   Headers (created only when something reads `.headers` or the init has headers).
// - Anything else (a stream, Blob, FormData, an init undici would reject or convert) builds the
//   real undici Response at once, so its checks, conversions and errors are undici's own.
// - Whatever it does not keep itself (`.body`, `.text()`, `.clone()` of a stream body, undici's
//   internal symbols when user code hands the object to undici) builds the real Response on
//   first use ("materialises") and forwards to it.
// - `instanceof Response` is true for these objects, for undici's own Responses (fetch) and for
//   subclasses; the prototype chain goes through undici's Response.prototype, so `instanceof`
//   against the original class, which undici itself uses as its brand check, holds too.
// hono's @hono/node-server does the same in its response.ts; this one is written for Slugline's
// needs (exact undici behaviour for every input it does not fast-path).

import { forwardUndiciInternals } from './forward-internals.ts'
import { MirroredHeaders } from './mirrored-headers.ts'

/** The undici Response, kept on globalThis so a second copy of this module finds the original. */
const NATIVE_KEY = Symbol.for('slugline.nativeResponse')
/** A FastResponse method the writer calls: hands over the body once, or undefined. Registered,
 *  so the writer works on instances of another copy of this module. */
export const TAKE_FAST_BODY: unique symbol = Symbol.for('slugline.takeFastBody')
/** A FastResponse method NextResponse.json calls to make its default Content-Type JSON. */
export const SET_BODY_TYPE: unique symbol = Symbol.for('slugline.setBodyType')

type GlobalWithNative = typeof globalThis & { [NATIVE_KEY]?: typeof Response }
export const NativeResponse: typeof Response = ((globalThis as GlobalWithNative)[NATIVE_KEY] ??= globalThis.Response)

/** What the writer needs of a response it can send in one piece. */
export interface FastBody {
  /** null: no body. */
  body: string | Uint8Array<ArrayBuffer> | null
  /** The response's Headers if anything created them; else `type` is the only header. */
  headers: Headers | undefined
  /** The Content-Type undici adds for this body (text/plain for a string), or null. */
  type: string | null
}

const TEXT_TYPE = 'text/plain;charset=UTF-8'
// Statuses undici refuses a body with (its nullBodyStatus; 101 is below 200, refused anyway).
const NULL_BODY_STATUSES = new Set([204, 205, 304])
// undici's isValidReasonPhrase: HTAB, SP, VCHAR, obs-text.
const REASON_PHRASE = /^[\t\x20-\x7e\x80-\xff]*$/

type KeptBody = string | ArrayBufferView | ArrayBuffer | null | undefined
type Init = { status?: unknown; statusText?: unknown; headers?: unknown }

function isKeptBody(body: unknown): body is KeptBody {
  return body == null || typeof body === 'string' || ArrayBuffer.isView(body) || body instanceof ArrayBuffer
}

/** undici copies a buffer body when the Response is built (later writes to it do not show). */
function copyBody(body: KeptBody): string | Uint8Array<ArrayBuffer> | null {
  if (body == null) return null
  if (typeof body === 'string') return body
  if (body instanceof ArrayBuffer) return new Uint8Array(body.slice(0))
  return new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer)
}

/** FastResponse's private #materialise, for the forwarders defined after the class. */
let materialise: (self: FastResponse) => Response

export class FastResponse {
  #status = 200
  #statusText = ''
  #headers: Headers | undefined
  /** The kept body; undefined when undici built the Response from the start. */
  #fast: FastBody | undefined
  /** Whether `#headers` got the body's default Content-Type from us (not from the init). */
  #typeAdded = false
  /** TAKE_FAST_BODY handed the body out: afterwards it reads as used, as undici's would. */
  #sent = false
  #real: Response | undefined

  constructor(body?: BodyInit | null, init?: ResponseInit) {
    let status: unknown, statusText: unknown, headers: unknown
    let initKept = init == null // undici takes null for "no init"
    if (!initKept && (typeof init === 'object' || typeof init === 'function')) {
      // Read once, in undici's order; the slow path gets the values read.
      ;({ status, statusText, headers } = init as Init)
      init = { status, statusText, headers } as ResponseInit
      initKept = true
    }
    if (initKept && isKeptBody(body) && this.#keepInit(status, statusText, headers, body != null)) {
      const type = typeof body === 'string' ? TEXT_TYPE : null
      const own = this.#headers
      if (own !== undefined && type !== null && !own.has('content-type')) {
        own.append('content-type', type)
        this.#typeAdded = true
      }
      this.#fast = { body: copyBody(body), headers: undefined, type }
      return
    }
    const real = new NativeResponse(body, init)
    this.#real = real
    this.#status = real.status
    this.#statusText = real.statusText
    this.#headers = real.headers
  }

  /** Takes status, statusText and headers when undici would take them unchanged. */
  #keepInit(status: unknown, statusText: unknown, headers: unknown, hasBody: boolean): boolean {
    if (status !== undefined) {
      if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) return false
      if (hasBody && NULL_BODY_STATUSES.has(status)) return false
      this.#status = status
    }
    if (statusText !== undefined) {
      if (typeof statusText !== 'string' || !REASON_PHRASE.test(statusText)) return false
      this.#statusText = statusText
    }
    if (headers !== undefined) {
      try {
        this.#headers = new MirroredHeaders(headers as HeadersInit)
      } catch {
        return false // undici throws its own error for them
      }
    }
    return true
  }

  static json(data: unknown, init?: ResponseInit): Response {
    // No data, or an init that is not a dictionary: undici's own TypeError.
    if (arguments.length === 0 || (init !== undefined && (init === null || (typeof init !== 'object' && typeof init !== 'function')))) {
      return NativeResponse.json(data, init as ResponseInit)
    }
    const text = JSON.stringify(data)
    if (text === undefined) throw new TypeError('Value is not JSON serializable')
    const response = new FastResponse(text, init)
    // An init undici had to check (a status out of range...): undici builds it, or throws.
    if (!response[SET_BODY_TYPE]('application/json')) return NativeResponse.json(data, init)
    return response as unknown as Response
  }

  /** Whether the body is still kept here, unsent. */
  get #kept(): boolean {
    return this.#real === undefined && !this.#sent
  }

  /**
   * Makes `type` the Content-Type added for the body, instead of text/plain, as Response.json
   * does for JSON; a Content-Type from the init stays. False if the body is not kept here (the
   * caller then builds the response another way).
   */
  [SET_BODY_TYPE](type: string): boolean {
    const fast = this.#fast
    if (!this.#kept || fast!.type === null) return false
    fast!.type = type
    if (this.#typeAdded) this.#headers!.set('content-type', type)
    return true
  }

  /** The body, once, for the writer; undefined if it is not kept here (or already taken). */
  [TAKE_FAST_BODY](): FastBody | undefined {
    if (!this.#kept) return undefined
    this.#sent = true
    const fast = this.#fast!
    fast.headers = this.#headers
    return fast
  }

  /** The undici Response with the same status, headers and body, built on first need. */
  #materialise(): Response {
    if (this.#real !== undefined) return this.#real
    const body = this.#fast!.body
    const used = this.#sent && body !== null
    const real = new NativeResponse(used ? '' : body, { status: this.#status, statusText: this.#statusText, headers: this.headers })
    this.#real = real
    const headers = this.#headers
    if (headers instanceof MirroredHeaders) headers.mirrorTo(real.headers)
    // Sent already: the body reads as used and locked, as undici's stream does once written.
    if (used) void real.body!.getReader().read()
    return real
  }

  static {
    materialise = (self) => self.#materialise()
  }

  get headers(): Headers {
    if (this.#headers !== undefined) return this.#headers
    const headers = new MirroredHeaders()
    const type = this.#fast!.type
    if (type !== null) {
      headers.append('content-type', type)
      this.#typeAdded = true
    }
    return (this.#headers = headers)
  }

  get status(): number {
    return this.#status
  }

  get statusText(): string {
    return this.#statusText
  }

  get ok(): boolean {
    return this.#status >= 200 && this.#status <= 299
  }

  get bodyUsed(): boolean {
    if (this.#real === undefined && (!this.#sent || this.#fast!.body === null)) return false
    return this.#materialise().bodyUsed
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.#real === undefined && this.#fast!.body === null) return null
    return this.#materialise().body
  }

  clone(): Response {
    if (!this.#kept) return this.#materialise().clone()
    // The kept body cannot change: the clone shares it, with its own copy of the headers.
    const copy = new FastResponse(this.#fast!.body, { status: this.#status, statusText: this.#statusText, headers: this.headers })
    return copy as unknown as Response
  }
}

// Everything else undici's Response has (text(), json(), arrayBuffer(), type, url, ...) is
// forwarded to the real Response, as are undici's internal symbols, which undici reads when a
// Response method is called on this object (`Response.prototype.text.call(r)`).
for (const name of Object.getOwnPropertyNames(NativeResponse.prototype)) {
  if (Object.hasOwn(FastResponse.prototype, name)) continue
  const desc = Object.getOwnPropertyDescriptor(NativeResponse.prototype, name)!
  if (typeof desc.value === 'function') {
    Object.defineProperty(FastResponse.prototype, name, {
      configurable: true,
      writable: true,
      value: function (this: FastResponse, ...args: unknown[]) {
        const real = materialise(this) as unknown as Record<string, (...a: unknown[]) => unknown>
        return real[name]!(...args)
      },
    })
  } else if (desc.get) {
    Object.defineProperty(FastResponse.prototype, name, {
      configurable: true,
      get(this: FastResponse) {
        return (materialise(this) as unknown as Record<string, unknown>)[name]
      },
    })
  }
}
forwardUndiciInternals(FastResponse.prototype, new NativeResponse(), materialise)

Object.setPrototypeOf(FastResponse.prototype, NativeResponse.prototype)
// Statics (Response.error, Response.redirect) come from undici's class.
Object.setPrototypeOf(FastResponse, NativeResponse)
Object.defineProperty(FastResponse, 'name', { value: 'Response' })
// `x instanceof Response` must hold for undici's own Responses (from fetch) too. Subclasses
// (NextResponse) keep the ordinary prototype check.
Object.defineProperty(FastResponse, Symbol.hasInstance, {
  value(this: unknown, value: unknown): boolean {
    if (this === FastResponse) return value instanceof NativeResponse
    return Function.prototype[Symbol.hasInstance].call(this, value)
  },
})

/** Makes `globalThis.Response` the FastResponse, once per process. */
export function installFastResponse(): void {
  const current = globalThis.Response as unknown
  if (current !== NativeResponse) return // installed already (maybe by another copy)
  Object.defineProperty(globalThis, 'Response', { value: FastResponse, writable: true, configurable: true, enumerable: false })
}

/** A FastResponse's kept body, handed over once (the response then reads as sent), or
 *  undefined for any other Response. */
export function takeFastBody(response: Response): FastBody | undefined {
  return (response as Partial<Record<typeof TAKE_FAST_BODY, () => FastBody | undefined>>)[TAKE_FAST_BODY]?.()
}
