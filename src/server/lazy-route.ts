// A route of the table whose module loads on its first request: the fields the matcher and the
// request path read, copied from the route entry, and `load()` once. A class, not a spread of
// the entry with a closure: `start` makes one per route, and building 1,000 that way took twice
// as long (createHandler, warm: 8.5 ms against 4.3 ms). How the module's namespace is brought
// in is the subclass's: import() from a build folder (create-handler.ts), or a caller's own
// loader (the fetch dispatcher, where a Workers bundle imports every module statically).
import type { Route } from '../routes/types.ts'
import type { ServerRoute } from './request-path.ts'
import { toRouteModule, type RouteModule } from './route-module.ts'

export abstract class LazyRoute implements ServerRoute {
  readonly file: string
  readonly pattern: string
  readonly source: Route['source']
  readonly segments: Route['segments']
  readonly kind: Route['kind']
  readonly params: string[]
  mod: RouteModule | null = null
  #loading: Promise<RouteModule> | null = null

  constructor(route: Route) {
    this.file = route.file
    this.pattern = route.pattern
    this.source = route.source
    this.segments = route.segments
    this.kind = route.kind
    this.params = route.params
  }

  load(): Promise<RouteModule> {
    return (this.#loading ??= this.loadNamespace().then((ns) => (this.mod = toRouteModule(ns, this.source, this.file))))
  }

  /** The route file's module namespace. */
  protected abstract loadNamespace(): Promise<Record<string, unknown>>
}
