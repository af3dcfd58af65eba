// `createHandler({ dir })`: a built app as a node `(req, res)` listener, to mount in any
// node:http server, Express or Connect. Route modules load on their first request.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createMatcher } from '../matcher/create-matcher.ts'
import { loadAppRuntime } from './app-runtime.ts'
import { createDispatcher, type RequestListener, type ServerRoute } from './dispatch.ts'
import { BUILD_DIR, readManifest, type ManifestRoute } from './manifest.ts'
import { toRouteModule, type RouteModule } from './route-module.ts'

export interface HandlerOptions {
  /** The app folder, holding the `.slugline` build. */
  dir: string
  /** Answer crashes with their message and stack. Default false. */
  dev?: boolean
  /**
   * Loads a built route module from its file URL. Default `import()`. The CLI passes its
   * launcher's: it runs from V8's code cache, where this bundle's own import() has no module
   * loader behind it (bin/load-cli.mjs).
   */
  importModule?: ImportModule
}

export type ImportModule = (url: string) => Promise<Record<string, unknown>>

const importWithNode: ImportModule = (url) => import(url)

export function toServerRoute(route: ManifestRoute, buildDir: string, importModule: ImportModule = importWithNode): ServerRoute {
  let loading: Promise<RouteModule> | null = null
  const serverRoute: ServerRoute = {
    ...route,
    mod: null,
    load() {
      loading ??= (async () => {
        if (route.source === 'app') await loadAppRuntime()
        const ns = await importModule(pathToFileURL(path.join(buildDir, route.module)).href)
        serverRoute.mod = toRouteModule(ns, route.source, route.file)
        return serverRoute.mod
      })()
      return loading
    },
  }
  return serverRoute
}

export function createHandler(options: HandlerOptions): RequestListener {
  const dir = path.resolve(options.dir)
  const manifest = readManifest(dir)
  const buildDir = path.join(dir, BUILD_DIR)
  const routes = manifest.routes.map((r) => toServerRoute(r, buildDir, options.importModule))
  return createDispatcher(createMatcher(routes), { dev: options.dev ?? false })
}
