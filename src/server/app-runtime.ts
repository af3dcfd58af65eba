// The App Router runtime, loaded when the first app route module is: it brings undici (Node's
// fetch, Request and Response, loaded on first use of those globals) and installs the
// FastResponse. A server of pages/api routes only never loads it, and starts ~70 ms sooner
// with ~10 MB less memory (bench/startup.mjs).
//
// Order matters: a route module's `class X extends Response` and `Response.json()` must see the
// FastResponse, so the runtime loads before any app route module (see loadAppRoute callers).
type AppRuntime = typeof import('../runtime/app/run-route.ts')

let runtime: AppRuntime | null = null
let loading: Promise<AppRuntime> | null = null

export function loadAppRuntime(): Promise<AppRuntime> {
  loading ??= import('../runtime/app/run-route.ts').then((m) => (runtime = m))
  return loading
}

/** The runtime, once an app route module has loaded (so it has too). */
export function appRuntime(): AppRuntime {
  if (runtime === null) throw new Error('The App Router runtime is used before any app route loaded it')
  return runtime
}
