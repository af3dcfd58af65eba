// What runs before a route, top to bottom, in Next.js 16's order (server/lib/router-utils/
// resolve-routes.ts; https://nextjs.org/docs/app/api-reference/config/next-config-js/rewrites):
//
//   1. headers()     every matching rule adds its headers to the answer
//   2. redirects()   the first match answers (Next.js's trailing-slash redirects come first)
//   3. proxy.ts      when its matcher matches: answer, rewrite, or go on with changed headers
//   4. rewrites().beforeFiles   each match rewrites the path, one after the other
//   5. a static route for the path: serve it
//   6. rewrites().afterFiles    after each match, a route (static or dynamic) for the new path
//   7. a dynamic route for the path
//   8. rewrites().fallback      as afterFiles
//   9. 404
//
// The canonical-path checks (`//`, dot segments) ran before, in dispatch.ts. Built only for an
// app with a next.config or a proxy.ts; without both, dispatch never calls any of this.
import type { RoutingConfig, RewriteRule } from '../config/routing-config.ts'
import { parseQuery, type Query } from '../runtime/shared/query.ts'
import { compileNonPath, prepareDestination, stringifyRedirectQuery, type Destination } from './destination.ts'
import { compileRule, type CompiledRule } from './path-rule.ts'
import type { ProxyStage } from './proxy-stage.ts'
import type { HeaderMap, Outcome, ResponseHeaders, RuleParams, StageRequest } from './types.ts'

/** Whether a route serves `routePath`: static routes only (`dynamic` false), or any. */
export type RouteLookup = (routePath: string, dynamic: boolean) => boolean

export interface Pipeline {
  /** The outcome for a request; a promise only when proxy.ts runs for it. */
  resolve(req: StageRequest, lookup: RouteLookup): Outcome | Promise<Outcome>
  readonly routing: RoutingConfig
}

/** The routing config of an app with a proxy.ts but no next.config: Next.js's defaults. */
export function defaultRouting(): RoutingConfig {
  return {
    file: '(defaults)',
    basePath: '',
    trailingSlash: false,
    skipTrailingSlashRedirect: false,
    skipMiddlewareUrlNormalize: false,
    headers: [],
    redirects: [{ source: '/:path+/', destination: '/:path+', statusCode: 308, internal: true }],
    rewrites: { beforeFiles: [], afterFiles: [], fallback: [] },
    env: {},
    compress: true,
  }
}

const collapseSlashes = (p: string) => p.replace(/\/\/+/g, '/')

function addHeader(out: ResponseHeaders, key: string, value: string): void {
  if (key.toLowerCase() === 'set-cookie') {
    const prev = out[key]
    out[key] = prev === undefined ? [value] : Array.isArray(prev) ? [...prev, value] : [prev, value]
  } else out[key] = value
}

function searchOf(query: Query): string {
  return new URLSearchParams(
    Object.entries(query).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v] as [string, string]])),
  ).toString()
}

export function createPipeline(routing: RoutingConfig, proxy: ProxyStage | null): Pipeline {
  const { basePath, file } = routing
  const headerRules = routing.headers.map((r) => compileRule(r, 'header', basePath, file))
  const redirectRules = routing.redirects.map((r) => compileRule(r, 'redirect', basePath, file))
  const before = routing.rewrites.beforeFiles.map((r) => compileRule(r, 'rewrite', basePath, file))
  const after = routing.rewrites.afterFiles.map((r) => compileRule(r, 'rewrite', basePath, file))
  const fallback = routing.rewrites.fallback.map((r) => compileRule(r, 'rewrite', basePath, file))

  /** The path the route matcher sees: without the basePath (null when it is not there) and
   *  without a trailing slash (Next.js's file-system check ignores it). */
  function routePathOf(path: string): string | null {
    if (basePath) {
      if (path !== basePath && !path.startsWith(basePath + '/')) return null
      path = path.slice(basePath.length) || '/'
    }
    return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path
  }

  /** Mutable state of one request through the stages. */
  interface State {
    /** The request as the stages see it (the rewritten one after a proxy rewrite). */
    req: StageRequest
    path: string
    query: Query | null
    /** The target the handler sees as its URL (with the basePath, taken off at the end). */
    url: string
    headers: ResponseHeaders | null
    requestHeaders: HeaderMap | null
  }

  function routeOutcome(s: State, routePath: string): Outcome {
    let url = s.url
    if (basePath && (url === basePath || url.startsWith(basePath + '/') || url.startsWith(basePath + '?'))) url = url.slice(basePath.length)
    if (url === '' || url.charCodeAt(0) === 63 /* ? */) url = '/' + url
    return { kind: 'route', routePath, url, query: s.query ?? undefined, headers: s.headers, requestHeaders: s.requestHeaders }
  }

  function tryRoute(s: State, dynamic: boolean, lookup: RouteLookup): Outcome | null {
    const routePath = routePathOf(s.path)
    return routePath !== null && lookup(routePath, dynamic) ? routeOutcome(s, routePath) : null
  }

  /** Applies a rewrite; returns an outcome when the destination is external. */
  function rewrite(s: State, rule: CompiledRule<RewriteRule>, params: RuleParams): Outcome | null {
    const d: Destination = prepareDestination(rule.rule.destination, params, s.query ?? s.req.query(), true)
    if (d.origin !== null) {
      const search = searchOf(d.query)
      return { kind: 'external', url: `${d.origin}${d.pathname}${search ? '?' + search : ''}${d.hash}`, headers: null, requestHeaders: s.requestHeaders }
    }
    s.path = d.pathname
    s.query = d.query
    return null
  }

  function rewrites(s: State, rules: CompiledRule<RewriteRule>[], check: boolean, lookup: RouteLookup): Outcome | null {
    for (const rule of rules) {
      const params = rule.match(s.req, s.path)
      if (params === null) continue
      const external = rewrite(s, rule, params)
      if (external !== null) return external
      if (check) {
        const served = tryRoute(s, true, lookup)
        if (served !== null) return served
      }
    }
    return null
  }

  function afterProxy(s: State, lookup: RouteLookup): Outcome {
    return (
      rewrites(s, before, false, lookup) ??
      tryRoute(s, false, lookup) ??
      rewrites(s, after, true, lookup) ??
      tryRoute(s, true, lookup) ??
      rewrites(s, fallback, true, lookup) ?? { kind: 'not-found', headers: s.headers }
    )
  }

  return {
    routing,
    resolve(req, lookup) {
      const s: State = { req, path: req.path, query: null, url: req.search ? `${req.path}?${req.search}` : req.path, headers: null, requestHeaders: null }
      return enter(s, lookup, 0)
    },
  }

  /** Stages 1-3 for the request in `s`; again, for the new URL, after a proxy rewrite to a path
   *  of this app: recorded from next start, the rewritten request gets the headers() of its own
   *  path and runs through the proxy once more when its matcher takes the new path. */
  function enter(s: State, lookup: RouteLookup, depth: number): Outcome | Promise<Outcome> {
    const req = s.req
    for (const rule of headerRules) {
      const params = rule.match(req, s.path)
      if (params === null) continue
      const hasParams = Object.keys(params).length > 0
      s.headers ??= {}
      for (const h of rule.rule.headers) {
        addHeader(s.headers, hasParams ? compileNonPath(h.key, params) : h.key, hasParams ? compileNonPath(h.value, params) : h.value)
      }
    }

    for (const rule of redirectRules) {
      const params = rule.match(req, s.path)
      if (params === null) continue
      const query = s.query ?? req.query()
      const d = prepareDestination(rule.rule.destination, params, query, false)
      const search = stringifyRedirectQuery(d.query, query)
      const location = `${d.origin ?? ''}${collapseSlashes(d.pathname)}${search ? '?' + search : ''}${d.hash}`
      // Config redirects carry none of the headers() ones (Next.js answers them with resHeaders null).
      return { kind: 'redirect', status: rule.rule.statusCode, location, headers: null }
    }

    if (proxy !== null && proxy.matches(req, s.path)) {
      return proxy.run(req, s.headers).then((result) => {
        if (result.kind !== 'continue') return result.outcome
        s.headers = result.headers
        s.requestHeaders = result.requestHeaders
        if (result.rewrite === null) return afterProxy(s, lookup)
        // The proxy's URL as is: its path and query replace the request's, in req.url too.
        const { path, search } = result.rewrite
        s.path = path
        s.query = parseQuery(search)
        s.url = search ? `${path}?${search}` : path
        if (depth >= MAX_PROXY_REENTRIES) return afterProxy(s, lookup)
        s.req = rewrittenRequest(req, path, search, s.requestHeaders)
        return enter(s, lookup, depth + 1)
      })
    }
    return afterProxy(s, lookup)
  }
}

/** How many times a proxy rewrite may send a request through the stages again (Next.js stops
 *  a proxy that keeps calling itself after 5 subrequests). */
const MAX_PROXY_REENTRIES = 5

function rewrittenRequest(req: StageRequest, path: string, search: string, headers: HeaderMap | null): StageRequest {
  let query: Query | undefined
  let href: string | undefined
  return {
    method: req.method,
    path,
    search,
    headers: headers ?? req.headers,
    query: () => (query ??= parseQuery(search)),
    href: () => (href ??= new URL(req.href()).origin + path + (search ? '?' + search : '')),
  }
}
