// The Request an app route handler gets is the runtime's own, as it came. Next.js hands every
// route handler a NextRequest whatever type it declares, so the runtime's Request class is
// given NextRequest's `nextUrl` and `cookies` (built on first read, kept per request) and its
// brand (`instanceof NextRequest` holds), once per process, as non-enumerable getters on
// Request.prototype: nothing per request (defining them on each request cost ~7% of an app
// route's time on Bun, profiled). A class that already has a property of the name keeps it.
import { RequestCookies } from '../../compat/cookies.ts'
import { NextURL } from '../../compat/next-request.ts'

const BRAND = Symbol.for('slugline.NextRequest')
const NEXT_URL = Symbol('nextUrl')
const COOKIES = Symbol('cookies')

type Cached = Request & { [NEXT_URL]?: NextURL; [COOKIES]?: RequestCookies }

const GETTERS: Record<string | symbol, PropertyDescriptor> = {
  nextUrl: {
    configurable: true,
    get(this: Cached): NextURL {
      return (this[NEXT_URL] ??= new NextURL(this.url))
    },
  },
  cookies: {
    configurable: true,
    get(this: Cached): RequestCookies {
      return (this[COOKIES] ??= new RequestCookies(this.headers))
    },
  },
  [BRAND]: { configurable: true, get: () => true },
}

/** Gives the runtime's Request class NextRequest's fields; once per process. */
export function installNextRequestFields(RequestClass: typeof Request = globalThis.Request): void {
  const proto = RequestClass.prototype
  for (const key of Reflect.ownKeys(GETTERS)) if (!(key in proto)) Object.defineProperty(proto, key, GETTERS[key as string]!)
}
