// A loaded route module (server/route-module.ts, under dev or `slugline openapi`) -> what the
// document needs of it: its methods and its schema (the validating wrappers carry it).
import type { Route } from '../routes/types.ts'
import type { RouteModule } from '../server/route-module.ts'
import { appRouteMethods } from '../runtime/app/methods.ts'
import { readRouteSchema } from '../schema/apply.ts'
import type { SchemaShape } from '../schema/check-schema.ts'
import type { DocumentedRoute } from './document.ts'

export function documentedRoute(route: Route, mod: RouteModule): DocumentedRoute {
  if (mod.source === 'app') {
    return { route, methods: appRouteMethods(mod.app), schema: readRouteSchema(mod.app, 'app', undefined, route.file)?.schema ?? null }
  }
  return { route, methods: null, schema: readRouteSchema({}, 'pages', mod.pages.handler, route.file)?.schema ?? null }
}

/** A route whose module could not be loaded, documented from its source: its methods (app:
 *  the exports esbuild saw; pages: the schema's keys when the source shows them). */
export function documentedFromSource(route: Route, exports: readonly string[], shape: SchemaShape | undefined): DocumentedRoute {
  if (route.source === 'app') return { route, methods: exports.filter((name) => /^(GET|HEAD|OPTIONS|POST|PUT|DELETE|PATCH)$/.test(name)), schema: null }
  return { route, methods: shape === undefined ? null : Object.keys(shape), schema: null }
}
