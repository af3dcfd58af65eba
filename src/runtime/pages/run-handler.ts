// Runs one pages/api request: body parsing, the handler, and Next.js's answers when things go
// wrong (next/src/server/api-utils/node/api-resolver.ts): ApiErrors become their status and
// message, any other throw a plain `500 Internal Server Error` with the error logged, and a
// handler that returns without answering gets Next.js's "resolved without sending" warning.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { deadlineExceeded } from '../shared/deadline.ts'
import { parseBody } from '../shared/parse-body.ts'
import { ApiError } from '../shared/read-body.ts'
import type { PagesRouteConfig } from './config.ts'
import { sendError } from './send.ts'

export interface PagesModule {
  handler: (req: any, res: any) => unknown
  config: PagesRouteConfig
}

export interface PagesRunOptions {
  /** Development answers a crash with its message and stack; production never shows them. */
  dev: boolean
  /** The app's error hook (instrumentation.ts onRequestError), awaited before the answer as
   *  Next.js does; called for ApiErrors too (recorded: test/fixtures/next-parity/instrumentation.json). */
  onError?: (error: unknown, req: IncomingMessage) => Promise<void>
}

type Req = IncomingMessage & { body?: unknown }

/** Runs the handler. Returns a Promise only when something is still to come (a body to read, an
 *  async handler); a synchronous handler on a request without a body (every GET) finishes in
 *  this call and returns undefined, so it allocates no promise and queues no microtask. */
export function runPagesHandler(mod: PagesModule, req: Req, res: ServerResponse, options: PagesRunOptions): Promise<void> | undefined {
  const { config } = mod
  // Slugline's own responses (SluglineResponse, the fetch adapter's) warn past the limit. A
  // property check, not instanceof: this file must not load node:http (request-path.ts).
  if ('responseLimit' in res) (res as { responseLimit: number }).responseLimit = config.responseLimit
  // Body parsing is synchronous for a request without a body; keep that path free of awaits.
  if (config.bodyLimit !== null && req.body === undefined) {
    let body: unknown
    try {
      body = parseBody(req, config.bodyLimit)
    } catch (err) {
      return fail(err, req, res, options)
    }
    if (body instanceof Promise) {
      return body.then(
        (value) => {
          req.body = value
          return call(mod, req, res, options)
        },
        (err) => fail(err, req, res, options),
      )
    }
    req.body = body
  }
  return call(mod, req, res, options)
}

function call(mod: PagesModule, req: Req, res: ServerResponse, options: PagesRunOptions): Promise<void> | undefined {
  let result: unknown
  try {
    result = mod.handler(req, res)
  } catch (err) {
    return fail(err, req, res, options)
  }
  if (result instanceof Promise || (result !== null && typeof (result as PromiseLike<unknown>)?.then === 'function')) {
    return Promise.resolve(result).then(
      () => checkAnswered(mod, req, res),
      (err) => fail(err, req, res, options),
    )
  }
  checkAnswered(mod, req, res)
  return undefined
}

function checkAnswered(mod: PagesModule, req: Req, res: ServerResponse): void {
  // A stream piped into res answers later; Readable#pipe leaves an 'unpipe' listener on its
  // destination, which tells us so without a per-request 'pipe' listener.
  if (mod.config.externalResolver || res.headersSent || res.writableEnded || res.listenerCount('unpipe') > 0) return
  console.warn(`API resolved without sending a response for ${req.url}, this may result in stalled requests.`)
}

function fail(err: unknown, req: Req, res: ServerResponse, options: PagesRunOptions): Promise<void> | undefined {
  // The 504 went out at the deadline; what the handler did after that is not its bug to report.
  if (deadlineExceeded(res)) {
    console.error(`Error: the handler for ${req.method} ${req.url} answered after its maxDuration had passed and it was answered 504; ignored.`)
    return undefined
  }
  if (options.onError !== undefined) return options.onError(err, req).then(() => answerFailure(err, req, res, options))
  answerFailure(err, req, res, options)
  return undefined
}

function answerFailure(err: unknown, req: Req, res: ServerResponse, options: PagesRunOptions): void {
  if (err instanceof ApiError) {
    if (!res.headersSent) sendError(res, err.statusCode, err.message)
    return
  }
  console.error(err)
  if (res.headersSent) {
    // Already answering: keep what was sent, and finish it rather than leave it hanging.
    if (!res.writableEnded) res.end()
    return
  }
  if (options.dev) {
    const e = err instanceof Error ? err : new Error(String(err))
    res.statusCode = 500
    res.setHeader('Content-Type', 'application/json; charset=utf-8')
    res.end(JSON.stringify({ error: e.message, stack: e.stack, path: req.url }))
    return
  }
  sendError(res, 500, 'Internal Server Error')
}
