// The tree Next.js validates a route table with. Inserting a route checks it against the routes
// already at each level (different slug names, repeated names, catch-all placement, required
// and optional catch-all together); walking the tree gives Next.js's precedence order:
// at each level the level's own route, then static children in code-unit order, then the
// dynamic child, the catch-all, the optional catch-all.
// Follows next/src/shared/lib/router/utils/sorted-routes.ts; messages are Next.js's own, with the
// files concerned appended so the user knows where to look.
import { SluglineError } from '../errors.ts'
import type { RouteFile, Segment } from './types.ts'

interface Slot {
  name: string
  file: string
  node: TreeNode
}

export class TreeNode {
  route: RouteFile | null = null
  readonly statics = new Map<string, TreeNode>()
  dynamic: Slot | null = null
  catchAll: Slot | null = null
  optionalCatchAll: Slot | null = null
}

function conflict(message: string, ...files: string[]): SluglineError {
  const unique = [...new Set(files)]
  return new SluglineError('ROUTE_CONFLICT', `${message}\n${unique.map((f) => `  ${f}`).join('\n')}`, unique)
}

/** Adds one route to the tree, throwing Next.js's error when it conflicts with the tree. */
export function insertRoute(root: TreeNode, route: RouteFile, segments: Segment[]): void {
  const seen: string[] = []
  let node = root
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]
    if (i > 0 && (segments[i - 1].type === 'catch-all' || segments[i - 1].type === 'optional-catch-all')) {
      throw new SluglineError('ROUTE_INVALID', `Catch-all must be the last part of the URL.\n  ${route.file}`, [route.file])
    }
    if (seg.type === 'static') {
      let next = node.statics.get(seg.name)
      if (!next) node.statics.set(seg.name, (next = new TreeNode()))
      node = next
      continue
    }
    const slotKey = seg.type === 'dynamic' ? 'dynamic' : seg.type === 'catch-all' ? 'catchAll' : 'optionalCatchAll'
    if (seg.type === 'optional-catch-all' && node.catchAll) {
      throw conflict(
        `You cannot use both an required and optional catch-all route at the same level ("[...${node.catchAll.name}]" and "[[...${seg.name}]]" ).`,
        node.catchAll.file,
        route.file,
      )
    }
    if (seg.type === 'catch-all' && node.optionalCatchAll) {
      throw conflict(
        `You cannot use both an optional and required catch-all route at the same level ("[[...${node.optionalCatchAll.name}]]" and "[...${seg.name}]").`,
        node.optionalCatchAll.file,
        route.file,
      )
    }
    const slot = node[slotKey]
    if (slot && slot.name !== seg.name) {
      throw conflict(`You cannot use different slug names for the same dynamic path ('${slot.name}' !== '${seg.name}').`, slot.file, route.file)
    }
    for (const name of seen) {
      if (name === seg.name) {
        throw conflict(`You cannot have the same slug name "${seg.name}" repeat within a single dynamic path`, route.file)
      }
      if (name.replace(/\W/g, '') === seg.name.replace(/\W/g, '')) {
        throw conflict(
          `You cannot have the slug names "${name}" and "${seg.name}" differ only by non-word symbols within a single dynamic path`,
          route.file,
        )
      }
    }
    seen.push(seg.name)
    node = (node[slotKey] ??= { name: seg.name, file: route.file, node: new TreeNode() }).node
  }
  if (node.route) {
    const a = node.route.file
    const b = route.file
    throw node.route.source === route.source
      ? conflict(`Duplicate page detected. ${a} and ${b} resolve to ${route.pattern}.`, a, b)
      : conflict(`Conflicting app and page file was found, please remove the conflicting files to continue: "${a}" - "${b}" (both ${route.pattern}).`, a, b)
  }
  node.route = route
}

/** The routes in Next.js's precedence order; throws where a level's own route and an optional
 *  catch-all would answer the same URL. */
export function sortedRoutes(node: TreeNode, prefix = '/'): RouteFile[] {
  const out: RouteFile[] = []
  if (node.route) {
    if (node.optionalCatchAll) {
      const r = prefix === '/' ? '/' : prefix.slice(0, -1)
      throw conflict(
        `You cannot define a route with the same specificity as a optional catch-all route ("${r}" and "${r}[[...${node.optionalCatchAll.name}]]").`,
        node.route.file,
        node.optionalCatchAll.file,
      )
    }
    out.push(node.route)
  }
  for (const key of [...node.statics.keys()].sort()) out.push(...sortedRoutes(node.statics.get(key)!, `${prefix}${key}/`))
  if (node.dynamic) out.push(...sortedRoutes(node.dynamic.node, `${prefix}[${node.dynamic.name}]/`))
  if (node.catchAll) out.push(...sortedRoutes(node.catchAll.node, `${prefix}[...${node.catchAll.name}]/`))
  if (node.optionalCatchAll) {
    out.push(...sortedRoutes(node.optionalCatchAll.node, `${prefix}[[...${node.optionalCatchAll.name}]]/`))
  }
  return out
}
