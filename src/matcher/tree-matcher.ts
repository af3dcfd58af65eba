// The route matcher: a segment tree walked static -> dynamic -> catch-all -> optional
// catch-all, backtracking to a less specific branch when a more specific one fails deeper
// (`/api/p/new/a/b` reaches `p/[a]/[...rest]` when `p/new/[b]` cannot take it). This visits
// routes in exactly the order of Next.js's sorted route list, so the first route found is the
// one Next.js's first-matching-regex loop picks, but the cost grows with the path's segments,
// not with the number of routes. Fully static paths are answered from one Map lookup first.
// Hot path: change with care, and re-run bench/router.
import type { Match, MatchableRoute, Matcher, Params } from './types.ts'
import { decodeRest, decodeSegment } from './decode-segment.ts'

class Node<T> {
  route: T | null = null
  statics: Map<string, Node<T>> | null = null
  dynamic: Node<T> | null = null
  dynamicName = ''
  catchAll: T | null = null
  catchAllName = ''
  optional: T | null = null
  optionalName = ''
}

function insert<T extends MatchableRoute>(root: Node<T>, route: T): void {
  let node = root
  for (const seg of route.segments) {
    if (seg.type === 'static') {
      node.statics ??= new Map()
      let next = node.statics.get(seg.name)
      if (!next) node.statics.set(seg.name, (next = new Node()))
      node = next
    } else if (seg.type === 'dynamic') {
      node.dynamic ??= new Node()
      node.dynamicName = seg.name
      node = node.dynamic
    } else {
      // Catch-alls are always last (the route table guarantees it).
      if (seg.type === 'catch-all') {
        node.catchAll = route
        node.catchAllName = seg.name
      } else {
        node.optional = route
        node.optionalName = seg.name
      }
      return
    }
  }
  node.route = route
}

export class TreeMatcher<T extends MatchableRoute> implements Matcher<T> {
  private readonly root = new Node<T>()
  private readonly staticPaths = new Map<string, T>()

  constructor(routes: readonly T[]) {
    for (const route of routes) {
      insert(this.root, route)
      if (route.segments.every((s) => s.type === 'static')) {
        this.staticPaths.set('/' + route.segments.map((s) => s.name).join('/'), route)
      }
    }
  }

  match(pathname: string): Match<T> | null {
    const hit = this.staticPaths.get(pathname)
    if (hit !== undefined) return { route: hit, params: {} }
    const params: Params = {}
    const route = walk(this.root, pathname, 1, params)
    if (route === null) return null
    // The walk writes params deepest first; handlers see them (in req.query, JSON) in URL
    // order, as Next.js gives them.
    return { route, params: route.params.length > 1 ? inUrlOrder(route.params, params) : params }
  }
}

function inUrlOrder(names: string[], params: Params): Params {
  const ordered: Params = {}
  for (const name of names) if (params[name] !== undefined) ordered[name] = params[name]
  return ordered
}

/** Finds the route for `path` from index `start` under `node`; params are written on the way
 *  back up, so a branch that fails leaves none behind. */
function walk<T>(node: Node<T>, path: string, start: number, params: Params): T | null {
  if (start >= path.length) return node.route ?? node.optional
  let end = path.indexOf('/', start)
  if (end === -1) end = path.length
  const segment = path.slice(start, end)

  if (node.statics !== null) {
    let child = node.statics.get(segment)
    // A file named with non-ASCII characters is requested percent-encoded.
    if (child === undefined && segment.indexOf('%') !== -1) child = node.statics.get(decodeSegment(segment))
    if (child !== undefined) {
      const found = walk(child, path, end + 1, params)
      if (found !== null) return found
    }
  }
  if (node.dynamic !== null) {
    const found = walk(node.dynamic, path, end + 1, params)
    if (found !== null) {
      params[node.dynamicName] = decodeSegment(segment)
      return found
    }
  }
  if (node.catchAll !== null) {
    params[node.catchAllName] = decodeRest(path.slice(start))
    return node.catchAll
  }
  if (node.optional !== null) {
    params[node.optionalName] = decodeRest(path.slice(start))
    return node.optional
  }
  return null
}

export function createMatcher<T extends MatchableRoute>(routes: readonly T[]): Matcher<T> {
  return new TreeMatcher(routes)
}
