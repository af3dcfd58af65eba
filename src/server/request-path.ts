// The request path shared by every front end: what a request target means (a 308 to the
// canonical path, a 400, a 404, or a route with its params) and how a pages/api handler runs
// on a Node-shaped req/res. createDispatcher (dispatch.ts, node:http) and the fetch adapter
// (src/adapters/fetch/dispatcher.ts) both use it; it loads neither node:http nor compression,
// so a fetch runtime (Bun, Deno, workerd) starts without them.
// Hot path: change with care, and re-run the benchmarks.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { BadRequestError } from '../errors.ts'
import type { Matcher, Params } from '../matcher/types.ts'
import type { Route } from '../routes/types.ts'
import { getRequestStorage } from '../runtime/app/request-context.ts'
import { runPagesHandler, type PagesModule, type PagesRunOptions } from '../runtime/pages/run-handler.ts'
import { normalizeSearch } from '../runtime/shared/normalize-search.ts'
import { isCanonical, rewritePath } from './canonical-path.ts'
import type { RouteModule } from './route-module.ts'

export interface ServerRoute extends Route {
  /** The module once loaded; until then `load` brings it in (for an app route, after
   *  app-runtime.ts's loadAppRuntime()). */
  mod: RouteModule | null
  load(): Promise<RouteModule>
}

/** What the request path makes of a request target, before any route code runs. */
export type Routed<R extends Route = ServerRoute> =
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'error'; readonly status: 400 | 404; readonly error: string }
  | RouteMatch<R>

export interface RouteMatch<R extends Route = ServerRoute> {
  readonly kind: 'route'
  readonly route: R
  readonly params: Params
  /** The raw query string, without `?` ('' for none). */
  readonly search: string
  /** The target in origin form (`/a?b`), the query as it came. */
  readonly url: string
  /** Where the `?` is in `url`, or -1. */
  readonly q: number
}

const BAD_REQUEST = Object.freeze({ kind: 'error', status: 400, error: 'Bad Request' } as const)
const NOT_FOUND = Object.freeze({ kind: 'error', status: 404, error: 'Not Found' } as const)

/** `http://host/a?b` (absolute-form request targets, sent to proxies) -> `/a?b`. */
export function originForm(url: string): string | null {
  if (url.charCodeAt(0) === 47) return url
  try {
    const u = new URL(url)
    return u.pathname + u.search
  } catch {
    return null
  }
}

/** The request path up to the route: a 308 to the canonical path, a 400 (a target that is no
 *  URL, a malformed escape), a 404, or the route with its params. */
export function routeRequest<R extends Route>(matcher: Matcher<R>, target: string): Routed<R> {
  const url = originForm(target)
  if (url === null) return BAD_REQUEST
  const q = url.indexOf('?')
  let path = q === -1 ? url : url.slice(0, q)
  const search = q === -1 ? '' : url.slice(q + 1)

  if (!isCanonical(path)) {
    const rewrite = rewritePath(path)
    if (rewrite.redirect) return { kind: 'redirect', location: rewrite.path + (q === -1 ? '' : url.slice(q)) }
    path = rewrite.path
  }

  let match
  try {
    match = matcher.match(path)
  } catch (err) {
    if (err instanceof BadRequestError) return BAD_REQUEST
    throw err
  }
  if (match === null) return NOT_FOUND
  return { kind: 'route', route: match.route, params: match.params, search, url, q }
}

/** The `req.url` a pages/api handler sees: the query string in the form Next.js gives it
 *  (normalize-search.ts). */
export function pagesUrl(routed: RouteMatch<Route>): string {
  return routed.q === -1 ? routed.url : routed.url.slice(0, routed.q) + normalizeSearch(routed.search)
}

/** Runs a pages/api handler on a Node-shaped req/res that already carries query and cookies,
 *  inside the request store when next/headers or after() is in use (request-context.ts). */
export function runPagesRoute(mod: PagesModule, req: IncomingMessage, res: ServerResponse, runOptions: PagesRunOptions): Promise<void> | undefined {
  const storage = getRequestStorage()
  return storage === undefined ? runPagesHandler(mod, req, res, runOptions) : storage.run({ response: res }, runPagesHandler, mod, req, res, runOptions)
}

/** A failure of ours (the runtimes answer the handlers' own): logged, 500 if nothing was sent. */
export function crashed(err: unknown, file: string, res: ServerResponse, dev: boolean): void {
  console.error(`Error while serving ${file}:`, err)
  if (!res.headersSent) {
    if (dev) sendJsonError(res, 500, err instanceof Error ? `${err.message}\n${err.stack}` : String(err))
    else {
      res.statusCode = 500
      res.end('Internal Server Error')
    }
  } else if (!res.writableEnded) res.end()
}

export function sendJsonError(res: ServerResponse, status: number, error: string): void {
  res.statusCode = status
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  res.end(`{"error":${JSON.stringify(error)}}`)
}

