// Builds the `{ route, params }` a match returns, once the walk has found the route. The walk
// only records where each param lies in the path (`bounds`); the params are sliced and decoded
// here, for the one route that matched, in URL order (Next.js's order, which shows in
// `JSON.stringify(req.query)`: `/api/authors/12/books/99` is `{"id":"12","bookId":"99"}`).
//
// The builder of each route is generated JS: an object literal with the route's param names
// as keys. V8 creates such a literal from a ready-made shape in one step, where `params[name] =
// value` on a `{}` goes through a keyed store and a shape transition per param (and the old
// reordering for URL order copied the object again). One generated function per distinct list
// of params, shared by every route with that list: 10,000 routes of `[id]` compile it once.
// Param names come from file names and may hold quotes, backslashes or any character: they
// enter the source only through JSON.stringify.
import type { Segment } from '../routes/types.ts'
import type { Match } from './types.ts'
import type { Leaf } from './tree.ts'
import { canGenerateCode } from './code-generation.ts'
import { decodeRest, decodeSegment } from './decode-segment.ts'

/** `bounds[2k]`, `bounds[2k + 1]`: start and end in the path of the route's k-th param (a
 *  catch-all runs to the end of the path). */
export type BuildMatch<T> = (path: string, bounds: Int32Array) => Match<T>

type Factory = (route: unknown, segment: typeof decodeSegment, rest: typeof decodeRest) => BuildMatch<unknown>

// Module-wide: a dev server rebuilds its matcher on each change, and param lists are few.
const factories = new Map<string, Factory>()

/** The builder for `leaf`'s route and params. */
export function createBuildMatch<T>(leaf: Leaf<T>): BuildMatch<T> {
  const key = JSON.stringify(leaf.params.map((s) => [s.type === 'dynamic', s.name]))
  let factory = factories.get(key)
  if (factory === undefined) factories.set(key, (factory = compileFactory(leaf.params)))
  return factory(leaf.route, decodeSegment, decodeRest) as BuildMatch<T>
}

function compileFactory(params: readonly Segment[]): Factory {
  if (!canGenerateCode()) return loopFactory(params)
  const literal = paramsLiteral(params, (s, k) =>
    s.type === 'dynamic' ? `segment(path, bounds[${2 * k}], bounds[${2 * k + 1}])` : `rest(path, bounds[${2 * k}])`,
  )
  const source = `return function buildMatch(path, bounds) {\n  return { route: route, params: ${literal} }\n}`
  return new Function('route', 'decodeSegment', 'rest', `const segment = (p, s, e) => decodeSegment(p.slice(s, e));\n${source}`) as Factory
}

/** The same builder without generated code (code-generation.ts): the params set one by one,
 *  `__proto__` defined as an own property, as the literal's computed key does. */
function loopFactory(params: readonly Segment[]): Factory {
  return (route, segment, rest) => (path, bounds) => {
    const out: Record<string, string | string[]> = {}
    for (let k = 0; k < params.length; k++) {
      const s = params[k]!
      const value = s.type === 'dynamic' ? segment(path.slice(bounds[2 * k], bounds[2 * k + 1])) : rest(path, bounds[2 * k]!)
      if (s.name === '__proto__') Object.defineProperty(out, s.name, { value, enumerable: true, writable: true, configurable: true })
      else out[s.name] = value
    }
    return { route, params: out } as Match<unknown>
  }
}

/** The source of an object literal of `params`, the k-th valued by the expression `value(k)`. */
export function paramsLiteral(params: readonly Segment[], value: (segment: Segment, k: number) => string): string {
  if (params.length === 0) return '{}'
  return `{ ${params.map((s, k) => `${propertyKey(s.name)}: ${value(s, k)}`).join(', ')} }`
}

/** `name` as an object-literal key. `"__proto__": v` would set the prototype instead of
 *  defining a param, so that one name is written as a computed key. */
export function propertyKey(name: string): string {
  const quoted = JSON.stringify(name)
  return name === '__proto__' ? `[${quoted}]` : quoted
}
