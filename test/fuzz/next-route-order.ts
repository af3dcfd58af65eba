// A port of how Next.js picks the route for a path, written from its algorithm, to hold
// Slugline's matchers to: sort the route table as Next's UrlNode does (each folder's own route
// first, then its static children in code-unit order, then `[param]`, `[...catchAll]`,
// `[[...optional]]`), build each route's regex as getRouteRegex does (static segments as
// written, `([^/]+?)`, `(.+?)`, `(?:/(.+?))?`, optional trailing slash), take the first route
// whose regex matches the raw path, then decode its params one by one (a malformed escape is a
// DecodeError: 400). One rule comes from a recording rather than the algorithm: next start
// serves `/x/index` on `x/[[...slug]]` as its root (test/fixtures/next-parity).

interface Node {
  route: string | null
  children: Map<string, Node>
}

type Part = { kind: 'static'; name: string } | { kind: 'dynamic' | 'catch-all' | 'optional'; name: string }

function partOf(seg: string): Part {
  if (seg.startsWith('[[...')) return { kind: 'optional', name: seg.slice(5, -2) }
  if (seg.startsWith('[...')) return { kind: 'catch-all', name: seg.slice(4, -1) }
  if (seg.startsWith('[')) return { kind: 'dynamic', name: seg.slice(1, -1) }
  return { kind: 'static', name: seg }
}

/** Next.js's getSortedRoutes order for these patterns. */
export function sortRoutes(patterns: readonly string[]): string[] {
  const root: Node = { route: null, children: new Map() }
  for (const pattern of patterns) {
    let node = root
    for (const seg of pattern.split('/').filter(Boolean)) {
      const p = partOf(seg)
      const key = p.kind === 'static' ? seg : p.kind === 'dynamic' ? '[]' : p.kind === 'catch-all' ? '[...]' : '[[...]]'
      let child = node.children.get(key)
      if (child === undefined) node.children.set(key, (child = { route: null, children: new Map() }))
      node = child
    }
    node.route = pattern
  }
  const out: string[] = []
  const visit = (node: Node) => {
    if (node.route !== null) out.push(node.route)
    const keys = [...node.children.keys()].filter((k) => !k.startsWith('[')).sort()
    for (const special of ['[]', '[...]', '[[...]]']) if (node.children.has(special)) keys.push(special)
    for (const k of keys) visit(node.children.get(k)!)
  }
  visit(root)
  return out
}

const escapeRegex = (s: string) => s.replace(/[|\\{}()[\]^$+*?.-]/g, '\\$&')

interface Compiled {
  pattern: string
  regex: RegExp
  parts: Part[]
}

function compile(pattern: string): Compiled {
  const parts = pattern.split('/').filter(Boolean).map(partOf)
  const source = parts
    .map((p) => (p.kind === 'static' ? `/${escapeRegex(p.name)}` : p.kind === 'dynamic' ? '/([^/]+?)' : p.kind === 'catch-all' ? '/(.+?)' : '(?:/(.+?))?'))
    .join('')
  return { pattern, regex: new RegExp(`^${source || '/'}(?:/)?$`), parts }
}

export class DecodeError extends Error {}

function decode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    throw new DecodeError(`failed to decode param ${s}`)
  }
}

export type Outcome = { pattern: string; params: Record<string, string | string[]> } | null | 'bad-request'

/** What Next.js answers for `path` (canonical: no trailing slash, no empty or dot segments). */
export function nextMatcher(patterns: readonly string[]): (path: string) => Outcome {
  const routes = sortRoutes(patterns).map(compile)
  return (path) => {
    for (const r of routes) {
      const m = r.regex.exec(path)
      if (m === null) continue
      const params: Record<string, string | string[]> = {}
      let group = 1
      try {
        for (const p of r.parts) {
          if (p.kind === 'static') continue
          const value = m[group++]
          if (value === undefined) continue
          if (p.kind === 'optional' && value === 'index') continue // recorded, see above
          params[p.name] = p.kind === 'dynamic' ? decode(value) : value.split('/').map(decode)
        }
      } catch (err) {
        if (err instanceof DecodeError) return 'bad-request'
        throw err
      }
      return { pattern: r.pattern, params }
    }
    return null
  }
}
