// node:http side of the pipeline (src/pipeline/): a StageRequest over the IncomingMessage, and
// each outcome written to the ServerResponse. Only apps with a next.config or a proxy.ts get
// here (dispatch.ts).
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Pipeline } from '../pipeline/create-pipeline.ts'
import type { HeaderMap, Outcome, StageRequest } from '../pipeline/types.ts'
import { requestHref } from '../runtime/app/request-url.ts'
import { writeWebResponse } from '../runtime/app/write-web-response.ts'
import { parseQuery, type Query } from '../runtime/shared/query.ts'
import { isCanonical, rewritePath } from './canonical-path.ts'
import { sendJsonError } from './request-path.ts'
import { proxyExternal } from './proxy-external.ts'

export interface PipelineHooks {
  serve(req: IncomingMessage, res: ServerResponse, path: string, url: string, q: number, rewriteQuery?: Query): void
  hasRoute(path: string, dynamic: boolean): boolean
  /** Answers 500; logs `err` unless it was already. */
  crashed(err: unknown, logged?: boolean): void
}

/** A path whose only fault is a trailing slash, kept with it (the pipeline's trailing-slash
 *  redirects decide); null for anything else non-canonical, which dispatch handles as always. */
export function keepsTrailingSlash(path: string): string | null {
  if (path.length < 2 || !path.endsWith('/')) return null
  const stripped = path.slice(0, -1)
  if (stripped.endsWith('/')) return null
  if (isCanonical(stripped)) return path
  const r = rewritePath(stripped)
  return r.redirect || r.path === '/' ? null : r.path + '/'
}

class NodeStageRequest implements StageRequest {
  readonly method: string
  readonly headers: HeaderMap
  #query: Query | undefined
  #href: string | undefined

  constructor(
    readonly req: IncomingMessage,
    readonly path: string,
    readonly search: string,
  ) {
    this.method = req.method ?? 'GET'
    this.headers = req.headers
  }

  query(): Query {
    return (this.#query ??= parseQuery(this.search))
  }

  href(): string {
    return (this.#href ??= requestHref(this.req))
  }
}

function apply(o: Outcome, req: IncomingMessage, res: ServerResponse, hooks: PipelineHooks): void {
  if (o.headers !== null) for (const key in o.headers) res.setHeader(key, o.headers[key]!)
  switch (o.kind) {
    case 'route': {
      if (o.requestHeaders !== null) req.headers = o.requestHeaders as IncomingMessage['headers']
      req.url = o.url
      return hooks.serve(req, res, o.routePath, o.url, o.url.indexOf('?'), o.query)
    }
    case 'error':
      return hooks.crashed(o.error, true)
    case 'redirect': {
      const headers: Record<string, string> = { Location: o.location }
      if (o.status === 308) headers.Refresh = `0;url=${o.location}`
      res.writeHead(o.status, headers)
      res.end(o.location)
      return
    }
    case 'not-found':
      return sendJsonError(res, 404, 'Not Found')
    case 'response':
      writeWebResponse(o.response, req, res).catch(hooks.crashed)
      return
    case 'external':
      if (o.requestHeaders !== null) req.headers = o.requestHeaders as IncomingMessage['headers']
      proxyExternal(o.url, req, res).catch(hooks.crashed)
      return
  }
}

export function runPipeline(pipeline: Pipeline, req: IncomingMessage, res: ServerResponse, path: string, search: string, hooks: PipelineHooks): void {
  let outcome: Outcome | Promise<Outcome>
  try {
    outcome = pipeline.resolve(new NodeStageRequest(req, path, search), hooks.hasRoute)
  } catch (err) {
    return hooks.crashed(err)
  }
  if (outcome instanceof Promise) {
    outcome.then(
      (o) => apply(o, req, res, hooks),
      (err) => hooks.crashed(err),
    )
  } else apply(outcome, req, res, hooks)
}
