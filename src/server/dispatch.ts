// The request path: split the URL, redirect a non-canonical path, then (for an app with a
// next.config or a proxy.ts only) the pipeline of src/pipeline/, then match, load the route's
// module on first use, and hand the request to the pages or app runtime. Everything that can
// be decided ahead of time (the table, the matcher, each module's config) already was.
// Hot path: change with care, and re-run the benchmarks. Without a pipeline the only cost of
// it is one null check per request.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { BadRequestError } from '../errors.ts'
import type { Matcher, Params } from '../matcher/types.ts'
import type { Route } from '../routes/types.ts'
import { adoptRequest, SluglineRequest } from '../runtime/pages/request.ts'
import { adoptResponse, SluglineResponse } from '../runtime/pages/response.ts'
import { runPagesHandler } from '../runtime/pages/run-handler.ts'
import { normalizeSearch } from '../runtime/shared/normalize-search.ts'
import type { Query } from '../runtime/shared/query.ts'
import { getRequestStorage } from '../runtime/app/request-context.ts'
import { appRuntime } from './app-runtime.ts'
import { isCanonical, rewritePath } from './canonical-path.ts'
import { armDeadline } from './deadline.ts'
import type { RouteModule } from './route-module.ts'
import type { Pipeline } from '../pipeline/create-pipeline.ts'
import { runPipeline, keepsTrailingSlash } from './run-pipeline.ts'

export interface ServerRoute extends Route {
  /** The module once loaded; until then `load` brings it in (for an app route, after
   *  app-runtime.ts's loadAppRuntime()). */
  mod: RouteModule | null
  load(): Promise<RouteModule>
}

export interface DispatchOptions {
  dev: boolean
  /** next.config routing and proxy.ts (src/pipeline/); null or absent: straight to the routes. */
  pipeline?: Pipeline | null
  /** The app's error hook (src/instrumentation), for every handler crash; awaited before the 500. */
  reportError?: (error: unknown, req: IncomingMessage, route: ServerRoute) => Promise<void>
}

type RunOptions = { dev: boolean; onError?: (error: unknown, req: IncomingMessage) => Promise<void> }

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void

export function sendJsonError(res: ServerResponse, status: number, error: string): void {
  res.statusCode = status
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  res.end(`{"error":${JSON.stringify(error)}}`)
}

/** `http://host/a?b` (absolute-form request targets, sent to proxies) -> `/a?b`. */
function originForm(url: string): string | null {
  if (url.charCodeAt(0) === 47) return url
  try {
    const u = new URL(url)
    return u.pathname + u.search
  } catch {
    return null
  }
}

export function createDispatcher(matcher: Matcher<ServerRoute>, options: DispatchOptions): RequestListener {
  const noHookOptions: RunOptions = { dev: options.dev }
  const { reportError } = options
  // With an error hook, each route's runtime options carry it, bound to the route (made once).
  const routeOptions = new Map<ServerRoute, RunOptions>()
  const optionsFor = (route: ServerRoute): RunOptions => {
    let found = routeOptions.get(route)
    if (found === undefined) routeOptions.set(route, (found = { dev: options.dev, onError: (error, req) => reportError!(error, req, route) }))
    return found
  }
  const pipeline = options.pipeline ?? null

  function run(route: ServerRoute, mod: RouteModule, req: IncomingMessage, res: ServerResponse, search: string, params: Params): void {
    if (mod.maxDurationMs !== 0) armDeadline(res, mod.maxDurationMs, route.file)
    const runOptions = reportError === undefined ? noHookOptions : optionsFor(route)
    let done: Promise<void> | undefined
    if (mod.source === 'pages') {
      if (req instanceof SluglineRequest) {
        req.routeSearch = search
        req.routeParams = params
      } else adoptRequest(req, search, params)
      if (!(res instanceof SluglineResponse)) adoptResponse(req, res)
      // The request store exists once next/headers or after() is in use (request-context.ts).
      const storage = getRequestStorage()
      done = storage === undefined ? runPagesHandler(mod.pages, req, res, runOptions) : storage.run({ response: res }, runPagesHandler, mod.pages, req, res, runOptions)
    } else {
      // Loaded with the route's module (ServerRoute.load): see app-runtime.ts.
      // A route without dynamic segments gets `await params === undefined`, as in Next.js.
      done = appRuntime().runAppRoute(mod.app, req, res, route.params.length === 0 ? undefined : params, runOptions)
    }
    // The runtimes answer their own errors; anything reaching here is a bug of ours. (A pages
    // request that finished synchronously returns no promise to watch.)
    if (done !== undefined) done.catch((err) => crashed(err, route, res))
  }

  function crashed(err: unknown, route: ServerRoute, res: ServerResponse): void {
    console.error(`Error while serving ${route.file}:`, err)
    if (!res.headersSent) {
      if (options.dev) sendJsonError(res, 500, err instanceof Error ? `${err.message}\n${err.stack}` : String(err))
      else {
        res.statusCode = 500
        res.end('Internal Server Error')
      }
    } else if (!res.writableEnded) res.end()
  }

  /** Matches `path` and runs its route; `url` is the origin-form target, `q` its `?` index;
   *  `rewriteQuery`, when given, is the pages handler's query in place of the URL's (a
   *  next.config rewrite adds to the query but leaves `req.url` as it was, as in Next.js). */
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
    // pages/api handlers get the query string in the form Next.js gives them (normalize-search.ts).
    if (q !== -1 && route.source === 'pages') req.url = url.slice(0, q) + normalizeSearch(urlSearch)
    if (route.mod !== null) return run(route, route.mod, req, res, search, params)
    route.load().then(
      (mod) => run(route, mod, req, res, search, params),
      // A module that fails to load: reported like a handler's crash (next start reports it for
      // an app route, not for a pages one; reporting both tells you more).
      (err) => (reportError === undefined ? crashed(err, route, res) : reportError(err, req, route).then(() => crashed(err, route, res))),
    )
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

  return function dispatch(req, res) {
    const url = originForm(req.url ?? '/')
    if (url === null) return sendJsonError(res, 400, 'Bad Request')
    const q = url.indexOf('?')
    let path = q === -1 ? url : url.slice(0, q)

    if (!isCanonical(path)) {
      // With a pipeline, a trailing slash is next.config's business (its trailing-slash redirects).
      const kept = pipeline === null ? null : keepsTrailingSlash(path)
      const rewrite = kept === null ? rewritePath(path) : { path: kept, redirect: false }
      if (rewrite.redirect) {
        const location = rewrite.path + (q === -1 ? '' : url.slice(q))
        // Refresh too, as Next.js sends it: clients that ignore 308 still follow.
        res.writeHead(308, { Location: location, Refresh: `0;url=${location}` })
        res.end(location)
        return
      }
      path = rewrite.path
    }

    if (pipeline !== null) return runPipeline(pipeline, req, res, path, q === -1 ? '' : url.slice(q + 1), { serve, hasRoute, crashed: (err, logged) => crashedInPipeline(err, res, logged === true) })
    serve(req, res, path, url, q)
  }

  function crashedInPipeline(err: unknown, res: ServerResponse, logged: boolean): void {
    if (!logged) console.error('Error while routing a request:', err)
    if (!res.headersSent) sendJsonError(res, 500, options.dev && err instanceof Error ? `${err.message}\n${err.stack}` : 'Internal Server Error')
    else if (!res.writableEnded) res.end()
  }
}
