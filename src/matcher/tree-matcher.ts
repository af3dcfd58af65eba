// The route matcher: a segment tree walked static -> dynamic -> catch-all -> optional
// catch-all, backtracking to a less specific branch when a more specific one fails deeper
// (`/api/p/new/a/b` reaches `p/[a]/[...rest]` when `p/new/[b]` cannot take it). This visits
// routes in exactly the order of Next.js's sorted route list, so the first route found is the
// one Next.js's first-matching-regex loop picks, but the cost grows with the path's segments,
// not with the number of routes.
// Hot path: change with care, and re-run bench/router.mjs. Figures below: CPU ns per match at
// 1,000 routes on the bench machine (fresh path strings, as a server has them), before -> after.
// There is no whole-path Map for static routes in front of the walk: hashing a fresh path of
// 20 characters for a lookup that misses cost a 4-segment dynamic path ~50 ns (189 -> 134),
// more than the walk costs a static path (36 -> 66 ns).
import type { Match, MatchableRoute, Matcher, Params } from './types.ts'
import { decodeSegment, decodeRest } from './decode-segment.ts'

class Node<T> {
  route: T | null = null
  // A node with one static child (`api`, `items`: the usual case) compares it in place, before
  // even finding the segment's end; two or more go in a Map. In place saves slicing the
  // segment out, hashing it, and an indexOf.
  staticName: string | null = null
  staticChild: Node<T> | null = null
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

/** Once every route is in: a Map of one static child becomes the in-place pair. */
function seal<T>(node: Node<T>): void {
  if (node.statics !== null) {
    for (const child of node.statics.values()) seal(child)
    if (node.statics.size === 1) {
      const [[name, child]] = node.statics
      node.staticName = name
      node.staticChild = child
      node.statics = null
    }
  }
  if (node.dynamic !== null) seal(node.dynamic)
}

export class TreeMatcher<T extends MatchableRoute> implements Matcher<T> {
  private readonly root = new Node<T>()

  constructor(routes: readonly T[]) {
    for (const route of routes) insert(this.root, route)
    seal(this.root)
  }

  match(pathname: string): Match<T> | null {
    const params: Params = {}
    const route = walk(this.root, pathname, 1, params)
    return route === null ? null : { route, params: inUrlOrder(route, params) }
  }
}

/** The walk writes params deepest first; Next.js lists them in URL order, which shows in
 *  `JSON.stringify(req.query)` (`/api/authors/12/books/99` is `{"id":"12","bookId":"99"}` in
 *  the conformance recording). Only a route with two or more params needs a new object. */
function inUrlOrder(route: MatchableRoute, params: Params): Params {
  const segments = route.segments
  let count = 0
  for (let i = 0; i < segments.length; i++) if (segments[i].type !== 'static') count++
  if (count < 2) return params
  const ordered: Params = {}
  for (const s of segments) if (s.type !== 'static' && s.name in params) ordered[s.name] = params[s.name]
  return ordered
}

/** The static child of `node` named by the segment path[start, end), or null. */
function staticChild<T>(node: Node<T>, path: string, start: number, end: number): Node<T> | null {
  const name = node.staticName
  if (name !== null) {
    if (end - start === name.length && path.startsWith(name, start)) return node.staticChild
  } else if (node.statics !== null) {
    const child = node.statics.get(path.slice(start, end))
    if (child !== undefined) return child
  } else {
    return null
  }
  // A file named with non-ASCII characters is requested percent-encoded.
  const pct = path.indexOf('%', start)
  if (pct === -1 || pct >= end) return null
  const decoded = decodeSegment(path.slice(start, end))
  if (name !== null) return decoded === name ? node.staticChild : null
  return node.statics!.get(decoded) ?? null
}

/** Finds the route for `path` from index `start` under `node`; params are written on the way
 *  back up, so a branch that fails leaves none behind. */
function walk<T>(node: Node<T>, path: string, start: number, params: Params): T | null {
  const length = path.length
  if (start >= length) return node.route ?? node.optional
  let end = -1
  const name = node.staticName
  if (name !== null) {
    const after = start + name.length
    if ((after === length || path.charCodeAt(after) === 47) /* / */ && path.startsWith(name, start)) {
      const found = walk(node.staticChild!, path, after + 1, params)
      if (found !== null) return found
      end = after
    }
  }
  if (end === -1) {
    end = path.indexOf('/', start)
    if (end === -1) end = length
    if (name !== null || node.statics !== null) {
      const child = staticChild(node, path, start, end)
      if (child !== null) {
        const found = walk(child, path, end + 1, params)
        if (found !== null) return found
      }
    }
  }
  if (node.dynamic !== null) {
    const found = walk(node.dynamic, path, end + 1, params)
    if (found !== null) {
      // Sliced only now: a branch that fails never pays for its param.
      params[node.dynamicName] = decodeSegment(path.slice(start, end))
      return found
    }
  }
  if (node.catchAll !== null) {
    params[node.catchAllName] = decodeRest(path, start)
    return node.catchAll
  }
  if (node.optional !== null) {
    params[node.optionalName] = decodeRest(path, start)
    return node.optional
  }
  return null
}

export function createMatcher<T extends MatchableRoute>(routes: readonly T[]): Matcher<T> {
  return new TreeMatcher(routes)
}
