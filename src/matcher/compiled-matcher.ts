// The compiled matcher: the interpreted walk of tree-matcher.ts, unrolled once per route table
// into JavaScript (`new Function`), as rou3's compiler does. What the generated code saves:
// static names become inline char-code comparisons (no `startsWith` call, ~8 ns each), the
// tree's shape becomes nested blocks (no call and no field loads per node), and the params
// stay in locals until the matched route's object literal is returned.
// A static fan-out wider than INLINE_FANOUT is a SegmentTable hashed in place; each child of
// it is its own function, generated once per distinct source: the 2,500 `/api/r{i}` subtrees
// of the benchmark share one. So the code stays small and the time flat in the route count.
// Strings from file names never enter the source except param names as object keys, through
// JSON.stringify (paramsLiteral); static names enter as char codes or as `data[k]`.
// Hot path: change with care, re-run bench/router.mjs, and keep test/matcher/ passing (every
// shared case runs against both matchers, and random tables check that they agree).
// CPU ns per match, `node bench/router.mjs` at 10 / 1,000 / 10,000 routes (medians of 5
// interleaved runs on the shared bench VM), the interpreted walk before -> this:
//   4-seg dynamic  127 / 147 / 152  ->  59 / 82 / 87
//   static          65 /  77 /  90  ->  24 / 39 / 44
//   catch-all      196 / 212 / 221  -> 112 / 131 / 139
//   miss            68 /  77 /  69  ->  33 / 25 / 25
//   build ms (table + matcher) 2.8 / 35 / 241 -> 4.1 / 51 / 422: generating the code.
// From 10 to 1,000 routes the `/api/*` fan-out turns into a table: hashing the segment, the
// lookup and a call cost ~25 ns; from 1,000 to 10,000 nothing changes.
import type { Match, MatchableRoute, Matcher } from './types.ts'
import { decodeRest, decodeSegment } from './decode-segment.ts'
import { paramsLiteral } from './match-builder.ts'
import { addCharToHash, SegmentTable, segmentEnd } from './segment-table.ts'
import { createTree, type Leaf, type Node, type Tree } from './tree.ts'

/** Up to this many static children are compared in place; more go in a SegmentTable. */
const INLINE_FANOUT = 8
/** Static names up to this long are compared char by char; longer ones with startsWith. */
const INLINE_NAME = 16
/** A child subtree of more nodes than this is a function of its own: one huge function would
 *  be too big for V8 to optimize. */
const INLINE_SUBTREE = 32

/** A generated function for one subtree: the path, where the subtree's segments start, its
 *  data (routes, tables), and the bounds of the params matched above it. */
type SubtreeMatch<T> = (path: string, start: number, data: unknown[], ...bounds: number[]) => Match<T> | null
interface Compiled<T> {
  fn: SubtreeMatch<T>
  data: unknown[]
}

/** The helpers generated code calls, passed in by name. */
const helpers = {
  segment: (path: string, start: number, end: number) => decodeSegment(path.slice(start, end)),
  rest: decodeRest,
  segmentEnd,
  addCharToHash,
}
const helperNames = Object.keys(helpers)
const helperValues = Object.values(helpers)

export class CompiledMatcher<T extends MatchableRoute> implements Matcher<T> {
  private readonly fn: SubtreeMatch<T>
  private readonly data: unknown[]
  /** The generated source of every distinct function, for tests and for reading. */
  readonly sources: string[]

  constructor(tree: Tree<T>) {
    const compiler = new Compiler<T>()
    const root = compiler.compile(tree.root, 0)
    this.fn = root.fn
    this.data = root.data
    this.sources = [...compiler.functions.keys()]
  }

  match(pathname: string): Match<T> | null {
    return this.fn(pathname, 1, this.data)
  }
}

export function createCompiledMatcher<T extends MatchableRoute>(routes: readonly T[]): Matcher<T> {
  return new CompiledMatcher(createTree(routes))
}

class Compiler<T> {
  /** Generated functions by source: subtrees of the same shape share one. */
  readonly functions = new Map<string, SubtreeMatch<T>>()
  private readonly sizes = new Map<Node<T>, number>()

  /** `node`'s subtree as a function, `paramCount` params deep. */
  compile(node: Node<T>, paramCount: number): Compiled<T> {
    // Named apart from the locals `Body.id` makes (`s3`, `e4`, ...).
    const args = Array.from({ length: paramCount }, (_, k) => [`ps${k}`, `pe${k}`] as [string, string])
    const body = new Body<T>(this)
    body.node(node, 'start', args)
    const source = `return function match(path, start, data${args.map(([b, e]) => `, ${b}, ${e}`).join('')}) {\n  const len = path.length\n${body.lines.join('\n')}\n  return null\n}`
    let fn = this.functions.get(source)
    if (fn === undefined) {
      fn = new Function(...helperNames, source)(...helperValues) as SubtreeMatch<T>
      this.functions.set(source, fn)
    }
    return { fn, data: body.data }
  }

  /** The number of nodes `node`'s subtree puts in the function it is inlined in: the children
   *  of a table are functions of their own, so they do not count. */
  size(node: Node<T>): number {
    let size = this.sizes.get(node)
    if (size === undefined) {
      size = 1 + (node.dynamic === null ? 0 : this.size(node.dynamic))
      if (node.children.size <= INLINE_FANOUT) for (const child of node.children.values()) size += this.size(child)
      this.sizes.set(node, size)
    }
    return size
  }
}

/** The body of one generated function. `params` are the local names of the start and end of
 *  each param matched so far, in URL order. */
class Body<T> {
  readonly lines: string[] = []
  readonly data: unknown[] = []
  private ids = 0
  private depth = 1

  constructor(private readonly compiler: Compiler<T>) {}

  node(node: Node<T>, start: string, params: Array<[string, string]>): void {
    const here = node.route ?? node.optionalAtRoot
    if (here !== null) this.line(`if (${start} >= len) ${this.found(here, params, '')}`)
    if (node.children.size === 0 && node.dynamic === null && node.catchAll === null && node.optional === null) return
    this.open(`if (${start} < len) {`)
    let end: string | null = null
    if (node.children.size > INLINE_FANOUT) end = this.table(node, start, params)
    else if (node.dynamic !== null) this.line(`const ${(end = this.id('e'))} = segmentEnd(path, ${start})`)
    if (node.children.size > 0 && node.children.size <= INLINE_FANOUT) this.inlineStatics(node, start, end, params)
    if (node.dynamic !== null) {
      const next = this.id('s')
      this.open(`{ const ${next} = ${end} + 1`)
      this.child(node.dynamic, next, [...params, [start, end!]])
      this.close()
    }
    const catchAll = node.catchAll ?? node.optional
    // As the walk does (tree-matcher.ts): `/x/index` on an optional catch-all is its root.
    if (node.catchAll === null && node.optionalAtRoot !== null) {
      this.line(`if (len - ${start} === 5 && path.startsWith('index', ${start})) ${this.found(node.optionalAtRoot, params, '')}`)
    }
    if (catchAll !== null) this.line(this.found(catchAll, params, start))
    this.close()
  }

  /** Static children compared in place; returns nothing: the segment's end stays unknown. */
  private inlineStatics(node: Node<T>, start: string, end: string | null, params: Array<[string, string]>): void {
    const names = [...node.children.keys()]
    const which = this.id('k')
    const next = this.id('s')
    this.line(`let ${which} = -1, ${next} = 0`)
    names.forEach((name, i) => {
      this.line(`${i === 0 ? '' : 'else '}if (${this.nameAt(name, start, end)}) { ${which} = ${i}; ${next} = ${start} + ${name.length + 1} }`)
    })
    names.forEach((name, i) => {
      this.open(`${i === 0 ? '' : 'else '}if (${which} === ${i}) {`)
      this.child(node.children.get(name)!, next, params)
      this.close()
    })
  }

  /** Static children in a SegmentTable, each a function; returns the segment end's name. */
  private table(node: Node<T>, start: string, params: Array<[string, string]>): string {
    const end = this.id('e')
    const hash = this.id('h')
    const entries = [...node.children].map(([name, child]) => [name, this.compiler.compile(child, params.length)] as [string, Compiled<T>])
    const table = this.ref(new SegmentTable(entries))
    // Finds the segment's end and hashes it in one pass over its characters.
    this.line(`let ${end} = ${start}, ${hash} = 0`)
    this.line(`for (; ${end} < len; ${end}++) { const c = path.charCodeAt(${end}); if (c === 47) break; ${hash} = addCharToHash(${hash}, c) }`)
    const hit = this.id('t')
    this.line(`const ${hit} = ${table}.find(path, ${start}, ${end}, ${hash})`)
    this.line(`if (${hit} !== null) { const m = ${hit}.fn(path, ${end} + 1, ${hit}.data${args(params)}); if (m !== null) return m }`)
    return end
  }

  /** The subtree of `child` from `start`: inline, or a call when it is big. */
  private child(child: Node<T>, start: string, params: Array<[string, string]>): void {
    if (this.compiler.size(child) <= INLINE_SUBTREE) return this.node(child, start, params)
    const compiled = this.ref(this.compiler.compile(child, params.length))
    this.line(`{ const m = ${compiled}.fn(path, ${start}, ${compiled}.data${args(params)}); if (m !== null) return m }`)
  }

  /** A test that the segment at `start` is `name`. */
  private nameAt(name: string, start: string, end: string | null): string {
    const bounded = end !== null ? `${end} - ${start} === ${name.length}` : null
    const chars =
      name.length <= INLINE_NAME
        ? charCodes(name).map((c, i) => `path.charCodeAt(${i === 0 ? start : `${start} + ${i}`}) === ${c}`).join(' && ')
        : `path.startsWith(${this.ref(name)}, ${start})`
    if (bounded !== null) return `${bounded} && ${chars}`
    return `${chars} && (${start} + ${name.length} === len || path.charCodeAt(${start} + ${name.length}) === 47)`
  }

  /** A return of `leaf`'s match; `rest`: where a catch-all's segments start. */
  private found(leaf: Leaf<T>, params: Array<[string, string]>, rest: string): string {
    const literal = paramsLiteral(leaf.params, (s, k) => (s.type === 'dynamic' ? `segment(path, ${params[k][0]}, ${params[k][1]})` : `rest(path, ${rest})`))
    return `return { route: ${this.ref(leaf.route)}, params: ${literal} }`
  }

  private ref(value: unknown): string {
    return `data[${this.data.push(value) - 1}]`
  }

  private id(prefix: string): string {
    return `${prefix}${this.ids++}`
  }

  private line(text: string): void {
    this.lines.push('  '.repeat(this.depth) + text)
  }

  private open(text: string): void {
    this.line(text)
    this.depth++
  }

  private close(): void {
    this.depth--
    this.line('}')
  }
}

/** The UTF-16 code units of `name` (`Array.from(name)` would split it by code point). */
function charCodes(name: string): number[] {
  const codes: number[] = []
  for (let i = 0; i < name.length; i++) codes.push(name.charCodeAt(i))
  return codes
}

function args(params: Array<[string, string]>): string {
  return params.map(([b, e]) => `, ${b}, ${e}`).join('')
}
