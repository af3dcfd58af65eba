// The arguments of onRequestError, made from what each server has in hand: node's
// IncomingMessage (start, dev, createHandler, standalone, vercel) or a Web Request (the fetch
// adapters). Shapes as next start 16.4.6 passes them (test/fixtures/next-parity/instrumentation.json):
// `path` is the request target with its query, `headers` a plain object.
import type { IncomingMessage } from 'node:http'
import type { RouteSource } from '../routes/types.ts'
import type { ErrorReporter, RequestErrorContext, RequestErrorRequest } from './types.ts'

/** The route a failed request was served by: its source and pattern. */
export interface ErrorRoute {
  source: RouteSource
  pattern: string
}

export function toErrorContext(route: ErrorRoute): RequestErrorContext {
  return {
    routerKind: route.source === 'pages' ? 'Pages Router' : 'App Router',
    routePath: route.pattern,
    routeType: 'route',
    revalidateReason: undefined,
  }
}

export function fromNodeRequest(req: IncomingMessage): RequestErrorRequest {
  return { path: req.url ?? '/', method: req.method ?? 'GET', headers: { ...req.headers } }
}

export function fromWebRequest(request: Request): RequestErrorRequest {
  const url = new URL(request.url)
  const headers: Record<string, string> = {}
  request.headers.forEach((value, name) => (headers[name] = value))
  return { path: url.pathname + url.search, method: request.method, headers }
}

/** For a server holding a node request: report `error` for `route` through `report`. */
export function reportNodeRequestError(report: ErrorReporter, error: unknown, req: IncomingMessage, route: ErrorRoute): Promise<void> {
  return report(error, fromNodeRequest(req), toErrorContext(route))
}
