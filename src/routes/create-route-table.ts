// Route files -> the validated route table, in precedence order. Pure: no file system.
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
  // Insert in file order so the first file of a conflicting pair is the one already there,
  // whatever order the file system listed them in.
  const ordered = [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
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
