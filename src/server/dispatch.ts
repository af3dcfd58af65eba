// The request path: split the URL, redirect a non-canonical path, match, load the route's
// module on first use, and hand the request to the pages or app runtime. Everything that can
// be decided ahead of time (the table, the matcher, each module's config) already was.
// Hot path: change with care, and re-run the benchmarks.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { BadRequestError } from '../errors.ts'
import type { Matcher, Params } from '../matcher/types.ts'
import type { Route } from '../routes/types.ts'
import { compressResponse } from '../compression/compress-response.ts'
import { adoptRequest, SluglineRequest } from '../runtime/pages/request.ts'
import { adoptResponse, SluglineResponse } from '../runtime/pages/response.ts'
import { runPagesHandler } from '../runtime/pages/run-handler.ts'
import { normalizeSearch } from '../runtime/shared/normalize-search.ts'
import { getRequestStorage } from '../runtime/app/request-context.ts'
import { appRuntime } from './app-runtime.ts'
import { isCanonical, rewritePath } from './canonical-path.ts'
import { armDeadline } from './deadline.ts'
import type { RouteModule } from './route-module.ts'

export interface ServerRoute extends Route {
  /** The module once loaded; until then `load` brings it in (for an app route, after
   *  app-runtime.ts's loadAppRuntime()). */
  mod: RouteModule | null
  load(): Promise<RouteModule>
}

export interface DispatchOptions {
  dev: boolean
  /** Compress answers as `next start` does (compression/compress-response.ts). Default true. */
  compress?: boolean
}

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void

function sendJsonError(res: ServerResponse, status: number, error: string): void {
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
  const runOptions = { dev: options.dev }
  const compress = options.compress ?? true

  function run(route: ServerRoute, mod: RouteModule, req: IncomingMessage, res: ServerResponse, search: string, params: Params): void {
    if (mod.maxDurationMs !== 0) armDeadline(res, mod.maxDurationMs, route.file)
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

  return function dispatch(req, res) {
    const url = originForm(req.url ?? '/')
    if (url === null) return sendJsonError(res, 400, 'Bad Request')
    const q = url.indexOf('?')
    let path = q === -1 ? url : url.slice(0, q)
    const search = q === -1 ? '' : url.slice(q + 1)

    if (!isCanonical(path)) {
      const rewrite = rewritePath(path)
      if (rewrite.redirect) {
        const location = rewrite.path + (q === -1 ? '' : url.slice(q))
        // Refresh too, as Next.js sends it: clients that ignore 308 still follow.
        res.writeHead(308, { Location: location, Refresh: `0;url=${location}` })
        res.end(location)
        return
      }
      path = rewrite.path
    }

    let match
    try {
      match = matcher.match(path)
    } catch (err) {
      if (err instanceof BadRequestError) return sendJsonError(res, 400, 'Bad Request')
      throw err
    }
    if (match === null) return sendJsonError(res, 404, 'Not Found')

    const route = match.route
    // pages/api handlers get the query string in the form Next.js gives them (normalize-search.ts).
    if (q !== -1 && route.source === 'pages') req.url = url.slice(0, q) + normalizeSearch(search)
    if (route.mod !== null) return run(route, route.mod, req, res, search, match.params)
    const params = match.params
    route.load().then(
      (mod) => run(route, mod, req, res, search, params),
      (err) => crashed(err, route, res),
    )
  }
}
