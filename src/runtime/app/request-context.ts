// The per-request state behind `cookies()` and `headers()` from `next/headers`.
//
// The compat modules are bundled into each built route file, so at run time there can be two
// copies of this file: the dispatcher's and the route bundle's. Both must see the same store, so
// the AsyncLocalStorage lives on globalThis under a registered symbol, created once by whichever
// copy asks first, and the store is plain data both copies understand.
//
// The storage is created only when `next/headers` is imported, or `after` from `next/server`
// (createRequestStorage), and the runtimes enter it only if it exists (runAppRoute for app
// routes, the dispatcher for pages routes). Reason: on Node 20 the first `als.run` switches on
// promise hooks for the whole process. Measured (5 awaits in a loop): 313 ns before any run,
// 683 ns after one, for every promise, in every route. Apps that never import next/headers
// should not pay that.
import { AsyncLocalStorage } from 'node:async_hooks'
import type { ServerResponse } from 'node:http'

export const REQUEST_CONTEXT_KEY = Symbol.for('slugline.requestContext')

export interface RequestStore {
  /** The Request handed to an app route handler; `headers()` reads its headers. A pages/api
   *  request has none: `cookies()` and `headers()` are for app routes, as in Next.js. */
  readonly request?: Request
  /** The response being answered: `after()` runs its tasks once it has closed. */
  readonly response: ServerResponse
  /** Tasks `after()` was given, run when the response closes (src/compat/after.ts). */
  after?: unknown[]
  /** Set-Cookie lines added through `cookies().set/delete`, by cookie name. runAppRoute sends
   *  them with the response unless the response sets the same name itself. */
  setCookies?: Map<string, string>
  /** Caches of the objects `cookies()` and `headers()` return, so repeated calls agree. */
  cookies?: unknown
  headers?: unknown
}

type GlobalWithContext = typeof globalThis & { [REQUEST_CONTEXT_KEY]?: AsyncLocalStorage<RequestStore> }

/** The shared storage, or undefined while nothing has asked for it. */
export function getRequestStorage(): AsyncLocalStorage<RequestStore> | undefined {
  return (globalThis as GlobalWithContext)[REQUEST_CONTEXT_KEY]
}

/** The shared storage, created on first call. */
export function createRequestStorage(): AsyncLocalStorage<RequestStore> {
  const g = globalThis as GlobalWithContext
  return (g[REQUEST_CONTEXT_KEY] ??= new AsyncLocalStorage<RequestStore>())
}

/** The store of the request being handled; throws a clear Error when called outside one.
 *  `api` names the function the user called, for the message. */
export function getRequestStore(api: string): RequestStore {
  const store = getRequestStorage()?.getStore()
  if (store === undefined) {
    throw new Error(
      `\`${api}\` was called outside a request. It only works while a route handler is ` +
        `handling a request, including code that handler awaits.`,
    )
  }
  return store
}

/** The Request of an app route's store; a clear Error in a pages/api route, which has none. */
export function getStoreRequest(store: RequestStore, api: string): Request {
  if (store.request === undefined) {
    throw new Error(`\`${api}\` only works in app route handlers (app/**/route.ts); in pages/api, read req.headers and req.cookies.`)
  }
  return store.request
}
