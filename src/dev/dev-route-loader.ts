// Loads a route's module for the dev server: compiles what changed, evaluates what was dropped,
// and checks its exports as `start` does. A route whose code fails to compile, to evaluate or to
// export a handler gets a stand-in module answering 500 with the error (dev-errors.ts), so the
// dispatcher never sees a failed load; the next request after a fix loads the real one.
import type { IncomingMessage } from 'node:http'
import path from 'node:path'
import type { RouteFile } from '../routes/types.ts'
import { loadAppRuntime } from '../server/app-runtime.ts'
import { toRouteModule, type RouteModule } from '../server/route-module.ts'
import { describeCompileError, errorBodyOf, errorRouteModule } from './dev-errors.ts'
import type { ModuleRegistry } from './module-registry.ts'
import { CompileError } from './compile-module.ts'
import { clientOnlyError } from '../build/marker-packages.ts'

export interface RouteLoaderOptions {
  dir: string
  registry: ModuleRegistry
  /** Prints an error for the terminal. */
  printError(text: string, err?: unknown): void
  color: boolean
  /** The error hook, for a module that throws when it loads (as `start` reports it). */
  reportLoadError?: (error: unknown, req: IncomingMessage, route: RouteFile) => Promise<void>
}

/** An app route reaching `client-only` fails, as it fails `slugline build` (marker-packages.ts). */
function clientOnlyFailure(registry: ModuleRegistry, file: string, dir: string): { file: string; error: CompileError } | null {
  const trace = registry.clientOnlyTrace(file)
  return trace === null ? null : { file: trace[0]!, error: new CompileError([clientOnlyError(trace, dir)]) }
}

export class DevRouteLoader {
  private readonly options: RouteLoaderOptions
  /** Route file -> its module, valid while its entry module's instance is the same object. */
  private readonly cache = new Map<string, { instance: object; mod: RouteModule }>()
  /** App routes whose client-only failure the terminal has been shown. */
  private readonly clientOnlyPrinted = new Set<string>()

  constructor(options: RouteLoaderOptions) {
    this.options = options
  }

  forget(routeFile: string): void {
    this.cache.delete(routeFile)
  }

  async load(route: RouteFile): Promise<RouteModule> {
    const { registry, dir } = this.options
    const file = path.join(dir, route.file)
    const hit = this.cache.get(route.file)
    if (hit && hit.instance === registry.instance(file)) return hit.mod

    if (route.source === 'app') await loadAppRuntime()
    await registry.prepare(file)
    const compileFailure = registry.compileFailure(file)
    const clientOnly = compileFailure === null && route.source === 'app' ? clientOnlyFailure(registry, file, dir) : null
    const failure = compileFailure ?? clientOnly
    if (failure) {
      const { body, text } = await describeCompileError(failure.error, failure.file, dir, this.options.color)
      // Compile errors print as they happen (the registry's onCompileError); this one only
      // shows once a route is loaded: printed once per route until it loads cleanly.
      if (clientOnly !== null && !this.clientOnlyPrinted.has(route.file)) {
        this.clientOnlyPrinted.add(route.file)
        this.options.printError(text)
      }
      return errorRouteModule(body)
    }
    this.clientOnlyPrinted.delete(route.file)
    let exports: unknown
    try {
      exports = registry.require(file)
    } catch (err) {
      this.options.printError(`Error while loading ${route.file}:`, err)
      const report = this.options.reportLoadError
      return errorRouteModule(errorBodyOf(err), report && ((req) => report(err, req, route)))
    }
    // The module namespace `start` sees: an ES module's exports, or for CommonJS only a
    // default export (esbuild's ESM output of a CommonJS entry).
    const ns = registry.isEsm(file) ? (exports as Record<string, unknown>) : { default: exports }
    let mod: RouteModule
    try {
      mod = toRouteModule(ns, route.source, route.file)
    } catch (err) {
      // Cached like a good module: the same exports give the same answer until an edit.
      this.options.printError((err as Error).message)
      mod = errorRouteModule({ error: (err as Error).message, file: route.file })
    }
    this.cache.set(route.file, { instance: registry.instance(file)!, mod })
    return mod
  }
}
