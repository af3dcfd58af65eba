// Bun's `Response.json(data)` labels its body `application/json;charset=utf-8`; the Fetch
// standard, undici (Node), Deno, workerd and so `slugline start` say `application/json`. On
// Bun, createFetchDispatcher gives the native Response.json the standard's default type, once
// per process; a type the handler passes in `init.headers` is kept as given.
const PATCHED = Symbol.for('slugline.bunResponseJson')

export function standardResponseJson(): void {
  if (typeof (globalThis as { Bun?: unknown }).Bun === 'undefined') return
  const R = globalThis.Response as typeof Response & { [PATCHED]?: true }
  if (R[PATCHED]) return
  const json = R.json
  // Bun's Response.json is writable but not configurable: assigned, not redefined.
  R.json = function jsonWithStandardType(this: typeof Response, data: unknown, init?: ResponseInit): Response {
    const response = json.call(this, data, init)
    if (init?.headers === undefined || !new Headers(init.headers).has('content-type')) response.headers.set('content-type', 'application/json')
    return response
  }
  R[PATCHED] = true
}
