// `NextRequest` from `next/server`: a Request with `nextUrl` and `cookies`. Both are built on
// first use (a handler that never reads them pays nothing), and the request runAppRoute hands
// to a handler is a subclass of this one, so `request.nextUrl` works whatever type the handler
// declares.
import { RequestCookies } from './cookies.ts'

/** `request.nextUrl`: the request URL. Under a next.config `basePath`, as in Next.js,
 *  `pathname` leaves the basePath out (and setting it puts it back), while `href` keeps it.
 *  No i18n: the locale fields keep their empty values. */
const PATHNAME = Object.getOwnPropertyDescriptor(URL.prototype, 'pathname')!

export class NextURL extends URL {
  readonly basePath: string
  readonly buildId: string | undefined = undefined
  readonly locale = ''
  readonly defaultLocale: string | undefined = undefined

  constructor(input: string | URL, base?: string | URL, options?: { basePath?: string }) {
    super(input, base)
    const basePath = options?.basePath ?? ''
    const path = PATHNAME.get!.call(this) as string
    this.basePath = basePath && (path === basePath || path.startsWith(basePath + '/')) ? basePath : ''
    // An own property, not an overriding accessor: @types/node declares `pathname` a property
    // of URL, and an accessor over it fails a project's type check of these declarations.
    if (this.basePath) {
      const prefix = this.basePath
      Object.defineProperty(this, 'pathname', {
        get: () => (PATHNAME.get!.call(this) as string).slice(prefix.length) || '/',
        set: (value: string) => PATHNAME.set!.call(this, prefix + value),
        enumerable: true,
        configurable: true,
      })
    }
  }

  clone(): NextURL {
    return new NextURL(this.href, undefined, { basePath: this.basePath })
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
  readonly #basePath: string

  constructor(input: URL | Request | string, init?: RequestInit & { nextConfig?: { basePath?: string } }) {
    super(input, init)
    this.#basePath = init?.nextConfig?.basePath ?? ''
  }

  get nextUrl(): NextURL {
    return (this.#nextUrl ??= new NextURL(this.url, undefined, { basePath: this.#basePath }))
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
