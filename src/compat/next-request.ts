// `NextRequest` from `next/server`: a Request with `nextUrl` and `cookies`. Both are built on
// first use (a handler that never reads them pays nothing), and the request runAppRoute hands
// to a handler is a subclass of this one, so `request.nextUrl` works whatever type the handler
// declares.
import { RequestCookies } from './cookies.ts'

/** `request.nextUrl`: the request URL. Next.js adds i18n and basePath fields; Slugline has
 *  neither feature, so they keep their empty values. */
export class NextURL extends URL {
  readonly basePath = ''
  readonly buildId: string | undefined = undefined
  readonly locale = ''
  readonly defaultLocale: string | undefined = undefined

  clone(): NextURL {
    return new NextURL(this.href)
  }
}

// The dispatcher and each route bundle can hold their own copy of this class (see
// request-context.ts), so `instanceof NextRequest` checks a registered brand, not the prototype.
const BRAND = Symbol.for('slugline.NextRequest')

export class NextRequest extends Request {
  #nextUrl: NextURL | undefined
  #cookies: RequestCookies | undefined

  // Request | string rather than the DOM's RequestInfo: the shipped declarations must compile in
  // a project whose `lib` has no DOM, where only @types/node's fetch globals exist.
  constructor(input: URL | Request | string, init?: RequestInit) {
    super(input, init)
  }

  get nextUrl(): NextURL {
    return (this.#nextUrl ??= new NextURL(this.url))
  }

  get cookies(): RequestCookies {
    return (this.#cookies ??= new RequestCookies(this.headers))
  }

  get [BRAND](): true {
    return true
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    if (this !== NextRequest) return Function.prototype[Symbol.hasInstance].call(this, value)
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true
  }
}
