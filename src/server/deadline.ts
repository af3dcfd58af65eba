// `maxDuration`, the name Vercel and Next.js give a route's time limit, in seconds:
// `export const maxDuration = 10` in an app route (a route segment config), `export const
// config = { maxDuration: 10 }` in a pages/api route. Past it the client gets a 504 (or, when
// the answer had begun, a cut connection), the app route's `request.signal` aborts with a
// TimeoutError so the handler can stop its work, and the log names the route.
// Costs nothing for a route without one: the timer is armed per request only where set.
import type { ServerResponse } from 'node:http'
import { markDeadlineExceeded } from '../runtime/shared/deadline.ts'

/** Seconds from a module's exports -> milliseconds, 0 for none; throws on a value that is not
 *  a positive number. */
export function readMaxDuration(value: unknown, file: string): number {
  if (value === undefined) return 0
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new Error(`Invalid maxDuration ${JSON.stringify(value)} in ${file}: use a number of seconds greater than 0.`)
  }
  return Math.round(value * 1000)
}

export function armDeadline(res: ServerResponse, ms: number, file: string): void {
  const timer = setTimeout(() => {
    if (res.writableEnded || res.destroyed) return
    console.error(`Error: ${file} did not finish within its maxDuration of ${ms / 1000} s; answered 504.`)
    markDeadlineExceeded(res)
    if (res.headersSent) {
      res.destroy()
      return
    }
    for (const name of res.getHeaderNames()) res.removeHeader(name)
    res.statusCode = 504
    res.setHeader('Content-Type', 'application/json; charset=utf-8')
    res.end('{"error":"Gateway Timeout"}')
  }, ms)
  res.once('close', () => clearTimeout(timer))
}
