// The shapes the pipeline stages share. Nothing here knows node:http: a request is its path,
// query and headers, and each stage answers with plain data that the server (dispatch.ts) or
// any other adapter turns into a response.
import type { Query } from '../runtime/shared/query.ts'

/** Request headers as node:http gives them (lowercase names). */
export type HeaderMap = Record<string, string | string[] | undefined>

/** One request as the stages see it. `query` is parsed on first use. */
export interface StageRequest {
  method: string
  /** The path as requested (not decoded), with the basePath if any. */
  path: string
  /** The query string without its `?`. */
  search: string
  headers: HeaderMap
  query(): Query
  /** The request's absolute URL (`http://localhost:<port>/path?q`), for proxy.ts. */
  href(): string
}

/** Params taken from a matched source (path-to-regexp's) and has/missing conditions. */
export type RuleParams = Record<string, string | string[]>

/** Response headers collected from next.config headers() and proxy.ts, set before the answer. */
export type ResponseHeaders = Record<string, string | string[]>

/** What the pipeline decided for a request. */
export type Outcome =
  /** Serve a route: `routePath` is what the matcher sees (no basePath, no trailing slash). */
  | {
      kind: 'route'
      routePath: string
      /** What the handler's `req.url` / `request.url` shows: the requested path and query, or
       *  proxy.ts's rewrite, without the basePath (recorded from next start). */
      url: string
      /** The query a pages handler gets, when a rewrite changed it. */
      query: Query | undefined
      headers: ResponseHeaders | null
      requestHeaders: HeaderMap | null
    }
  | { kind: 'redirect'; status: number; location: string; headers: ResponseHeaders | null }
  /** A 500 (proxy.ts threw: Next.js answers its error page). The error is logged already. */
  | { kind: 'error'; error: unknown; headers: ResponseHeaders | null }
  /** Proxy the request to another origin. */
  | { kind: 'external'; url: string; headers: ResponseHeaders | null; requestHeaders: HeaderMap | null }
  /** proxy.ts answered itself. */
  | { kind: 'response'; response: Response; headers: ResponseHeaders | null }
  /** No route: 404. */
  | { kind: 'not-found'; headers: ResponseHeaders | null }
