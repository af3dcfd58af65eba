// The segment tree both matchers work from: the interpreted walk (tree-matcher.ts) reads it
// at each request, the compiler (compiled-matcher.ts) turns it into code once. Plain data,
// built once from the route table.
import type { Segment } from '../routes/types.ts'
import type { MatchableRoute } from './types.ts'
import type { BuildMatch } from './match-builder.ts'
import { SegmentTable } from './segment-table.ts'

/** A route at the end of a branch of the tree, with the segments that give its params. */
export class Leaf<T> {
  readonly route: T
  /** The route's non-static segments in URL order; for an optional catch-all matched with no
   *  segment left, without it (it gives no param at all). */
  readonly params: readonly Segment[]
  /** The interpreted matcher's result builder, made on first use. */
  build: BuildMatch<T> | null = null

  constructor(route: T, params: readonly Segment[]) {
    this.route = route
    this.params = params
  }
}

export class Node<T> {
  /** The route that ends at this node. */
  route: Leaf<T> | null = null
  /** Static children by name (`seal` also files them in one of the two forms below). */
  children = new Map<string, Node<T>>()
  // One static child (`api`, `items`: the usual case) is compared in place, before even
  // finding the segment's end; two or more go in a SegmentTable.
  staticName: string | null = null
  staticChild: Node<T> | null = null
  statics: SegmentTable<Node<T>> | null = null
  dynamic: Node<T> | null = null
  catchAll: Leaf<T> | null = null
  optional: Leaf<T> | null = null
  /** The optional catch-all matched with no segment left. */
  optionalAtRoot: Leaf<T> | null = null
}

export interface Tree<T> {
  root: Node<T>
  /** The most params any route has. */
  maxParams: number
}

export function createTree<T extends MatchableRoute>(routes: readonly T[]): Tree<T> {
  const root = new Node<T>()
  let maxParams = 0
  for (const route of routes) maxParams = Math.max(maxParams, insert(root, route))
  seal(root)
  return { root, maxParams }
}

/** Adds `route` to the tree; returns its number of params. */
function insert<T extends MatchableRoute>(root: Node<T>, route: T): number {
  const params = route.segments.filter((s) => s.type !== 'static')
  let node = root
  for (const seg of route.segments) {
    if (seg.type === 'static') {
      let next = node.children.get(seg.name)
      if (!next) node.children.set(seg.name, (next = new Node()))
      node = next
    } else if (seg.type === 'dynamic') {
      node = node.dynamic ??= new Node()
    } else {
      // Catch-alls are always last (the route table guarantees it).
      if (seg.type === 'catch-all') {
        node.catchAll = new Leaf(route, params)
      } else {
        node.optional = new Leaf(route, params)
        node.optionalAtRoot = new Leaf(route, params.slice(0, -1))
      }
      return params.length
    }
  }
  node.route = new Leaf(route, params)
  return params.length
}

/** Once every route is in: one static child becomes the in-place pair, more a SegmentTable. */
function seal<T>(node: Node<T>): void {
  const children = node.children
  for (const child of children.values()) seal(child)
  if (children.size === 1) {
    const [[name, child]] = children
    node.staticName = name
    node.staticChild = child
  } else if (children.size > 1) {
    node.statics = new SegmentTable(children)
  }
  if (node.dynamic !== null) seal(node.dynamic)
}
