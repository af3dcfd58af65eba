// `req` for pages/api handlers: Node's IncomingMessage plus Next.js's `query`, `cookies`,
// `body` and `env`. `query` and `cookies` are computed on first read, from fields the
// dispatcher sets, so a handler that never reads them never pays for parsing them.
// Getters live on the prototype (our server creates every request as this class): defining
// them per request with Object.defineProperty costs about +50% per request on a JSON route.
import { IncomingMessage } from 'node:http'
import type { Params } from '../../matcher/types.ts'
import { parseCookies } from '../shared/cookies.ts'
import { parseQuery, type Query } from '../shared/query.ts'

/** The query string parsed, with route params written over keys of the same name. */
export function buildQuery(search: string, params: Params | null): Query {
  // No query string (most API calls): the params object, made by the matcher for this request
  // alone and already in Next.js's order, is the query as it is; no copy.
  if (search.length === 0) return params ?? {}
  const query = parseQuery(search)
  if (params !== null) for (const key in params) query[key] = params[key]
  return query
}

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
 *  node:http server) the same properties, as own lazy properties. */
export function adoptRequest(req: IncomingMessage, search: string, params: Params | null): void {
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
  // Express's body parsers may have filled req.body already; Next.js keeps a body it finds.
  if (!('body' in req)) (req as { body?: unknown }).body = undefined
}
