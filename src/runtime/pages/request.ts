// `req` for pages/api handlers: Node's IncomingMessage plus Next.js's `query`, `cookies`,
// `body` and `env`. `query` and `cookies` are computed on first read, from fields the
// dispatcher sets, so a handler that never reads them never pays for parsing them.
// Getters live on the prototype (our server creates every request as this class): defining
// them per request with Object.defineProperty costs about +50% per request on a JSON route.
import { IncomingMessage } from 'node:http'
import type { Params } from '../../matcher/types.ts'
import { parseCookies } from '../shared/cookies.ts'
import { buildQuery, type Query } from '../shared/query.ts'

export { buildQuery }

export class SluglineRequest extends IncomingMessage {
  /** Set by the dispatcher: the raw query string (no `?`) and the route's params. */
  routeSearch = ''
  routeParams: Params | null = null
  body: any = undefined
  private parsedQuery: Query | undefined = undefined
  private parsedCookies: Record<string, string> | undefined = undefined

  get query(): Query {
    return (this.parsedQuery ??= buildQuery(this.routeSearch, this.routeParams))
  }
  set query(value: Query) {
    this.parsedQuery = value
  }

  get cookies(): Record<string, string> {
    return (this.parsedCookies ??= parseCookies(this.headers.cookie))
  }
  set cookies(value: Record<string, string>) {
    this.parsedCookies = value
  }

  get env(): NodeJS.ProcessEnv {
    return process.env
  }
}

/** Gives a request from someone else's server (createHandler mounted in Express or a plain
 *  node:http server) the same properties.
 *  A plain IncomingMessage gets them as data properties, computed now (as Next.js's own
 *  api-resolver assigns `req.query`): lazy getters made with Object.defineProperty per request
 *  made a JSON route cost ~3x as much (in-process, 22 vs 8 µs), and swapping the prototype for
 *  SluglineRequest's far more (90 µs: V8 drops what it knows about the prototype chain).
 *  Any other request keeps the own lazy getters: Express 5's request prototype has a `query`
 *  getter without a setter, which a plain assignment would throw on. */
export function adoptRequest(req: IncomingMessage, search: string, params: Params | null): void {
  // Express's body parsers may have filled req.body already; Next.js keeps a body it finds.
  if (!('body' in req)) (req as { body?: unknown }).body = undefined
  if (Object.getPrototypeOf(req) === IncomingMessage.prototype) {
    const adopted = req as IncomingMessage & { query: Query; cookies: Record<string, string>; env: NodeJS.ProcessEnv }
    adopted.query = buildQuery(search, params)
    adopted.cookies = parseCookies(req.headers.cookie)
    adopted.env = process.env
    return
  }
  let query: Query | undefined
  let cookies: Record<string, string> | undefined
  Object.defineProperty(req, 'query', {
    get: () => (query ??= buildQuery(search, params)),
    set: (v: Query) => (query = v),
    configurable: true,
    enumerable: true,
  })
  Object.defineProperty(req, 'cookies', {
    get: () => (cookies ??= parseCookies(req.headers.cookie)),
    set: (v: Record<string, string>) => (cookies = v),
    configurable: true,
    enumerable: true,
  })
  Object.defineProperty(req, 'env', { get: () => process.env, configurable: true })
}
