// The Request an app route handler gets is the runtime's own, as it came; it is given
// NextRequest's `nextUrl` and `cookies` (and its brand, so `instanceof NextRequest` holds) as
// lazy getters, since Next.js hands every route handler a NextRequest whatever type it declares.
// One Object.defineProperties call per request with shared descriptors: no closure, no copy.
import { RequestCookies } from '../../compat/cookies.ts'
import { NextURL } from '../../compat/next-request.ts'

const BRAND = Symbol.for('slugline.NextRequest')

function cache<T>(self: object, name: string, value: T): T {
  Object.defineProperty(self, name, { value, configurable: true, writable: true })
  return value
}

const NEXT_REQUEST: PropertyDescriptorMap = {
  nextUrl: {
    configurable: true,
    get(this: Request): NextURL {
      return cache(this, 'nextUrl', new NextURL(this.url))
    },
  },
  cookies: {
    configurable: true,
    get(this: Request): RequestCookies {
      return cache(this, 'cookies', new RequestCookies(this.headers))
    },
  },
  [BRAND]: { configurable: true, value: true },
}

/** Gives `request` NextRequest's fields, in place; returns it. */
export function asNextRequest(request: Request): Request {
  if (!(BRAND in request)) Object.defineProperties(request, NEXT_REQUEST)
  return request
}
