// Bun's `Response.json(data)` labels its body `application/json;charset=utf-8`; the Fetch
// standard, undici (Node), Deno, workerd and so `slugline start` say `application/json`. On
// Bun, createFetchDispatcher gives the native Response.json the standard's default type, once
// per process; a type the handler passes in `init.headers` is kept as given.
const PATCHED = Symbol.for('slugline.bunResponseJson')
const JSON_TYPE = Object.freeze({ 'content-type': 'application/json' })

export function standardResponseJson(): void {
  if (typeof (globalThis as { Bun?: unknown }).Bun === 'undefined') return
  const R = globalThis.Response as typeof Response & { [PATCHED]?: true }
  if (R[PATCHED]) return
  const json = R.json
  // Bun's Response.json is writable but not configurable: assigned, not redefined.
  // Bun's Response.json is writable but not configurable: assigned, not redefined.
  R.json = function jsonWithStandardType(this: typeof Response, data: unknown, init?: ResponseInit): Response {
    const text = JSON.stringify(data)
    // What JSON.stringify cannot serialise (undefined, a function) gets Bun's own TypeError.
    if (typeof text !== 'string') return json.call(this, data, init)
    if (init === undefined) return new this(text, { headers: JSON_TYPE })
    const headers = new Headers(init.headers)
    if (!headers.has('content-type')) headers.set('content-type', 'application/json')
    return new this(text, { status: init.status, statusText: init.statusText, headers })
  }
  R[PATCHED] = true
}
