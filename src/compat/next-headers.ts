// What `import ... from 'next/headers'` resolves to in a Slugline build: `cookies()` and
// `headers()` for the request being handled, read from the store runAppRoute enters for each
// request (request-context.ts). In a route handler, Next.js lets `cookies()` set and delete:
// those become Set-Cookie headers on the response the handler returns.
import { createRequestStorage, getRequestStore, getStoreRequest, type RequestStore } from '../runtime/app/request-context.ts'
import {
  RequestCookies,
  expiredCookie,
  toResponseCookie,
  toSetCookieLine,
  type CookieAttributes,
  type ResponseCookie,
} from './cookies.ts'

// Importing this module is what makes runAppRoute enter a store per request (see why in
// request-context.ts): apps that never import next/headers never pay for it.
createRequestStorage()

const READ_ONLY_MESSAGE = 'Headers returned by headers() cannot be modified: they are the request headers.'

/** The request headers, read-only, as Next.js's `headers()` gives them. */
export class ReadonlyHeaders extends Headers {
  override append(_name: string, _value: string): never {
    throw new Error(READ_ONLY_MESSAGE)
  }
  override set(_name: string, _value: string): never {
    throw new Error(READ_ONLY_MESSAGE)
  }
  override delete(_name: string): never {
    throw new Error(READ_ONLY_MESSAGE)
  }
}

/** `cookies()` in a route handler: reads the request's cookies as changed by this handler so
 *  far, and records each change as a Set-Cookie line in the request store. */
export class RouteHandlerCookies {
  readonly #store: RequestStore
  readonly #map = new Map<string, ResponseCookie>()

  constructor(store: RequestStore) {
    this.#store = store
    for (const [name, cookie] of new RequestCookies(getStoreRequest(store, 'cookies()').headers)) this.#map.set(name, cookie)
  }

  get size(): number {
    return this.#map.size
  }

  get(...args: [name: string] | [cookie: { name: string }]): ResponseCookie | undefined {
    return this.#map.get(typeof args[0] === 'string' ? args[0] : args[0].name)
  }

  getAll(...args: [name: string] | [cookie: { name: string }] | []): ResponseCookie[] {
    const all = [...this.#map.values()]
    if (args.length === 0) return all
    const name = typeof args[0] === 'string' ? args[0] : args[0].name
    return all.filter((c) => c.name === name)
  }

  has(name: string): boolean {
    return this.#map.has(name)
  }

  set(...args: [name: string, value: string, attributes?: CookieAttributes] | [cookie: ResponseCookie]): this {
    const cookie = toResponseCookie(args)
    this.#map.set(cookie.name, cookie)
    const lines = (this.#store.setCookies ??= new Map())
    lines.set(cookie.name, toSetCookieLine(cookie))
    return this
  }

  /** Like Next.js: the cookie is set empty and expired, so `get` still finds it (value ''). */
  delete(...args: [name: string] | [cookie: { name: string; path?: string; domain?: string }]): this {
    return this.set(typeof args[0] === 'string' ? expiredCookie(args[0]) : expiredCookie(args[0].name, args[0]))
  }

  [Symbol.iterator](): IterableIterator<[string, ResponseCookie]> {
    return this.#map[Symbol.iterator]()
  }

  toString(): string {
    return [...this.#map.values()].map((c) => `${c.name}=${encodeURIComponent(c.value)}`).join('; ')
  }
}

/** The cookies of the current request. Throws outside a request. */
export function cookies(): Promise<RouteHandlerCookies> {
  const store = getRequestStore('cookies()')
  store.cookies ??= new RouteHandlerCookies(store)
  return Promise.resolve(store.cookies as RouteHandlerCookies)
}

/** The headers of the current request, read-only. Throws outside a request. */
export function headers(): Promise<ReadonlyHeaders> {
  const store = getRequestStore('headers()')
  store.headers ??= new ReadonlyHeaders(getStoreRequest(store, 'headers()').headers)
  return Promise.resolve(store.headers as ReadonlyHeaders)
}
