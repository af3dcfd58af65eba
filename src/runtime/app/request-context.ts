// The per-request state behind `cookies()` and `headers()` from `next/headers`.
//
// The compat modules are bundled into each built route file, so at run time there can be two
// copies of this file: the dispatcher's and the route bundle's. Both must see the same store, so
// the AsyncLocalStorage lives on globalThis under a registered symbol, created once by whichever
// copy asks first, and the store is plain data both copies understand.
//
// The storage is created only when `next/headers` is imported (createRequestStorage), and
// runAppRoute enters it only if it exists. Reason: on Node 20 the first `als.run` switches on
// promise hooks for the whole process. Measured (5 awaits in a loop): 313 ns before any run,
// 683 ns after one, for every promise, in every route. Apps that never import next/headers
// should not pay that.
import { AsyncLocalStorage } from 'node:async_hooks'

export const REQUEST_CONTEXT_KEY = Symbol.for('slugline.requestContext')

export interface RequestStore {
  /** The Request handed to the route handler; `headers()` reads its headers. */
  readonly request: Request
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
      `\`${api}\` was called outside a request. It only works while an app route handler ` +
        `(app/**/route.ts) is handling a request, including code that handler awaits.`,
    )
  }
  return store
}
