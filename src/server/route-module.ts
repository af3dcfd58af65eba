// A loaded route module in the shape the runtimes need, checked once when it loads (under
// start and dev; the build checks what it can from the source, src/build/static-exports.ts): a
// pages/api module must default-export a handler function; an App Router module must export at
// least one HTTP method. The errors are shared with the build, so both say the same.
import { SluglineError } from '../errors.ts'
import { readMaxDuration } from './deadline.ts'
import type { RouteSource } from '../routes/types.ts'
import { readPageConfig, type PageConfig } from '../runtime/pages/config.ts'
import type { PagesModule } from '../runtime/pages/run-handler.ts'
import { appRouteMethods } from '../runtime/app/methods.ts'
import { applyAppSchemas, applyPagesSchema } from '../schema/apply.ts'

/** `maxDurationMs`: the route's time limit (deadline.ts), 0 for none. */
export type RouteModule =
  | { source: 'pages'; pages: PagesModule; maxDurationMs: number }
  | { source: 'app'; app: Record<string, unknown>; maxDurationMs: number }

type Namespace = Record<string, unknown>

/** Next.js's interopDefault, plus the shape a CommonJS module bundled as ESM takes:
 *  `module.exports = handler` arrives as `default`, and `exports.default = handler`
 *  (TypeScript or Babel output) as `default.default`. */
function pagesExports(ns: Namespace): { handler: unknown; config: unknown } {
  const def = ns.default as Namespace | ((...a: unknown[]) => unknown) | undefined
  if (def !== null && typeof def === 'object' && 'default' in def) {
    return { handler: def.default, config: ns.config ?? def.config }
  }
  return { handler: def, config: ns.config ?? (def as { config?: unknown } | undefined)?.config }
}

/** The error for an app route module without a method handler (also `slugline build`'s). */
export function noMethodError(file: string): SluglineError {
  return new SluglineError(
    'HANDLER_INVALID',
    `The route file ${file} exports no HTTP method handler: export a function named GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS.`,
    [file],
  )
}

/** The error for a pages/api module whose default export is not a handler; `got` says what it
 *  is instead ("has no default export", "default-exports a number"). */
export function notAHandlerError(file: string, got: string): SluglineError {
  return new SluglineError('HANDLER_INVALID', `The API route ${file} ${got}: it must default-export a function handler(req, res).`, [file])
}

/** A pages/api config read into what the request path needs; a SluglineError when invalid. */
export function checkPageConfig(config: unknown, file: string): ReturnType<typeof readPageConfig> {
  try {
    return readPageConfig(config as PageConfig | undefined, file)
  } catch (err) {
    throw new SluglineError('HANDLER_INVALID', (err as Error).message, [file])
  }
}

function maxDurationOf(value: unknown, file: string): number {
  try {
    return readMaxDuration(value, file)
  } catch (err) {
    throw new SluglineError('HANDLER_INVALID', (err as Error).message, [file])
  }
}

export function toRouteModule(ns: Namespace, source: RouteSource, file: string): RouteModule {
  if (source === 'app') {
    if (appRouteMethods(ns).length === 0) throw noMethodError(file)
    return { source, app: applyAppSchemas(ns, file), maxDurationMs: maxDurationOf(ns.maxDuration, file) }
  }
  const { handler, config } = pagesExports(ns)
  if (typeof handler !== 'function') {
    throw notAHandlerError(file, handler === undefined ? 'has no default export' : `default-exports ${typeof handler === 'object' ? 'an object' : `a ${typeof handler}`}`)
  }
  const seconds = (config as { maxDuration?: unknown } | undefined)?.maxDuration ?? ns.maxDuration
  const pages = applyPagesSchema(ns, { handler: handler as PagesModule['handler'], config: checkPageConfig(config, file) }, file)
  return { source, pages, maxDurationMs: maxDurationOf(seconds, file) }
}
