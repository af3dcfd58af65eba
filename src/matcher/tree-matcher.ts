// The interpreted matcher: walks the segment tree (tree.ts) static -> dynamic -> catch-all ->
// optional catch-all, backtracking to a less specific branch when a more specific one fails
// deeper (`/api/p/new/a/b` reaches `p/[a]/[...rest]` when `p/new/[b]` cannot take it). This
// visits routes in exactly the order of Next.js's sorted route list, so the first route found
// is the one Next.js's first-matching-regex loop picks, but the cost grows with the path's
// segments, not with the number of routes.
// Servers use it for a table's first matches, then the compiled matcher (compiled-matcher.ts),
// which does the same walk as generated code (create-matcher.ts says why); this one is also the
// readable reference the tests hold the compiled one to.
// The walk slices, decodes and allocates nothing: it records where the params lie (`bounds`),
// and only the matched route's builder (match-builder.ts) makes strings and the result.
// It served requests until the compiled matcher; bench/router.mjs, CPU ns per 4-segment
// dynamic match at 10 / 1,000 / 10,000 routes: 135 / 159 / 168 with a Map per fan-out and a
// params object reordered after the walk, 99 / 118 / 128 as it is now, 59 / 82 / 87 compiled.
import type { Match, MatchableRoute, Matcher } from './types.ts'
import { createBuildMatch } from './match-builder.ts'
import { addCharToHash, segmentEnd } from './segment-table.ts'
import { createTree, type Leaf, type Node, type Tree } from './tree.ts'

const SLASH = 47

export class TreeMatcher<T extends MatchableRoute> implements Matcher<T> {
  private readonly root: Node<T>
  /** Where the walk records the params of the route it finds (see BuildMatch). One per
   *  matcher, reused: a match runs start to end without yielding. */
  private readonly bounds: Int32Array

  constructor(tree: Tree<T>) {
    this.root = tree.root
    this.bounds = new Int32Array(2 * tree.maxParams)
  }

  match(pathname: string): Match<T> | null {
    const leaf = walk(this.root, pathname, 1, 0, this.bounds)
    if (leaf === null) return null
    return (leaf.build ??= createBuildMatch(leaf))(pathname, this.bounds)
  }
}

export function createTreeMatcher<T extends MatchableRoute>(routes: readonly T[]): Matcher<T> {
  return new TreeMatcher(createTree(routes))
}

/** Whether the rest of the path from `start` is the one segment `index`. */
export function isIndexRest(path: string, start: number): boolean {
  return path.length - start === 5 && path.startsWith('index', start)
}

/** Finds the route for `path` from index `start` under `node`, `depth` params deep. The
 *  params' bounds are written on the way back up, so a branch that fails leaves none behind. */
function walk<T>(node: Node<T>, path: string, start: number, depth: number, bounds: Int32Array): Leaf<T> | null {
  const length = path.length
  if (start >= length) return node.route ?? node.optionalAtRoot
  let end = -1
  const name = node.staticName
  if (name !== null) {
    const after = start + name.length
    if ((after === length || path.charCodeAt(after) === SLASH) && path.startsWith(name, start)) {
      const found = walk(node.staticChild!, path, after + 1, depth, bounds)
      if (found !== null) return found
      end = after
    }
  }
  if (node.statics !== null) {
    // Finds the segment's end and hashes it in one pass over its characters.
    let hash = 0
    for (end = start; end < length; end++) {
      const c = path.charCodeAt(end)
      if (c === SLASH) break
      hash = addCharToHash(hash, c)
    }
    const child = node.statics.find(path, start, end, hash)
    if (child !== null) {
      const found = walk(child, path, end + 1, depth, bounds)
      if (found !== null) return found
    }
  } else if (end === -1) end = segmentEnd(path, start)
  if (node.dynamic !== null) {
    const found = walk(node.dynamic, path, end + 1, depth + 1, bounds)
    if (found !== null) {
      bounds[2 * depth] = start
      bounds[2 * depth + 1] = end
      return found
    }
  }
  if (node.catchAll !== null) {
    bounds[2 * depth] = start
    return node.catchAll
  }
  if (node.optional !== null) {
    // Next.js serves `/x/index` on `x/[[...slug]]` as the root, `{}` (recorded from next start).
    if (isIndexRest(path, start)) return node.optionalAtRoot
    bounds[2 * depth] = start
    return node.optional
  }
  return null
}
