// Runs proxy.ts (or middleware.ts) for a request its matcher takes, and reads its answer as
// `next start` does (server/lib/router-utils/resolve-routes.ts, the 'middleware' route):
// - x-middleware-override-headers: the route's request headers become the ones given to
//   NextResponse.next/rewrite({ request: { headers } });
// - every other header of the proxy's response goes onto the final response (replacing one
//   next.config's headers() set) and onto the request;
// - x-middleware-rewrite: serve that URL instead (a path here, or another origin, proxied);
// - Location with a redirect status: a redirect, relative when it points at this origin;
// - anything else that is not NextResponse.next(): that response is the answer.
// The proxy gets a NextRequest without a body (Slugline does not buffer request bodies for it).
import { NextRequest } from '../compat/next-request.ts'
import { MIDDLEWARE_NEXT_HEADER, MIDDLEWARE_REWRITE_HEADER, OVERRIDE_HEADERS, REQUEST_HEADER_PREFIX } from '../compat/next-response.ts'
import { appendNodeHeaders } from '../runtime/app/mirrored-headers.ts'
import type { ProxyMatcher } from './proxy-manifest.ts'
import { createProxyMatch } from './proxy-matcher.ts'
import type { ProxyResult, ProxyStage } from './proxy-stage.ts'
import type { HeaderMap, ResponseHeaders, StageRequest } from './types.ts'

export type ProxyFunction = (request: NextRequest, event: ProxyEvent) => unknown

/** The second argument Next.js passes (NextFetchEvent): `waitUntil` keeps work going after
 *  the answer; a promise that fails is logged. */
export interface ProxyEvent {
  readonly sourcePage: string
  waitUntil(promise: Promise<unknown>): void
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])
/** Headers of the proxy's response that never reach the client or the route. */
const SKIPPED = new Set(['content-length', 'x-middleware-rewrite', 'x-middleware-redirect', 'x-middleware-refresh', 'x-middleware-next', OVERRIDE_HEADERS, 'x-middleware-set-cookie'])

export interface ProxyModule {
  /** The function to run (the file's `proxy`/`middleware` export, or its default). */
  fn: ProxyFunction
  matchers: ProxyMatcher[] | null
}

export interface ProxyStageOptions {
  file: string
  basePath: string
  /** The module, loaded (and in dev reloaded) on demand; matchers come with it. */
  load(): Promise<ProxyModule>
  /** For dev: the matchers now, before the module loads (null: load first). */
  currentMatchers?(): ProxyMatcher[] | null | undefined
}

/** Next.js's getRelativeURL: the URL relative to the request's origin when it shares it. */
function relativeTo(url: string, base: string): string {
  const b = new URL(base)
  const u = new URL(url, b)
  return u.origin === b.origin ? u.href.slice(u.origin.length) : u.href
}

function toNodeHeaders(headers: Headers): ResponseHeaders {
  const out: ResponseHeaders = {}
  for (const [k, v] of headers) if (k !== 'set-cookie') out[k] = v
  const cookies = headers.getSetCookie()
  if (cookies.length > 0) out['set-cookie'] = cookies
  return out
}

/** Runs the proxy; its `matches` is the pipeline's business (lazy-proxy-stage.ts). */
export function createProxyStage(options: ProxyStageOptions, matchers: ProxyMatcher[] | null): ProxyStage {
  const match = createProxyMatch(matchers)
  const { basePath } = options

  function event(): ProxyEvent {
    return {
      sourcePage: '/proxy',
      waitUntil(promise) {
        Promise.resolve(promise).catch((err) => console.error(`An error occurred in a promise passed to waitUntil() in ${options.file}:`, err))
      },
    }
  }

  return {
    matches: match,

    async run(req, configHeaders): Promise<ProxyResult> {
      const mod = await options.load()
      const href = req.href()
      const request = new NextRequest(href, { method: req.method, nextConfig: { basePath } })
      // Appended after construction rather than passed in the init: one copy fewer
      // (src/runtime/app/to-web-request.ts measured 8.6 us against 13.5 us).
      appendNodeHeaders(request.headers, req.headers)
      let answer: unknown
      try {
        answer = await mod.fn(request, event())
      } catch (error) {
        console.error(`Error in ${options.file}:`, error)
        return { kind: 'done', outcome: { kind: 'error', error, headers: null } }
      }
      if (answer === undefined || answer === null) return { kind: 'continue', headers: configHeaders, requestHeaders: null, rewrite: null }
      if (!(answer instanceof Response)) {
        const error = new TypeError(`${options.file} returned ${typeof answer}: expected an instance of Response (or nothing)`)
        console.error(error.message)
        return { kind: 'done', outcome: { kind: 'error', error, headers: null } }
      }
      return read(answer, req, href, configHeaders)
    },
  }

  function read(response: Response, req: StageRequest, href: string, configHeaders: ResponseHeaders | null): ProxyResult {
    const h = response.headers
    let requestHeaders: HeaderMap | null = null
    const override = h.get(OVERRIDE_HEADERS)
    if (override !== null) {
      requestHeaders = {}
      for (const key of override.split(',').map((k) => k.trim())) {
        if (key === '') continue
        const value = h.get(REQUEST_HEADER_PREFIX + key)
        if (value !== null) requestHeaders[key] = value
      }
    }
    const headers: ResponseHeaders = { ...configHeaders }
    for (const [key, value] of Object.entries(toNodeHeaders(h))) {
      if (SKIPPED.has(key) || key.startsWith(REQUEST_HEADER_PREFIX)) continue
      headers[key] = value
      ;(requestHeaders ??= { ...req.headers })[key] = value
    }
    const rewrite = h.get(MIDDLEWARE_REWRITE_HEADER)
    if (rewrite !== null) {
      const target = relativeTo(rewrite, href)
      response.body?.cancel().catch(() => {})
      if (!target.startsWith('/')) return { kind: 'done', outcome: { kind: 'external', url: target, headers, requestHeaders } }
      const q = target.indexOf('?')
      const hash = target.indexOf('#')
      const end = hash === -1 ? target.length : hash
      return {
        kind: 'continue',
        headers,
        requestHeaders,
        rewrite: { path: q === -1 || q > end ? target.slice(0, end) : target.slice(0, q), search: q === -1 || q > end ? '' : target.slice(q + 1, end) },
      }
    }
    const location = h.get('location')
    if (location !== null && REDIRECT_STATUSES.has(response.status)) {
      response.body?.cancel().catch(() => {})
      delete headers.location
      return { kind: 'done', outcome: { kind: 'redirect', status: response.status, location: relativeTo(location, href), headers } }
    }
    if (h.get(MIDDLEWARE_NEXT_HEADER) === '1') return { kind: 'continue', headers, requestHeaders, rewrite: null }
    return { kind: 'done', outcome: { kind: 'response', response, headers } }
  }
}
