// Route files -> the validated route table, in precedence order. Pure: no file system.
import { compareDiscoveryOrder } from './discovery-order.ts'
import { parsePattern } from './parse-segment.ts'
import { insertRoute, sortedRoutes, TreeNode } from './route-tree.ts'
import type { Route, RouteFile, RouteKind, Segment } from './types.ts'

export function kindOf(segments: Segment[]): RouteKind {
  const last = segments[segments.length - 1]
  if (last?.type === 'catch-all') return 'catch-all'
  if (last?.type === 'optional-catch-all') return 'optional catch-all'
  return segments.some((s) => s.type !== 'static') ? 'dynamic' : 'static'
}

/** Validates the files as Next.js would and returns them as routes, most specific first.
 *  Throws a SluglineError naming the files on the first conflict. */
export function createRouteTable(files: RouteFile[]): Route[] {
  const root = new TreeNode()
  const parsed = new Map<RouteFile, Segment[]>()
  // Insert in the order Next.js finds the files (discovery-order.ts), so a conflicting pair is
  // named as Next.js names it, whatever order the file system listed them in.
  const ordered = [...files].sort((a, b) => compareDiscoveryOrder(a.file, b.file))
  for (const f of ordered) {
    const segments = parsePattern(f.pattern, f.file)
    parsed.set(f, segments)
    insertRoute(root, f, segments)
  }
  return sortedRoutes(root).map((f) => {
    const segments = parsed.get(f)!
    return {
      ...f,
      segments,
      kind: kindOf(segments),
      params: segments.filter((s) => s.type !== 'static').map((s) => s.name),
    }
  })
}
