// The cookie jars of `next/server`: `request.cookies` (RequestCookies, read from the Cookie
// header) and `response.cookies` (ResponseCookies, written as Set-Cookie headers), with the
// method shapes Next.js gives them (@edge-runtime/cookies). Parsing goes through the `cookie`
// package (values URI-decoded); Set-Cookie lines are written as Next.js writes them.
import { parse, parseSetCookie } from 'cookie'

export interface RequestCookie {
  name: string
  value: string
}

export interface CookieAttributes {
  path?: string
  domain?: string
  expires?: Date | number
  maxAge?: number
  httpOnly?: boolean
  secure?: boolean
  sameSite?: boolean | 'lax' | 'strict' | 'none'
  partitioned?: boolean
  priority?: 'low' | 'medium' | 'high'
}

export interface ResponseCookie extends RequestCookie, CookieAttributes {}

type NameArg = [name: string] | [cookie: { name: string }]
type SetArgs = [name: string, value: string, attributes?: CookieAttributes] | [cookie: ResponseCookie]

const nameOf = (args: NameArg): string => (typeof args[0] === 'string' ? args[0] : args[0].name)

/** The cookies a request carries. `set`/`delete` rewrite the request's Cookie header, as in Next.js. */
export class RequestCookies {
  readonly #headers: Headers
  readonly #map = new Map<string, RequestCookie>()

  constructor(requestHeaders: Headers) {
    this.#headers = requestHeaders
    const header = requestHeaders.get('cookie')
    if (header) {
      const parsed = parse(header)
      for (const name in parsed) this.#map.set(name, { name, value: parsed[name] ?? '' })
    }
  }

  get size(): number {
    return this.#map.size
  }

  get(...args: NameArg): RequestCookie | undefined {
    return this.#map.get(nameOf(args))
  }

  getAll(...args: NameArg | []): RequestCookie[] {
    const all = [...this.#map.values()]
    return args.length === 0 ? all : all.filter((c) => c.name === nameOf(args))
  }

  has(name: string): boolean {
    return this.#map.has(name)
  }

  set(...args: [name: string, value: string] | [cookie: RequestCookie]): this {
    const [name, value] = args.length === 1 ? [args[0].name, args[0].value] : args
    this.#map.set(name, { name, value })
    this.#writeHeader()
    return this
  }

  /** Returns whether the cookie was there, or one answer per name for a list. */
  delete(names: string | string[]): boolean | boolean[] {
    const result = Array.isArray(names) ? names.map((n) => this.#map.delete(n)) : this.#map.delete(names)
    this.#writeHeader()
    return result
  }

  clear(): this {
    this.#map.clear()
    this.#writeHeader()
    return this
  }

  [Symbol.iterator](): IterableIterator<[string, RequestCookie]> {
    return this.#map[Symbol.iterator]()
  }

  toString(): string {
    return [...this.#map.values()].map((c) => `${c.name}=${encodeURIComponent(c.value)}`).join('; ')
  }

  #writeHeader(): void {
    if (this.#map.size === 0) this.#headers.delete('cookie')
    else this.#headers.set('cookie', this.toString())
  }
}

/** Fills in what Next.js fills in before serialising: `Path=/` by default, and an `Expires`
 *  matching `maxAge` for clients that ignore Max-Age. */
export function normalizeCookie(cookie: ResponseCookie): ResponseCookie {
  const normal: ResponseCookie = { ...cookie, path: cookie.path ?? '/' }
  if (typeof normal.expires === 'number') normal.expires = new Date(normal.expires)
  if (normal.maxAge) normal.expires = new Date(Date.now() + normal.maxAge * 1000)
  return normal
}

/** One Set-Cookie header line for a normalised cookie, as Next.js writes it
 *  (@edge-runtime/cookies' stringifyCookie): attributes in its order and case,
 *  `a=1; Path=/; Expires=...; Max-Age=0; Domain=...; Secure; HttpOnly; SameSite=lax;
 *  Partitioned; Priority=high`, each value as given, the cookie's value URI-encoded.
 *  Recorded in test/fixtures/compression (`app cookies *`). */
export function toSetCookieLine(cookie: ResponseCookie): string {
  const c = cookie
  const attrs: string[] = []
  if (c.path) attrs.push(`Path=${c.path}`)
  if (c.expires || c.expires === 0) attrs.push(`Expires=${(typeof c.expires === 'number' ? new Date(c.expires) : c.expires).toUTCString()}`)
  if (typeof c.maxAge === 'number') attrs.push(`Max-Age=${c.maxAge}`)
  if (c.domain) attrs.push(`Domain=${c.domain}`)
  if (c.secure) attrs.push('Secure')
  if (c.httpOnly) attrs.push('HttpOnly')
  if (c.sameSite) attrs.push(`SameSite=${c.sameSite}`)
  if (c.partitioned) attrs.push('Partitioned')
  if (c.priority) attrs.push(`Priority=${c.priority}`)
  const line = `${c.name}=${encodeURIComponent(c.value ?? '')}`
  return attrs.length === 0 ? line : `${line}; ${attrs.join('; ')}`
}

/** The cookie a `delete` writes: empty and expired, with the attributes it was given (Next.js
 *  keeps them all: `delete({ name, path, secure })`). */
export function expiredCookie(name: string, attributes: CookieAttributes = {}): ResponseCookie {
  return normalizeCookie({ ...attributes, name, value: '', expires: new Date(0) })
}

export function toResponseCookie(args: SetArgs): ResponseCookie {
  if (typeof args[0] === 'string') {
    const [name, value, attributes] = args as [string, string, CookieAttributes?]
    return normalizeCookie({ ...attributes, name, value })
  }
  return normalizeCookie(args[0])
}

interface Entry {
  cookie: ResponseCookie
  /** The Set-Cookie line as sent; kept verbatim for cookies this jar did not change. */
  line: string
}

/** The cookies a response sets, kept in its Set-Cookie headers: one line per cookie name. */
export class ResponseCookies {
  readonly #headers: Headers
  readonly #map = new Map<string, Entry>()

  constructor(responseHeaders: Headers) {
    this.#headers = responseHeaders
    for (const line of responseHeaders.getSetCookie()) {
      const parsed = parseSetCookie(line)
      const { value, ...rest } = parsed
      this.#map.set(parsed.name, { cookie: { ...rest, value: value ?? '' } as ResponseCookie, line })
    }
  }

  get size(): number {
    return this.#map.size
  }

  get(...args: NameArg): ResponseCookie | undefined {
    return this.#map.get(nameOf(args))?.cookie
  }

  getAll(...args: NameArg | []): ResponseCookie[] {
    const all = [...this.#map.values()].map((e) => e.cookie)
    return args.length === 0 ? all : all.filter((c) => c.name === nameOf(args))
  }

  has(name: string): boolean {
    return this.#map.has(name)
  }

  set(...args: SetArgs): this {
    const cookie = toResponseCookie(args)
    this.#map.set(cookie.name, { cookie, line: toSetCookieLine(cookie) })
    this.#writeHeaders()
    return this
  }

  delete(...args: [name: string] | [cookie: CookieAttributes & { name: string }]): this {
    const cookie = typeof args[0] === 'string' ? expiredCookie(args[0]) : expiredCookie(args[0].name, args[0])
    return this.set(cookie)
  }

  [Symbol.iterator](): IterableIterator<[string, ResponseCookie]> {
    return new Map([...this.#map].map(([name, e]) => [name, e.cookie] as const))[Symbol.iterator]()
  }

  toString(): string {
    return [...this.#map.values()].map((e) => e.line).join('; ')
  }

  // Next.js rewrites every Set-Cookie line from its map, so a name set twice is sent once.
  #writeHeaders(): void {
    this.#headers.delete('set-cookie')
    for (const entry of this.#map.values()) this.#headers.append('set-cookie', entry.line)
  }
}
