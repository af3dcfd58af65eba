// Runs one request against an app route module (`app/**/route.ts`): picks the export for the
// method the way Next.js does (automatic HEAD and OPTIONS, 405 otherwise), calls it with a Web
// Request and `{ params }` (a Promise, Next.js 15+), and writes the Response it returns.
// Recorded Next.js 16 answers this follows: /v2 cases of the conformance golden file
// (405 with an empty body, `allow: DELETE, GET, HEAD, OPTIONS, POST`, HEAD without a body).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { MIDDLEWARE_NEXT_HEADER, MIDDLEWARE_REWRITE_HEADER } from '../../compat/next-response.ts'
import { installFastResponse, NativeResponse, takeFastBody } from './fast-response.ts'
import { deadlineExceeded } from '../shared/deadline.ts'
import { allowHeader, APP_ROUTE_METHODS, findAppHandler } from './methods.ts'
import { getRequestStorage, type RequestStore } from './request-context.ts'
import { toWebRequest } from './to-web-request.ts'
import { writeFastResponse, writeWebResponse } from './write-web-response.ts'

// Route bundles that use the App Router are loaded after this module (server/app-runtime.ts
// loads it first), so the Response they use is the FastResponse: see why in fast-response.ts.
installFastResponse()

export type RouteParams = Record<string, string | string[]>

export interface AppRouteOptions {
  /** Development: a failing handler's 500 carries `{ error, stack }` as JSON. */
  dev: boolean
  /** The app's error hook (instrumentation.ts onRequestError), awaited before the 500. */
  onError?: (error: unknown, req: IncomingMessage) => Promise<void>
}

export interface RouteContext {
  /** undefined for a route without dynamic segments, as in Next.js. */
  params: Promise<RouteParams | undefined>
}

/** Runs one request against a loaded route module; never rejects (errors become responses). */
export async function runAppRoute(
  mod: Record<string, unknown>,
  req: IncomingMessage,
  res: ServerResponse,
  params: RouteParams | undefined,
  options: AppRouteOptions,
): Promise<void> {
  const method = req.method ?? 'GET'
  try {
    // Next.js answers a method it does not know (TRACE, PROPFIND, ...) with an empty 400.
    if (!APP_ROUTE_METHODS.includes(method)) return sendEmpty(res, 400)
    const handler = findAppHandler(mod, method)
    if (handler === undefined) {
      if (method === 'OPTIONS') return sendEmpty(res, 204, { allow: allowHeader(mod) })
      return sendEmpty(res, 405)
    }

    const request = toWebRequest(req, res)
    const context: RouteContext = { params: Promise.resolve(params) }
    // The request store exists only once next/headers has been imported (see request-context.ts).
    const storage = getRequestStorage()
    const store: RequestStore | undefined = storage && { request, response: res }
    const response = await (store ? storage!.run(store, handler, request, context) : handler(request, context))
    // Answered 504 at its maxDuration (server/deadline.ts): the late response has nowhere to go.
    if (deadlineExceeded(res)) return discardUnreadBody(req)

    if (!(response instanceof NativeResponse)) {
      throw new Error(
        `No response is returned from route handler ${method} ${pathOf(req)}. ` +
          'Ensure you return a `Response` or a `NextResponse` in all branches of your handler.',
      )
    }
    // A kept body whose Headers nobody created has no header but its Content-Type.
    const fast = takeFastBody(response)
    const headers = fast === undefined ? response.headers : fast.headers
    if (headers !== undefined && headers.get(MIDDLEWARE_NEXT_HEADER) === '1') {
      throw new Error(
        `NextResponse.next() was returned by route handler ${method} ${pathOf(req)}: it only means ` +
          'something in middleware, and a route handler must return the response itself.',
      )
    }
    if (headers !== undefined && headers.has(MIDDLEWARE_REWRITE_HEADER)) {
      // Next.js's message (app-route module).
      throw new Error('NextResponse.rewrite() was used in a app route handler, this is not currently supported. Please remove the invocation to continue.')
    }
    if (fast !== undefined) writeFastResponse(response, fast, req, res, store?.setCookies)
    else await writeWebResponse(response, req, res, store?.setCookies)
  } catch (error) {
    if (options.onError !== undefined) await options.onError(error, req)
    sendError(error, res, options)
  }
  discardUnreadBody(req)
}

/** Node discards a request body nobody read, but not one a handler read only part of: that
 *  rest would stall the next request on a keep-alive connection. Drop the pull stream's
 *  listener (see toBodyStream) and let the rest flow away. */
function discardUnreadBody(req: IncomingMessage): void {
  // `complete`: the parser has the whole body (a GET has none), so nothing blocks the socket.
  if (req.complete || req.destroyed) return
  req.removeAllListeners('readable')
  req.resume()
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/'
  const q = url.indexOf('?')
  return q === -1 ? url : url.slice(0, q)
}

function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, headers)
  res.end()
}

/** A failed handler: logged with its stack; 500 with an empty body, or in dev `{ error, stack }`.
 *  If the failure came mid-stream, the status line is gone: the connection is cut instead, so
 *  the client sees a truncated response, not a complete-looking one. */
function sendError(error: unknown, res: ServerResponse, options: AppRouteOptions): void {
  console.error(error)
  if (res.headersSent) {
    res.destroy()
    return
  }
  for (const name of res.getHeaderNames()) res.removeHeader(name)
  res.statusMessage = ''
  if (!options.dev) return sendEmpty(res, 500)
  const body = JSON.stringify({
    error: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  })
  res.writeHead(500, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  res.end(body)
}
