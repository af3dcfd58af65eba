// The request path: split the URL, redirect a non-canonical path, match, load the route's
// module on first use, and hand the request to the pages or app runtime. Everything that can
// be decided ahead of time (the table, the matcher, each module's config) already was.
// Hot path: change with care, and re-run the benchmarks. An app with a next.config or a
// proxy.ts goes through the pipeline of src/pipeline/ instead (dispatchWithPipeline); for the
// others its only cost is one null check per request.
//
// Two front ends share it: createDispatcher (node:http's req/res, below) and the fetch adapter
// (src/adapters/fetch/dispatcher.ts, a Request in and a Response out). Both ask routeRequest
// (request-path.ts) what a URL means and run pages/api handlers through runPagesRoute; only how
// an answer is written differs.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Matcher, Params } from '../matcher/types.ts'
import type { Route } from '../routes/types.ts'
import { compressResponse } from '../compression/compress-response.ts'
import { adoptRequest, SluglineRequest } from '../runtime/pages/request.ts'
import { adoptResponse, SluglineResponse } from '../runtime/pages/response.ts'
import { appRuntime } from './app-runtime.ts'
import { armDeadline } from './deadline.ts'
import type { RouteModule } from './route-module.ts'
import type { Pipeline } from '../pipeline/create-pipeline.ts'
import type { Query } from '../runtime/shared/query.ts'
import { keepsTrailingSlash, runPipeline } from './run-pipeline.ts'
import { crashed, originForm, pagesUrl, routeRequest, runPagesRoute, sendJsonError, type ServerRoute } from './request-path.ts'
import { BadRequestError } from '../errors.ts'
import { normalizeSearch } from '../runtime/shared/normalize-search.ts'
import { isCanonical, rewritePath } from './canonical-path.ts'

// The request path itself lives in request-path.ts (no node:http, no compression), for the fetch
// adapters to load without them; re-exported here for what imported it from this file.
export { crashed, pagesUrl, routeRequest, runPagesRoute, type RouteMatch, type Routed, type ServerRoute } from './request-path.ts'

export interface DispatchOptions {
  dev: boolean
  /** The app's error hook (src/instrumentation), for every handler crash; awaited before the 500. */
  reportError?: (error: unknown, req: IncomingMessage, route: ServerRoute) => Promise<void>
  /** Compress answers as `next start` does (compression/compress-response.ts). Default true. */
  compress?: boolean
  /** next.config routing and proxy.ts (src/pipeline/); null or absent: straight to the routes.
   *  (node:http only: the fetch adapter's routeRequest does not run it.) */
  pipeline?: Pipeline | null
}

type RunOptions = { dev: boolean; onError?: (error: unknown, req: IncomingMessage) => Promise<void> }

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void

export function createDispatcher(matcher: Matcher<ServerRoute>, options: DispatchOptions): RequestListener {
  const noHookOptions: RunOptions = { dev: options.dev }
  const { reportError } = options
  const compress = options.compress ?? true
  const pipeline = options.pipeline ?? null
  // With an error hook, each route's runtime options carry it, bound to the route (made once).
  const routeOptions = new Map<ServerRoute, RunOptions>()
  const optionsFor = (route: ServerRoute): RunOptions => {
    let found = routeOptions.get(route)
    if (found === undefined) routeOptions.set(route, (found = { dev: options.dev, onError: (error, req) => reportError!(error, req, route) }))
    return found
  }

  function run(route: ServerRoute, mod: RouteModule, req: IncomingMessage, res: ServerResponse, search: string, params: Params): void {
    if (mod.maxDurationMs !== 0) armDeadline(res, mod.maxDurationMs, route.file)
    const runOptions = reportError === undefined ? noHookOptions : optionsFor(route)
    // A client that sends no Accept-Encoding costs one header read here.
    if (compress) {
      const accept = req.headers['accept-encoding']
      if (accept !== undefined) compressResponse(req, res, accept)
    }
    let done: Promise<void> | undefined
    if (mod.source === 'pages') {
      if (req instanceof SluglineRequest) {
        req.routeSearch = search
        req.routeParams = params
      } else adoptRequest(req, search, params)
      if (!(res instanceof SluglineResponse)) adoptResponse(req, res)
      else if (compress) res.chunkedEnd = true
      done = runPagesRoute(mod.pages, req, res, runOptions)
    } else {
      // Loaded with the route's module (ServerRoute.load): see app-runtime.ts.
      // A route without dynamic segments gets `await params === undefined`, as in Next.js.
      done = appRuntime().runAppRoute(mod.app, req, res, route.params.length === 0 ? undefined : params, runOptions)
    }
    // The runtimes answer their own errors; anything reaching here is a bug of ours. (A pages
    // request that finished synchronously returns no promise to watch.)
    if (done !== undefined) done.catch((err) => crashed(err, route.file, res, options.dev))
  }

  function loadAndRun(route: ServerRoute, req: IncomingMessage, res: ServerResponse, search: string, params: Params): void {
    route.load().then(
      (mod) => run(route, mod, req, res, search, params),
      // A module that fails to load: reported like a handler's crash (next start reports it for
      // an app route, not for a pages one; reporting both tells you more).
      (err) => (reportError === undefined ? crashed(err, route.file, res, options.dev) : reportError(err, req, route).then(() => crashed(err, route.file, res, options.dev))),
    )
  }

  /** The pipeline's route stage: matches `path` and runs its route; `url` is the target the
   *  handler sees, `q` its `?` index; `rewriteQuery`, when given, is the pages handler's query
   *  in place of the URL's (a next.config rewrite adds to the query but leaves `req.url` as it
   *  was, as in Next.js). */
  function serve(req: IncomingMessage, res: ServerResponse, path: string, url: string, q: number, rewriteQuery?: Query): void {
    let match
    try {
      match = matcher.match(path)
    } catch (err) {
      if (err instanceof BadRequestError) return sendJsonError(res, 400, 'Bad Request')
      throw err
    }
    if (match === null) return sendJsonError(res, 404, 'Not Found')
    const route = match.route
    const urlSearch = q === -1 ? '' : url.slice(q + 1)
    let search = urlSearch
    let params = match.params
    // The rewritten query under the route's params, in Next.js's order (query, then params).
    if (rewriteQuery !== undefined && route.source === 'pages') {
      params = Object.assign({}, rewriteQuery, params)
      search = ''
    }
    if (q !== -1 && route.source === 'pages') req.url = url.slice(0, q) + normalizeSearch(urlSearch)
    if (route.mod !== null) return run(route, route.mod, req, res, search, params)
    loadAndRun(route, req, res, search, params)
  }

  /** For the pipeline: whether a route serves `path` (a static one only, unless `dynamic`). */
  function hasRoute(path: string, dynamic: boolean): boolean {
    try {
      const match = matcher.match(path)
      return match !== null && (dynamic || match.route.params.length === 0)
    } catch {
      return true // a malformed escape: the route stage answers 400
    }
  }

  function crashedInPipeline(err: unknown, res: ServerResponse, logged: boolean): void {
    if (!logged) console.error('Error while routing a request:', err)
    if (!res.headersSent) sendJsonError(res, 500, options.dev && err instanceof Error ? `${err.message}\n${err.stack}` : 'Internal Server Error')
    else if (!res.writableEnded) res.end()
  }

  /** The canonical-path checks, then the pipeline (a trailing slash is next.config's business:
   *  its trailing-slash redirects). */
  function dispatchWithPipeline(p: Pipeline, req: IncomingMessage, res: ServerResponse): void {
    const url = originForm(req.url ?? '/')
    if (url === null) return sendJsonError(res, 400, 'Bad Request')
    const q = url.indexOf('?')
    let path = q === -1 ? url : url.slice(0, q)
    if (!isCanonical(path)) {
      const kept = keepsTrailingSlash(path)
      const rewrite = kept === null ? rewritePath(path) : { path: kept, redirect: false }
      if (rewrite.redirect) {
        const location = rewrite.path + (q === -1 ? '' : url.slice(q))
        res.writeHead(308, { Location: location, Refresh: `0;url=${location}` })
        res.end(location)
        return
      }
      path = rewrite.path
    }
    runPipeline(p, req, res, path, q === -1 ? '' : url.slice(q + 1), { serve, hasRoute, crashed: (err, logged) => crashedInPipeline(err, res, logged === true) })
  }

  return function dispatch(req, res) {
    if (pipeline !== null) return dispatchWithPipeline(pipeline, req, res)
    const routed = routeRequest(matcher, req.url ?? '/')
    if (routed.kind !== 'route') {
      if (routed.kind === 'error') return sendJsonError(res, routed.status, routed.error)
      // Refresh too, as Next.js sends it: clients that ignore 308 still follow.
      res.writeHead(308, { Location: routed.location, Refresh: `0;url=${routed.location}` })
      res.end(routed.location)
      return
    }
    const route = routed.route
    if (routed.q !== -1 && route.source === 'pages') req.url = pagesUrl(routed)
    if (route.mod !== null) return run(route, route.mod, req, res, routed.search, routed.params)
    route.load().then(
      (mod) => run(route, mod, req, res, routed.search, routed.params),
      // A module that fails to load: reported like a handler's crash (next start reports it for
      // an app route, not for a pages one; reporting both tells you more).
      (err) => (reportError === undefined ? crashed(err, route.file, res, options.dev) : reportError(err, req, route).then(() => crashed(err, route.file, res, options.dev))),
    )
  }
}
