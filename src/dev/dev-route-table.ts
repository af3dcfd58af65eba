// The dev server's route table, scanned again whenever a file appears or disappears. A table
// Next.js would refuse (two files for one URL, a bad name, no routes folder) is kept as an error
// that every request answers with, until the files are fixed.
import { join } from 'node:path'
import { writeRouteTypes } from '../build/route-types.ts'
import { findRouteFiles } from '../discovery/find-route-files.ts'
import { SluglineError } from '../errors.ts'
import { createMatcher } from '../matcher/create-matcher.ts'
import { createRouteTable } from '../routes/create-route-table.ts'
import type { Route } from '../routes/types.ts'
import { createDispatcher, type DispatchOptions, type RequestListener, type ServerRoute } from '../server/dispatch.ts'
import { BUILD_DIR } from '../server/manifest.ts'
import type { DevRouteLoader } from './dev-route-loader.ts'
import type { Pipeline } from '../pipeline/create-pipeline.ts'

export interface TableChange {
  added: Route[]
  removed: Route[]
  /** Set when the table is (still, or newly) refused. */
  error: SluglineError | null
  /** Whether the error differs from the one before (so it is worth printing again). */
  errorChanged: boolean
}

const routeKey = (r: Route) => `${r.file}\0${r.pattern}`

export class DevRouteTable {
  routes: Route[] = []
  error: SluglineError | null = null
  /** The dispatcher over the current table. */
  dispatch: RequestListener
  private readonly dir: string
  private readonly loader: DevRouteLoader
  private pipeline: Pipeline | null = null
  private readonly reportError: DispatchOptions['reportError']
  private compress: boolean
  private readonly compressOption: boolean | undefined

  constructor(dir: string, loader: DevRouteLoader, reportError?: DispatchOptions['reportError'], options: { compress?: boolean } = {}) {
    this.dir = dir
    this.loader = loader
    this.reportError = reportError
    this.compress = options.compress ?? true
    this.compressOption = options.compress
    this.dispatch = this.createDispatch([])
  }

  scan(): TableChange {
    let routes: Route[]
    try {
      routes = createRouteTable(findRouteFiles(this.dir))
    } catch (err) {
      if (!(err instanceof SluglineError)) throw err
      const errorChanged = this.error?.message !== err.message
      this.error = err
      return { added: [], removed: [], error: err, errorChanged }
    }
    const errorChanged = this.error !== null
    this.error = null
    const before = new Map(this.routes.map((r) => [routeKey(r), r]))
    const after = new Map(routes.map((r) => [routeKey(r), r]))
    const added = routes.filter((r) => !before.has(routeKey(r)))
    const removed = this.routes.filter((r) => !after.has(routeKey(r)))
    for (const r of removed) this.loader.forget(r.file)
    // A new table also when only the order changed (a new route can outrank an old one).
    if (added.length > 0 || removed.length > 0 || this.routes.length !== routes.length || routes.some((r, i) => routeKey(r) !== routeKey(this.routes[i]!))) {
      this.routes = routes
      this.dispatch = this.createDispatch(routes)
      writeRouteTypes(join(this.dir, BUILD_DIR), routes)
    }
    return { added, removed, error: null, errorChanged }
  }

  /** next.config / proxy.ts changed: the same routes behind the new pipeline. */
  setPipeline(pipeline: Pipeline | null, configCompress?: boolean): void {
    this.pipeline = pipeline
    // next.config `compress`, unless the dev server was given one.
    this.compress = this.compressOption ?? configCompress ?? true
    this.dispatch = this.createDispatch(this.routes)
  }

  private createDispatch(routes: Route[]): RequestListener {
    const serverRoutes: ServerRoute[] = routes.map((route) => ({
      ...route,
      // Never cached here: the loader answers from its own cache, checked against edits.
      mod: null,
      load: () => this.loader.load(route),
    }))
    return createDispatcher(createMatcher(serverRoutes), { dev: true, reportError: this.reportError, compress: this.compress, pipeline: this.pipeline })
  }
}
