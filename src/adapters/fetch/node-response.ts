// `res` for a pages/api handler served from a fetch Request: node:http's ServerResponse API
// (statusCode, setHeader, writeHead, write, end, the events) and Next.js's helpers
// (status/json/send/redirect), producing a Web Response. Nothing goes out until the handler
// commits the headers; then `response` resolves:
// - `res.end(body)` with nothing written before: one Response with the whole body as bytes;
// - `res.write()` first: a Response whose body is a stream, fed by each write as it comes,
//   with back-pressure (write() returns false while the reader is behind, then 'drain').
// Bodies are always bytes, never strings (a string body would get the Fetch spec's
// `text/plain;charset=UTF-8`, which `start` does not send). The same framing guard as
// SluglineResponse's (framing.ts) keeps the body and its Content-Length in agreement.
import { Stream } from 'node:stream'
import bytes from 'bytes'
import { checkEnd, checkWrite, type Framed } from '../../runtime/pages/framing.ts'
import { redirect, sendData, sendJson } from '../../runtime/pages/send.ts'
import type { FetchIncomingMessage } from './node-request.ts'
import { bodyFor } from './body.ts'
import { NativeResponse } from './native-response.ts'

type HeaderValue = number | string | readonly string[]

const NO_BODY_STATUSES = new Set([204, 205, 304])
const EMPTY = new Uint8Array(0)
// Node's checks (validateHeaderName / validateHeaderValue): a token, and no CR, LF or NUL.
const TOKEN = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/
const INVALID_VALUE = /[^\t\x20-\x7e\x80-\xff]/
/** Bytes a streamed body may hold unread before write() asks the handler to wait. */
const HIGH_WATER_MARK = 64 * 1024

function toBytes(chunk: unknown, encoding?: BufferEncoding): Uint8Array {
  if (typeof chunk === 'string') return Buffer.from(chunk, encoding)
  if (chunk instanceof Uint8Array) return chunk
  throw new TypeError('The "chunk" argument must be of type string or an instance of Buffer or Uint8Array.')
}

/** Header names already found valid, each with its lowercase form: a handler sets the same
 *  few on every request, and lowercasing them anew each time showed in profiles. */
const validNames = new Map<string, string>()

/** The lowercase key of a header name; throws on a name that is no HTTP token. */
function headerKey(name: string): string {
  const known = validNames.get(name)
  if (known !== undefined) return known
  if (typeof name !== 'string' || !TOKEN.test(name)) throw new TypeError(`Header name must be a valid HTTP token ["${String(name)}"]`)
  const key = name.toLowerCase()
  if (validNames.size < 1000) validNames.set(name, key)
  return key
}

function checkValue(name: string, value: unknown): void {
  if (typeof value === 'string') {
    if (INVALID_VALUE.test(value)) throw new TypeError(`Invalid character in header content ["${name}"]`)
  } else if (typeof value !== 'number') {
    if (value === undefined) throw new TypeError(`Invalid value "undefined" for header "${name}"`)
    const values = Array.isArray(value) ? value : [value]
    for (const v of values) if (INVALID_VALUE.test(String(v))) throw new TypeError(`Invalid character in header content ["${name}"]`)
  }
}

export class FetchServerResponse extends Stream {
  statusCode = 200
  statusMessage = ''
  sendDate = false
  readonly req: FetchIncomingMessage
  /** The Response, once the headers are committed. */
  readonly response: Promise<Response>
  /** Set by the pages runtime: warn past this many bytes (0: never). */
  responseLimit = 0
  bodyBytes = 0
  overflowed = false
  headersSent = false
  writableEnded = false
  writableFinished = false
  destroyed = false
  closed = false
  /** Framing's view (framing.ts): the Content-Length stored with the headers, and whether this
   *  response can carry a body at all. */
  _contentLength: number | null = null
  _hasBody = true
  /** By lowercase name: the value as set, and the name as written. Null-prototype objects, not
   *  a Map: iterating a Map of entries cost ~8% of a pages answer on Bun (profiled). */
  #values: Record<string, HeaderValue> = Object.create(null)
  #names: Record<string, string> = Object.create(null)
  #resolve!: (response: Response) => void
  #reject!: (err: Error) => void
  #controller: ReadableStreamDefaultController<Uint8Array> | undefined
  #waitingForDrain = false

  constructor(req: FetchIncomingMessage) {
    super()
    this.req = req
    this.response = new Promise((resolve, reject) => {
      this.#resolve = resolve
      this.#reject = reject
    })
    // Nobody may be awaiting it yet when a destroyed response rejects.
    this.response.catch(() => {})
    if (req.method === 'HEAD') this._hasBody = false
  }

  get socket(): FetchIncomingMessage['socket'] {
    return this.req.socket
  }
  get connection(): FetchIncomingMessage['socket'] {
    return this.req.socket
  }
  get finished(): boolean {
    return this.writableEnded
  }
  get writable(): boolean {
    return !this.writableEnded && !this.destroyed
  }
  get writableLength(): number {
    return 0
  }
  get writableHighWaterMark(): number {
    return HIGH_WATER_MARK
  }

  // --- headers ---------------------------------------------------------------------------

  setHeader(name: string, value: HeaderValue): this {
    if (this.headersSent) throw new Error('Cannot set headers after they are sent to the client')
    const key = headerKey(name)
    checkValue(name, value)
    this.#values[key] = value
    this.#names[key] = name
    return this
  }

  appendHeader(name: string, value: HeaderValue): this {
    const prev = this.getHeader(name)
    if (prev === undefined) return this.setHeader(name, value)
    const list = [...(Array.isArray(prev) ? prev : [String(prev)]), ...(Array.isArray(value) ? value : [String(value)])]
    return this.setHeader(name, list)
  }

  getHeader(name: string): HeaderValue | undefined {
    return this.#values[validNames.get(name) ?? name.toLowerCase()]
  }

  getHeaders(): Record<string, HeaderValue> {
    const out: Record<string, HeaderValue> = Object.create(null)
    for (const key in this.#values) out[key] = this.#values[key]!
    return out
  }

  getHeaderNames(): string[] {
    return Object.keys(this.#values)
  }

  getRawHeaderNames(): string[] {
    return Object.values(this.#names)
  }

  hasHeader(name: string): boolean {
    return this.#values[validNames.get(name) ?? name.toLowerCase()] !== undefined
  }

  removeHeader(name: string): void {
    if (this.headersSent) throw new Error('Cannot remove headers after they are sent to the client')
    const key = name.toLowerCase()
    delete this.#values[key]
    delete this.#names[key]
  }

  writeHead(statusCode: number, reason?: string | Record<string, HeaderValue> | HeaderValue[], headers?: Record<string, HeaderValue> | HeaderValue[]): this {
    if (this.headersSent) throw new Error('Cannot write headers after they are sent to the client')
    if (typeof reason !== 'string') {
      headers = reason
      reason = undefined
    }
    if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 999) throw new RangeError(`Invalid status code: ${statusCode}`)
    this.statusCode = statusCode
    if (reason !== undefined) this.statusMessage = reason
    if (Array.isArray(headers)) {
      // [name, value, name, value, ...], as node takes it.
      for (let i = 0; i + 1 < headers.length; i += 2) this.appendHeader(String(headers[i]), headers[i + 1] as HeaderValue)
    } else if (headers !== undefined) {
      for (const name of Object.keys(headers)) this.setHeader(name, headers[name]!)
    }
    this.#storeHeaders()
    return this
  }

  flushHeaders(): void {
    if (!this.headersSent) this.#storeHeaders()
    this.#commitStream()
  }

  /** Node stores the headers at writeHead (and at the first write): they can no longer change. */
  #storeHeaders(): void {
    this.headersSent = true
    if (NO_BODY_STATUSES.has(this.statusCode) || (this.statusCode >= 100 && this.statusCode < 200)) this._hasBody = false
    const length = this.getHeaderFromStore('content-length')
    const n = length === undefined ? NaN : Number(length)
    this._contentLength = Number.isInteger(n) && n >= 0 ? n : null
  }

  private getHeaderFromStore(name: string): HeaderValue | undefined {
    return this.#values[name]
  }

  /** The headers for the Response init: a plain record, or pairs when a Set-Cookie has more
   *  than one line. */
  #webHeaders(): Record<string, string> | [string, string][] {
    let record: Record<string, string> | undefined = {}
    let pairs: [string, string][] | undefined
    const values = this.#values
    for (const key in values) {
      const value = values[key]!
      if (Array.isArray(value) && key === 'set-cookie' && value.length > 1) {
        pairs ??= Object.entries(record!)
        record = undefined
        for (const v of value) pairs.push([key, String(v)])
      } else {
        const v = Array.isArray(value) ? value.join(', ') : String(value)
        if (record !== undefined) record[key] = v
        else pairs!.push([key, v])
      }
    }
    return record ?? pairs!
  }

  #init(): ResponseInit {
    const init: ResponseInit = { status: this.statusCode, headers: this.#webHeaders() }
    if (this.statusMessage !== '') init.statusText = this.statusMessage
    return init
  }

  // --- body ------------------------------------------------------------------------------

  /** The streamed Response, made at the first write (or flushHeaders). */
  #commitStream(): void {
    if (this.#controller !== undefined || this.writableEnded || this.destroyed) return
    let init: ResponseInit
    try {
      init = this.#init()
    } catch (err) {
      return this.#fail(err)
    }
    if (!this._hasBody) {
      this.#controller = null as unknown as ReadableStreamDefaultController<Uint8Array>
      return this.#resolve(new NativeResponse(null, init))
    }
    const body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#controller = controller
        },
        pull: () => {
          if (this.#waitingForDrain) {
            this.#waitingForDrain = false
            this.emit('drain')
          }
        },
        cancel: () => {
          // The client went away: what node reports as a 'close' before 'finish'.
          this.#gone()
        },
      },
      { highWaterMark: HIGH_WATER_MARK, size: (chunk) => chunk.byteLength },
    )
    this.#resolve(new NativeResponse(body, init))
  }

  write(chunk: any, encoding?: any, cb?: any): boolean {
    if (typeof encoding === 'function') {
      cb = encoding
      encoding = undefined
    }
    if (this.destroyed) return false
    if (!this.headersSent) this.#storeHeaders()
    const checked = checkWrite(this as unknown as Framed, chunk, encoding)
    if (checked === false) return true
    return this.rawWriteWith(checked, encoding, cb)
  }

  /** Framing's raw write (framing.ts): the chunk as decided, past the guard. */
  rawWrite(chunk: unknown): void {
    this.rawWriteWith(chunk)
  }

  private rawWriteWith(chunk: unknown, encoding?: BufferEncoding, cb?: (err?: Error | null) => void): boolean {
    this.#commitStream()
    const bytesOf = toBytes(chunk, encoding)
    const controller = this.#controller
    if (controller && this._hasBody && bytesOf.byteLength > 0) {
      try {
        controller.enqueue(bytesOf)
      } catch {
        // The reader cancelled (client gone): drop, as node drops writes to a closed socket.
      }
    }
    if (cb) queueMicrotask(() => cb(null))
    if (controller && this._hasBody && (controller.desiredSize ?? 1) <= 0) {
      this.#waitingForDrain = true
      return false
    }
    return true
  }

  end(chunk?: any, encoding?: any, cb?: any): this {
    if (typeof chunk === 'function') {
      cb = chunk
      chunk = undefined
    } else if (typeof encoding === 'function') {
      cb = encoding
      encoding = undefined
    }
    if (this.destroyed) return this
    if (!this.headersSent) this.#storeHeaders()
    const checked = checkEnd(this as unknown as Framed, chunk, encoding)
    if (checked === false) return this
    if (this.responseLimit !== 0 && this.bodyBytes >= this.responseLimit) this.#warnOverLimit()
    this.writableEnded = true
    if (this.#controller === undefined) {
      // Nothing streamed: the whole answer in one Response.
      let init: ResponseInit
      try {
        init = this.#init()
      } catch (err) {
        this.#fail(err)
        return this
      }
      let body: BodyInit | null = null
      if (this._hasBody && checked !== undefined && checked !== null) {
        // A string goes as it is when there is a Content-Type (the runtime's default for strings
        // then does not apply): no copy into bytes. Otherwise as bytes (body.ts).
        const hasType = this.#values['content-type'] !== undefined
        body = typeof checked === 'string' && hasType && (encoding === undefined || encoding === 'utf8' || encoding === 'utf-8') ? checked : bodyFor(toBytes(checked, encoding), hasType)
      } else if (this._hasBody) body = bodyFor(EMPTY, false)
      this.#resolve(new NativeResponse(body, init))
    } else {
      if (checked !== undefined && checked !== null) this.rawWriteWith(checked, encoding)
      try {
        this.#controller?.close()
      } catch {
        // cancelled already
      }
    }
    queueMicrotask(() => {
      this.writableFinished = true
      this.emit('finish')
      cb?.()
      this.#close()
    })
    return this
  }

  /** The connection is cut: a stream body errors (the client sees a truncated answer), and an
   *  uncommitted response rejects (the runtime answers its own error, a 500 or a reset). */
  destroy(err?: Error): this {
    if (this.destroyed) return this
    this.destroyed = true
    if (this.#controller) {
      try {
        this.#controller.error(err ?? new Error('The response was destroyed'))
      } catch {
        // closed already
      }
    } else this.#reject(err ?? new Error('The response was destroyed before it was sent'))
    queueMicrotask(() => this.#close())
    return this
  }

  #gone(): void {
    if (this.writableFinished) return
    this.destroyed = true
    this.#close()
  }

  #close(): void {
    if (this.closed) return
    this.closed = true
    this.emit('close')
  }

  #fail(err: unknown): void {
    this.destroyed = true
    this.#reject(err instanceof Error ? err : new Error(String(err)))
    queueMicrotask(() => this.#close())
  }

  // --- Next.js's helpers (as on SluglineResponse) -------------------------------------------

  status(statusCode: number): this {
    this.statusCode = statusCode
    return this
  }

  json(body: unknown): void {
    sendJson(this.req as never, this as never, body)
  }

  send(body: unknown): void {
    sendData(this.req as never, this as never, body)
  }

  redirect(statusOrUrl: number | string, url?: string): this {
    redirect(this as never, statusOrUrl, url)
    return this
  }

  // --- what node's response has and a handler may call -------------------------------------

  setTimeout(): this {
    return this
  }
  cork(): void {}
  uncork(): void {}
  addTrailers(): void {}
  writeContinue(): void {}
  writeEarlyHints(): void {}

  #warnOverLimit(): void {
    console.warn(
      `API response for ${this.req.url} exceeds ${bytes.format(this.responseLimit)}. API Routes are meant to respond quickly. https://nextjs.org/docs/messages/api-routes-response-size-limit`,
    )
  }
}
