// `req` for a pages/api handler served from a fetch Request: a Readable over the Request's body
// with the fields of node:http's IncomingMessage a handler reads (method, url, headers,
// rawHeaders, httpVersion, socket.remoteAddress) and Next.js's `query`, `cookies`, `body`,
// `env`, computed on first read as SluglineRequest does. Built without node:http (Bun, Deno and
// workerd each have their own, or none), so only node:stream is needed.
import { Readable } from 'node:stream'
import type { Params } from '../../matcher/types.ts'
import { parseCookies } from '../../runtime/shared/cookies.ts'
import { buildQuery, type Query } from '../../runtime/shared/query.ts'

/** Where the peer address comes from, on first read of `req.socket.remoteAddress`. */
export type PeerAddress = () => string | undefined

/** The peer address from Bun's `server` (requestIP), Deno's `info` (remoteAddr) or `{ remoteAddress }`. */
function peerOf(request: Request, info: unknown): PeerAddress | undefined {
  if (info === null || typeof info !== 'object') return undefined
  return () => {
    const i = info as { requestIP?: (r: Request) => { address?: string } | null; remoteAddr?: { hostname?: string }; remoteAddress?: string }
    if (typeof i.requestIP === 'function') return i.requestIP(request)?.address ?? undefined
    if (i.remoteAddr !== undefined) return i.remoteAddr.hostname
    return i.remoteAddress
  }
}

type NodeHeaders = Record<string, string | string[] | undefined>

/** Bodies up to this many declared bytes are read in one piece. */
const WHOLE_BODY_MAX = 64 * 1024

/** What `req.socket` answers: the peer address, nothing else (there is no socket). */
class RequestSocket {
  readonly encrypted: boolean
  readonly #peer: PeerAddress | undefined
  #address: string | undefined | null = null

  constructor(encrypted: boolean, peer: PeerAddress | undefined) {
    this.encrypted = encrypted
    this.#peer = peer
  }

  get remoteAddress(): string | undefined {
    if (this.#address === null) this.#address = this.#peer?.()
    return this.#address
  }

  get remoteFamily(): string | undefined {
    const a = this.remoteAddress
    return a === undefined ? undefined : a.includes(':') ? 'IPv6' : 'IPv4'
  }

  // Code that tunes the socket (setTimeout, setNoDelay, setKeepAlive) gets no-ops.
  setTimeout(): this {
    return this
  }
  setNoDelay(): this {
    return this
  }
  setKeepAlive(): this {
    return this
  }
}

export class FetchIncomingMessage extends Readable {
  readonly method: string
  url: string
  readonly headers: NodeHeaders
  #rawHeaders: string[] | undefined
  readonly httpVersion = '1.1'
  readonly httpVersionMajor = 1
  readonly httpVersionMinor = 1
  readonly trailers: Record<string, string> = {}
  readonly rawTrailers: string[] = []
  #socket: RequestSocket | undefined
  readonly #info: unknown
  /** True once the whole body has been read (node's IncomingMessage.complete). */
  complete: boolean
  /** The raw query string (no `?`) and the route's params, set by the dispatcher. */
  routeSearch = ''
  routeParams: Params | null = null
  body: any = undefined
  /** The Request this stands for. */
  readonly request: Request
  /** null: the body is being read whole. */
  #reader: ReadableStreamDefaultReader<Uint8Array> | null | undefined
  #parsedQuery: Query | undefined = undefined
  #parsedCookies: Record<string, string> | undefined = undefined

  /** `info`: what the runtime passed beside the Request (FetchHandler), for the peer address. */
  constructor(request: Request, url: string, info?: unknown) {
    super()
    this.request = request
    this.method = request.method
    this.url = url
    // Bun's Headers has a native toJSON (the same object, faster); elsewhere, one pass.
    const h = request.headers as Headers & { toJSON?: () => NodeHeaders }
    let headers: NodeHeaders
    if (typeof h.toJSON === 'function') headers = h.toJSON()
    else {
      headers = {}
      h.forEach((value, name) => {
        headers[name] = value
      })
    }
    // What node's parser would have seen: a Host (the URL's, when the runtime gave none), and
    // a body framed somehow (a Request built in code has a body but no Content-Length; node
    // calls that chunked, and the body parsers then read it).
    if (headers.host === undefined) {
      const start = request.url.indexOf('//') + 2
      const end = request.url.indexOf('/', start)
      headers.host = request.url.slice(start, end === -1 ? undefined : end)
    }
    if (request.body !== null && headers['content-length'] === undefined && headers['transfer-encoding'] === undefined) headers['transfer-encoding'] = 'chunked'
    this.headers = headers
    this.#info = info
    this.complete = request.body === null
  }

  /** [name, value, ...] as the runtime gave them (lowercase; repeated headers joined). */
  get rawHeaders(): string[] {
    if (this.#rawHeaders === undefined) {
      const raw: string[] = []
      this.request.headers.forEach((value, name) => raw.push(name, value))
      this.#rawHeaders = raw
    }
    return this.#rawHeaders
  }

  /** Made on first read: most handlers never look. */
  get socket(): RequestSocket {
    return (this.#socket ??= new RequestSocket(this.request.url.startsWith('https:'), peerOf(this.request, this.#info)))
  }

  get connection(): RequestSocket {
    return this.socket
  }

  get query(): Query {
    return (this.#parsedQuery ??= buildQuery(this.routeSearch, this.routeParams))
  }
  set query(value: Query) {
    this.#parsedQuery = value
  }

  get cookies(): Record<string, string> {
    return (this.#parsedCookies ??= parseCookies(this.headers.cookie as string | undefined))
  }
  set cookies(value: Record<string, string>) {
    this.#parsedCookies = value
  }

  get env(): NodeJS.ProcessEnv {
    return process.env
  }

  override _read(): void {
    const body = this.request.body
    if (body === null) {
      this.push(null)
      return
    }
    if (this.#reader === undefined) {
      // A small body of declared length comes in one piece from the runtime's own reader
      // (request.arrayBuffer()), with no stream reader in between: half the CPU of a 1 KB JSON
      // POST on Bun went to that (profiled). A larger or unframed one streams chunk by chunk,
      // so bodyParser: false sees it as it comes and nothing unbounded is held.
      const declared = Number(this.headers['content-length'])
      if (declared <= WHOLE_BODY_MAX) {
        this.#reader = null
        this.request.arrayBuffer().then(
          (buf) => {
            this.complete = true
            if (buf.byteLength > 0) this.push(Buffer.from(buf))
            this.push(null)
          },
          (err: unknown) => this.destroy(err instanceof Error ? err : new Error(String(err))),
        )
        return
      }
      this.#reader = body.getReader()
    }
    if (this.#reader === null) return
    this.#reader.read().then(
      (r) => {
        if (r.done) {
          this.complete = true
          this.push(null)
        } else this.push(Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength))
      },
      (err: unknown) => this.destroy(err instanceof Error ? err : new Error(String(err))),
    )
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    if (!this.complete) this.#reader?.cancel().catch(() => {})
    // As node's IncomingMessage: the error is emitted only to someone listening for it (a
    // client gone mid-body must not end the process).
    cb(this.listenerCount('error') === 0 ? null : err)
  }
}
