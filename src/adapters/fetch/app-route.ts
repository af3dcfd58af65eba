// Runs one request against an app route module (`app/**/route.ts`) in a fetch runtime: the
// Request goes to the handler as it came, and its Response comes back as the runtime's own.
// The rules are run-route.ts's (Next.js's): an unknown method is an empty 400, a method the
// module does not export 405 (OPTIONS: 204 with `Allow`), HEAD falls back to GET without the
// body, a handler that throws or returns no Response an empty 500 (logged; in dev
// `{ error, stack }`), and `cookies().set()` lines join the response's own Set-Cookie.
import { EventEmitter } from 'node:events'
import type { ServerResponse } from 'node:http'
import { MIDDLEWARE_NEXT_HEADER } from '../../compat/next-response.ts'
import { allowHeader, APP_ROUTE_METHODS, findAppHandler } from '../../runtime/app/methods.ts'
import { getRequestStorage, type RequestStore } from '../../runtime/app/request-context.ts'
import { NativeResponse, toNativeResponse } from './native-response.ts'

export type RouteParams = Record<string, string | string[]>

/** What `after()` waits on (request-context.ts): it closes once the Response is handed over. */
class Lifecycle extends EventEmitter {
  closed = false
  close(): void {
    this.closed = true
    this.emit('close')
  }
}

function empty(status: number, headers?: Record<string, string>): Response {
  return new NativeResponse(null, { status, headers })
}

/** `onError`: the app's error hook (instrumentation.ts), awaited before the 500. */
export async function runFetchAppRoute(
  mod: Record<string, unknown>,
  request: Request,
  params: RouteParams | undefined,
  dev: boolean,
  onError?: (error: unknown, request: Request) => Promise<void>,
): Promise<Response> {
  const method = request.method
  if (!APP_ROUTE_METHODS.includes(method)) return empty(400)
  const handler = findAppHandler(mod, method)
  if (handler === undefined) return method === 'OPTIONS' ? empty(204, { allow: allowHeader(mod) }) : empty(405)

  const storage = getRequestStorage()
  let store: RequestStore | undefined
  let lifecycle: Lifecycle | undefined
  if (storage !== undefined) {
    lifecycle = new Lifecycle()
    store = { request, response: lifecycle as unknown as ServerResponse }
  }
  try {
    const context = { params: Promise.resolve(params) }
    const response = await (store !== undefined ? storage!.run(store, handler, request, context) : handler(request, context))
    if (!(response instanceof NativeResponse)) {
      throw new Error(
        `No response is returned from route handler ${method} ${pathOf(request)}. ` +
          'Ensure you return a `Response` or a `NextResponse` in all branches of your handler.',
      )
    }
    // Only NextResponse.next() sets it, and that is a subclass: a plain Response skips the look.
    if (response.constructor !== NativeResponse && response.headers.get(MIDDLEWARE_NEXT_HEADER) === '1') {
      throw new Error(
        `NextResponse.next() was returned by route handler ${method} ${pathOf(request)}: it only means ` +
          'something in middleware, and a route handler must return the response itself.',
      )
    }
    let out = toNativeResponse(response)
    const extra = store?.setCookies
    if ((extra !== undefined && extra.size > 0) || method === 'HEAD') out = rebuilt(out, method === 'HEAD', extra)
    return out
  } catch (error) {
    if (onError !== undefined) await onError(error, request)
    console.error(error)
    if (!dev) return empty(500)
    return NativeResponse.json(
      { error: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined },
      { status: 500 },
    )
  } finally {
    if (lifecycle !== undefined) setTimeout(() => lifecycle.close(), 0)
  }
}

/** The response with the cookies().set() lines added (its own Set-Cookie of a name wins), and
 *  for HEAD without its body. */
function rebuilt(response: Response, head: boolean, extra: Map<string, string> | undefined): Response {
  const headers = new Headers(response.headers)
  if (extra !== undefined && extra.size > 0) {
    const own = new Set(headers.getSetCookie().map(cookieName))
    for (const [name, line] of extra) if (!own.has(name)) headers.append('set-cookie', line)
  }
  if (head) response.body?.cancel().catch(() => {})
  return new NativeResponse(head ? null : response.body, { status: response.status, statusText: response.statusText, headers })
}

function cookieName(line: string): string {
  const eq = line.indexOf('=')
  return (eq === -1 ? line : line.slice(0, eq)).trim()
}

function pathOf(request: Request): string {
  const url = request.url
  const start = url.indexOf('/', url.indexOf('//') + 2)
  const q = url.indexOf('?', start)
  return start === -1 ? '/' : q === -1 ? url.slice(start) : url.slice(start, q)
}
