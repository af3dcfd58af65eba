// The types an App Router route handler is written against, beside Request and Response.

/** Each app route pattern's params, filled in by the route types `slugline build` and
 *  `slugline dev` generate (.slugline/types/routes.d.ts) by augmenting this interface. */
export interface AppRouteParams {}

/** The second argument of a route handler, as Next.js 16 types it:
 *  `GET(request: Request, { params }: RouteContext<'/v2/items/[id]'>)`. */
export interface RouteContext<Route extends keyof AppRouteParams> {
  params: Promise<AppRouteParams[Route]>
}
