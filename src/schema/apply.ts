// Puts validation in front of a route module's handlers when it loads (server/route-module.ts,
// so under start, dev, testRoute and every target alike). A handler made by `route()` or
// `apiRoute()` carries its schema; otherwise `export const schema` applies.
import type { RouteSource } from '../routes/types.ts'
import type { PagesModule } from '../runtime/pages/run-handler.ts'
import { validateAppHandler } from './app.ts'
import { bodyParserOffError, checkSchemaValues } from './check-schema.ts'
import { markedSchema } from './mark.ts'
import { paramNamesOf, validatePagesHandler } from './pages.ts'
import { SCHEMA_METHODS, type MethodSchema, type RouteSchema } from './types.ts'

type Namespace = Record<string, unknown>

function exportedMethods(ns: Namespace): string[] {
  return SCHEMA_METHODS.filter((m) => typeof ns[m] === 'function')
}

/** A module's schema, checked: the `schema` export, with what each handler carries over it.
 *  null when it has none. */
export function readRouteSchema(ns: Namespace, source: RouteSource, handler: unknown, file: string): { schema: RouteSchema; warnings: string[] } | null {
  if (source === 'pages') {
    const own = markedSchema<RouteSchema>(handler) ?? ns.schema
    return own === undefined ? null : checkSchemaValues(own, file, null)
  }
  const merged: Record<string, MethodSchema> = {}
  let any = false
  let warnings: string[] = []
  if (ns.schema !== undefined) {
    const checked = checkSchemaValues(ns.schema, file, exportedMethods(ns))
    Object.assign(merged, checked.schema)
    warnings = checked.warnings
    any = true
  }
  for (const method of exportedMethods(ns)) {
    const carried = markedSchema<MethodSchema>(ns[method])
    if (carried === undefined) continue
    merged[method] = checkSchemaValues({ [method]: carried }, file, null).schema[method as keyof RouteSchema]!
    any = true
  }
  return any ? { schema: merged, warnings } : null
}

const warned = new Set<string>()
function warnOnce(lines: string[]): void {
  for (const line of lines) {
    if (warned.has(line)) continue
    warned.add(line)
    console.warn(line)
  }
}

export function applyPagesSchema(ns: Namespace, mod: PagesModule, file: string): PagesModule {
  const found = readRouteSchema(ns, 'pages', mod.handler, file)
  if (found === null) return mod
  warnOnce(found.warnings)
  if (mod.config.bodyLimit === null) {
    const withBody = Object.entries(found.schema).find(([, entry]) => entry?.body !== undefined)
    if (withBody !== undefined) throw bodyParserOffError(file, withBody[0])
  }
  return { ...mod, handler: validatePagesHandler(mod.handler, found.schema, paramNamesOf(file)) }
}

export function applyAppSchemas(ns: Namespace, file: string): Namespace {
  const found = readRouteSchema(ns, 'app', undefined, file)
  if (found === null) return ns
  warnOnce(found.warnings)
  const out: Namespace = { ...ns }
  for (const [method, entry] of Object.entries(found.schema)) {
    if (entry === undefined || typeof ns[method] !== 'function') continue
    out[method] = validateAppHandler(ns[method] as Parameters<typeof validateAppHandler>[0], entry)
  }
  return out
}
