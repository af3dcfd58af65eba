// The schema a `route()` or `apiRoute()` handler carries. A registered symbol: the helper runs
// from the app's copy of 'slugline' (dist/index.js), the loader from the CLI's bundle.
import type { MethodSchema, RouteSchema } from './types.ts'

export const SCHEMA_MARK: unique symbol = Symbol.for('slugline.schema') as never

export type Marked<S> = { [SCHEMA_MARK]?: S }

export function markedSchema<S extends MethodSchema | RouteSchema>(fn: unknown): S | undefined {
  return typeof fn === 'function' ? (fn as Marked<S>)[SCHEMA_MARK] : undefined
}
