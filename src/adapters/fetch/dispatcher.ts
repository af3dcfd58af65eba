// `createFetchDispatcher({ routes })`: the request path of src/server/dispatch.ts (canonical
// path, 308, 400, 404, match, load on first use) as a `(Request) => Promise<Response>`
// function, over routes whose modules the caller supplies: each route's `load()` returns its
// module (a dynamic import of a built file, or a module a bundle imported statically). No file
// system, no node:http: it runs on Bun, Deno, workerd and Node alike.
// - pages/api routes run on a Node-shaped req/res (node-request.ts, node-response.ts) through
//   the same runPagesRoute as `start`;
// - app routes get the Request as it came and return the runtime's own Response (app-route.ts).
import { startInstrumentation } from '../../instrumentation/load-instrumentation.ts'
import { fromNodeRequest, fromWebRequest, toErrorContext } from '../../instrumentation/request-error.ts'
import type { ErrorReporter } from '../../instrumentation/types.ts'
import { createMatcher } from '../../matcher/create-matcher.ts'
import type { Route } from '../../routes/types.ts'
import { crashed, pagesUrl, routeRequest, runPagesRoute } from '../../server/request-path.ts'
import { armDeadline } from '../../server/deadline.ts'
import { LazyRoute } from '../../server/lazy-route.ts'
import type { RouteModule } from '../../server/route-module.ts'
import { runFetchAppRoute } from './app-route.ts'
import { bodyFor } from './body.ts'
import { standardResponseJson } from './bun-json.ts'
import { NativeResponse } from './native-response.ts'
import { installNextRequestFields } from './next-request.ts'
import { FetchIncomingMessage } from './node-request.ts'
import { FetchServerResponse } from './node-response.ts'

/** A route of the table (a `.slugline/manifest.json` entry: file, pattern, source, segments,
 *  kind, params) with its module supplied by the caller. */
export interface FetchRoute extends Route {
  /** The route's module namespace (`import * as mod`); called once, on the first request. */
  load(): Promise<Record<string, unknown>>
}

export interface FetchDispatcherOptions {
  /** The route table in precedence order, as the manifest lists it. */
  routes: readonly FetchRoute[]
  /** Answer crashes with their message and stack. Default false. */
  dev?: boolean
  /** The app's `instrumentation.ts` (the manifest's `instrumentation.file`) and its module:
   *  register() runs before the first request is served, onRequestError hears every crash. */
  instrumentation?: { file: string; load(): Promise<Record<string, unknown>> }
}

/**
 * A fetch handler. The second argument is what the runtime passes beside the Request, used for
 * `req.socket.remoteAddress` in pages/api routes: Bun's `server` (its `requestIP(request)`),
 * Deno's `info` (`info.remoteAddr.hostname`), or `{ remoteAddress }`.
 */
export type FetchHandler = (request: Request, info?: unknown) => Promise<Response>

class SuppliedRoute extends LazyRoute {
  readonly #supplied: FetchRoute

  constructor(route: FetchRoute) {
    super(route)
    this.#supplied = route
  }

  protected loadNamespace(): Promise<Record<string, unknown>> {
    return this.#supplied.load()
  }
}

function jsonError(status: number, error: string): Response {
  return new NativeResponse(bodyFor(`{"error":${JSON.stringify(error)}}`, true), { status, headers: { 'content-type': 'application/json; charset=utf-8' } })
}

/** The path and query of an absolute URL (`http://h:1/a?b` -> `/a?b`). */
function targetOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2)
  return start === -1 ? '/' : url.slice(start)
}


/** An app route's maxDuration (server/deadline.ts): past it, a 504 as `start` answers it. */
function withDeadline(answer: Promise<Response>, ms: number, file: string): Promise<Response> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<Response>((resolve) => {
    timer = setTimeout(() => {
      console.error(`Error: ${file} did not finish within its maxDuration of ${ms / 1000} s; answered 504.`)
      resolve(new NativeResponse('{"error":"Gateway Timeout"}', { status: 504, headers: { 'content-type': 'application/json; charset=utf-8' } }))
    }, ms)
  })
  return Promise.race([answer, late]).finally(() => clearTimeout(timer))
}

export function createFetchDispatcher(options: FetchDispatcherOptions): FetchHandler {
  const dev = options.dev ?? false
  const runOptions = { dev }
  // The error hook: started on the first request (which waits for register()), as `start`
  // does before listening. A register() that fails answers every request 500, logged once.
  let report: ErrorReporter | undefined
  let instrumented: Promise<void> | undefined
  const { instrumentation } = options
  if (instrumentation !== undefined) {
    instrumented = instrumentation
      .load()
      .then((ns) => startInstrumentation(ns, instrumentation.file))
      .then((r) => void (report = r))
    instrumented.catch((err: Error) => console.error(`Error: ${err.message}. Every request answers 500.`, err.cause ?? ''))
  }
  const reportFor = (route: SuppliedRoute) => ({
    pages: (error: unknown, req: unknown) => (report === undefined ? Promise.resolve() : report(error, fromNodeRequest(req as never), toErrorContext(route))),
    app: (error: unknown, request: Request) => (report === undefined ? Promise.resolve() : report(error, fromWebRequest(request), toErrorContext(route))),
  })
  const hooks = new Map<SuppliedRoute, ReturnType<typeof reportFor>>()
  const hooksOf = (route: SuppliedRoute) => {
    let found = hooks.get(route)
    if (found === undefined) hooks.set(route, (found = reportFor(route)))
    return found
  }
  const matcher = createMatcher(options.routes.map((r) => new SuppliedRoute(r)))
  standardResponseJson()
  installNextRequestFields()

  async function runPages(route: SuppliedRoute, mod: RouteModule & { source: 'pages' }, request: Request, url: string, search: string, params: Record<string, string | string[]>, info: unknown): Promise<Response> {
    const req = new FetchIncomingMessage(request, url, info)
    req.routeSearch = search
    req.routeParams = params
    const res = new FetchServerResponse(req)
    if (mod.maxDurationMs !== 0) armDeadline(res as never, mod.maxDurationMs, route.file)
    const done = runPagesRoute(mod.pages, req as never, res as never, report === undefined ? runOptions : { dev, onError: hooksOf(route).pages })
    if (done !== undefined) done.catch((err) => crashed(err, route.file, res as never, dev))
    return res.response
  }

  return async function fetchHandler(request: Request, info?: unknown): Promise<Response> {
    if (instrumented !== undefined) {
      try {
        await instrumented
      } catch {
        return new NativeResponse(bodyFor('Internal Server Error', false), { status: 500 })
      }
      instrumented = undefined
    }
    const routed = routeRequest(matcher, targetOf(request.url))
    if (routed.kind === 'error') return jsonError(routed.status, routed.error)
    if (routed.kind === 'redirect') {
      // Refresh too, as Next.js sends it: clients that ignore 308 still follow.
      return new NativeResponse(bodyFor(routed.location, false), { status: 308, headers: { location: routed.location, refresh: `0;url=${routed.location}` } })
    }
    const route = routed.route
    let mod: RouteModule
    try {
      mod = route.mod ?? (await route.load())
    } catch (err) {
      if (report !== undefined) await hooksOf(route).app(err, request)
      console.error(`Error while serving ${route.file}:`, err)
      return dev ? jsonError(500, err instanceof Error ? `${err.message}\n${err.stack}` : String(err)) : new NativeResponse(bodyFor('Internal Server Error', false), { status: 500 })
    }
    if (mod.source === 'pages') return runPages(route, mod, request, pagesUrl(routed), routed.search, routed.params, info)
    // A route without dynamic segments gets `await params === undefined`, as in Next.js.
    const answer = runFetchAppRoute(mod.app, request, route.params.length === 0 ? undefined : routed.params, dev, report === undefined ? undefined : hooksOf(route).app)
    return mod.maxDurationMs === 0 ? answer : withDeadline(answer, mod.maxDurationMs, route.file)
  }
}
