// `createHandler({ dir })`: a built app as a node `(req, res)` listener, to mount in any
// node:http server, Express or Connect. Route modules load on their first request.
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { reportNodeRequestError, startInstrumentation, type ErrorReporter } from '../instrumentation/index.ts'
import { createMatcher } from '../matcher/create-matcher.ts'
import { trustProxyHeaders } from '../runtime/app/request-url.ts'
import { loadAppRuntime } from './app-runtime.ts'
import { createDispatcher, type RequestListener } from './dispatch.ts'
import { loadEnv } from './load-env.ts'
import { BUILD_DIR, readManifest, type ManifestInstrumentation, type ManifestRoute } from './manifest.ts'
import { LazyRoute } from './lazy-route.ts'
import { applyConfigEnv } from '../config/config-env.ts'
import { createPipeline, defaultRouting } from '../pipeline/create-pipeline.ts'
import type { ProxyFunction, ProxyModule } from '../pipeline/run-proxy.ts'
import { lazyProxyStage } from '../pipeline/lazy-proxy-stage.ts'
import { missingExportMessage, proxyFunctionOf } from '../pipeline/find-proxy-file.ts'
import type { ProxyManifest } from '../pipeline/proxy-manifest.ts'
import type { ProxyStage } from '../pipeline/proxy-stage.ts'

export interface HandlerOptions {
  /** The app folder, holding the `.slugline` build. */
  dir: string
  /** Answer crashes with their message and stack. Default false. */
  dev?: boolean
  /**
   * Loads a built route module from its file URL. Default `import()`. The CLI passes its
   * launcher's: it runs from V8's code cache, where this bundle's own import() has no module
   * loader behind it (bin/load-cli.cjs).
   */
  importModule?: ImportModule
  /**
   * Build app routes' `request.url` from the client's X-Forwarded-Host (else Host) and
   * X-Forwarded-Proto. Default false: the server's own origin, `http://localhost:<port>`, with
   * only the scheme taken from X-Forwarded-Proto, as next start does, so that a client cannot
   * choose where `Response.redirect(new URL('/x', request.url))` points. Turn it on only
   * behind a proxy that sets those headers itself. Applies to the whole process.
   */
  trustProxy?: boolean
  /**
   * Load the app's `.env` files into process.env first, as `slugline start` does: `.env`,
   * `.env.local`, `.env.production`, `.env.production.local` (the `development` ones with
   * `dev: true`); a variable already set in the environment wins. Default true, so the app reads
   * the same settings mounted in your server as under `slugline start`.
   */
  loadEnv?: boolean
  /**
   * Compress answers as `next start` does: gzip (or brotli, for a client that ranks it first)
   * for a compressible Content-Type of 1 KiB or more, `Vary: Accept-Encoding`, and every
   * `res.write()` flushed to the client at once. Default true; next.config's `compress: false`
   * is the same switch.
   */
  compress?: boolean
}

export type ImportModule = (url: string) => Promise<Record<string, unknown>>

const importWithNode: ImportModule = (url) => import(url)

/** Where a build's route modules are and how to load them: one per handler, shared by its routes. */
interface ModuleSource {
  buildDir: string
  importModule: ImportModule
}

/** A manifest route, its module imported from the build folder on first use. */
class BuiltRoute extends LazyRoute {
  readonly module: string
  readonly #from: ModuleSource

  constructor(route: ManifestRoute, from: ModuleSource) {
    super(route)
    this.module = route.module
    this.#from = from
  }

  protected async loadNamespace(): Promise<Record<string, unknown>> {
    if (this.source === 'app') await loadAppRuntime()
    return this.#from.importModule(pathToFileURL(join(this.#from.buildDir, this.module)).href)
  }
}

/** The built proxy file as a pipeline stage; its module loads (after the app runtime, whose
 *  Response it uses) at the first request it matches. */
function builtProxy(proxy: ProxyManifest, basePath: string, from: ModuleSource): ProxyStage {
  const p = { file: proxy.file, legacy: /(^|\/)middleware\.[^/]+$/.test(proxy.file) }
  let loading: Promise<ProxyModule> | null = null
  const load = async (): Promise<ProxyModule> => {
    await loadAppRuntime()
    const ns = await from.importModule(pathToFileURL(join(from.buildDir, proxy.module)).href)
    const fn = proxyFunctionOf(ns, p)
    if (fn === null) throw new Error(missingExportMessage(p))
    return { fn: fn as ProxyFunction, matchers: proxy.matchers }
  }
  return lazyProxyStage({ file: proxy.file, basePath, load: () => (loading ??= load()) }, proxy.matchers)
}

export interface PreparedHandler {
  listener: RequestListener
  /** Settles once the app's instrumentation register() has run (at once without one); rejects
   *  with its error. Requests that arrive before wait for it. */
  ready: Promise<void>
}

/** Loads the instrumentation module and runs its register(). */
async function instrument(entry: ManifestInstrumentation, from: ModuleSource): Promise<ErrorReporter | undefined> {
  const ns = await from.importModule(pathToFileURL(join(from.buildDir, entry.module)).href)
  return startInstrumentation(ns, entry.file)
}

/** createHandler, with the promise of the app's register() (`slugline start` awaits it before
 *  listening). */
export function prepareHandler(options: HandlerOptions): PreparedHandler {
  const dir = resolve(options.dir)
  const manifest = readManifest(dir)
  if (options.loadEnv ?? true) loadEnv(dir, options.dev ? 'development' : 'production')
  const from: ModuleSource = { buildDir: join(dir, BUILD_DIR), importModule: options.importModule ?? importWithNode }
  const routes = manifest.routes.map((r) => new BuiltRoute(r, from))
  if (options.trustProxy !== undefined) trustProxyHeaders(options.trustProxy)
  applyConfigEnv(manifest.routing)
  // Only an app with a next.config or a proxy.ts gets a pipeline (dispatch.ts).
  const routing = manifest.routing ?? defaultRouting()
  const proxy = manifest.proxy === undefined ? null : builtProxy(manifest.proxy, routing.basePath, from)
  const pipeline = manifest.routing === undefined && proxy === null ? null : createPipeline(routing, proxy)
  const matcher = createMatcher(routes)
  const dev = options.dev ?? false
  // next.config `compress: false` turns it off unless the caller chose (`--no-compress`, the option).
  const compress = options.compress ?? manifest.routing?.compress ?? true
  if (manifest.instrumentation === undefined) return { listener: createDispatcher(matcher, { dev, compress, pipeline }), ready: Promise.resolve() }

  let report: ErrorReporter | undefined
  const ready = instrument(manifest.instrumentation, from).then((r) => void (report = r))
  const dispatch = createDispatcher(matcher, {
    dev,
    pipeline,
    compress,
    reportError: (error, req, route) => (report === undefined ? Promise.resolve() : reportNodeRequestError(report, error, req, route)),
  })
  let started = false
  // Requests before register() is done wait for it; if it failed, they answer 500 (createHandler
  // logs the error once; `start` exits with it).
  const waiting = ready.then(() => void (started = true))
  waiting.catch(() => {})
  const listener: RequestListener = (req, res) => {
    if (started) return dispatch(req, res)
    waiting.then(
      () => dispatch(req, res),
      () => {
        res.statusCode = 500
        res.end('Internal Server Error')
      },
    )
  }
  return { listener, ready }
}

export function createHandler(options: HandlerOptions): RequestListener {
  const { listener, ready } = prepareHandler(options)
  ready.catch((err: Error) => console.error(`Error: ${err.message}. Every request answers 500.`, err.cause ?? ''))
  return listener
}
