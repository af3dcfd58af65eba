// The HTTP methods an app route module exports. Kept apart from run-route.ts so that checking
// a module at load (server/route-module.ts) does not load the App Router runtime, and with it
// undici: a server with only pages/api routes never needs either.

/** The methods an app route may export, as Next.js lists them. */
export const APP_ROUTE_METHODS: readonly string[] = Object.freeze(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'])

/** The HTTP methods a module exports, in APP_ROUTE_METHODS order. */
export function appRouteMethods(mod: Record<string, unknown>): string[] {
  return APP_ROUTE_METHODS.filter((method) => typeof mod[method] === 'function')
}

/** The `Allow` header of the automatic OPTIONS answer: the exported methods, HEAD when GET is
 *  exported, and OPTIONS, sorted (Next.js sorts them alphabetically). */
export function allowHeader(mod: Record<string, unknown>): string {
  const methods = new Set(appRouteMethods(mod))
  if (methods.has('GET')) methods.add('HEAD')
  methods.add('OPTIONS')
  return [...methods].sort().join(', ')
}

export type AppRouteHandler = (request: Request, context: { params: Promise<unknown> }) => unknown

/** The export that answers `method`: its own, or GET for HEAD (Next.js drops the body when
 *  writing). undefined when the module exports neither. */
export function findAppHandler(mod: Record<string, unknown>, method: string): AppRouteHandler | undefined {
  const own = mod[method]
  if (typeof own === 'function') return own as AppRouteHandler
  if (method === 'HEAD' && typeof mod.GET === 'function') return mod.GET as AppRouteHandler
  return undefined
}
