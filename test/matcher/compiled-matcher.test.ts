// The compiled matcher beyond the shared cases (tree-matcher.test.ts runs those against both
// matchers): names from file names embedded in generated code, the shapes it generates for
// wide and big trees, and agreement with the interpreted matcher on random tables and paths.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BadRequestError } from '../../src/errors.ts'
import { CompiledMatcher } from '../../src/matcher/compiled-matcher.ts'
import { createTree } from '../../src/matcher/tree.ts'
import { createTreeMatcher } from '../../src/matcher/tree-matcher.ts'
import type { Matcher } from '../../src/matcher/types.ts'
import { createRouteTable } from '../../src/routes/create-route-table.ts'
import type { Route } from '../../src/routes/types.ts'

const tableOf = (patterns: string[]) => createRouteTable(patterns.map((pattern) => ({ file: `pages${pattern}.ts`, pattern, source: 'pages' as const })))

/** The result of `matcher.match(path)` as comparable data: pattern and params, or the error. */
function outcome(matcher: Matcher<Route>, path: string): unknown {
  try {
    const m = matcher.match(path)
    return m === null ? null : { pattern: m.route.pattern, params: m.params }
  } catch (err) {
    assert.ok(err instanceof BadRequestError, `${path}: ${String(err)}`)
    return 'bad-request'
  }
}

describe('compiled matcher: names from file names', () => {
  // Quotes, backslashes, `${`, a line separator, a newline, an astral character, `__proto__`.
  const odd = ['it\'s', 'say"hi"', 'back\\slash', '${x}', 'line\u2028sep', 'new\nline', 'smile😀', '__proto__', 'constructor']

  it('uses any param name as a key, as written', () => {
    for (const name of odd) {
      const matcher = new CompiledMatcher(createTree(tableOf([`/api/[${name}]`, `/api/[${name}]/more/[...${name}x]`])))
      const one = matcher.match('/api/v')
      assert.ok(one)
      assert.deepEqual(Object.keys(one.params), [name])
      assert.equal(Object.getPrototypeOf(one.params), Object.prototype)
      assert.equal(one.params[name], 'v')
      const two = matcher.match('/api/v/more/a/b')
      assert.ok(two)
      assert.deepEqual(Object.entries(two.params), [[name, 'v'], [`${name}x`, ['a', 'b']]])
    }
  })

  it('matches any static name as written, and never percent-encoded', () => {
    // Nine siblings: beyond the in-place comparisons, into a SegmentTable.
    for (const names of [odd.slice(0, 4), odd]) {
      const matcher = new CompiledMatcher(createTree(tableOf(names.map((n) => `/api/${n}`))))
      for (const name of names) {
        assert.equal(matcher.match(`/api/${name}`)?.route.pattern, `/api/${name}`, name)
        if (encodeURIComponent(name) !== name) assert.equal(matcher.match(`/api/${encodeURIComponent(name)}`), null, name)
        assert.equal(matcher.match(`/api/${name}x`), null)
      }
    }
  })
})

describe('compiled matcher: generated code', () => {
  it('shares one function among subtrees of the same shape (10,000 routes, a few functions)', () => {
    const patterns: string[] = []
    for (let i = 0; i < 2500; i++) patterns.push(`/api/r${i}`, `/api/r${i}/[id]`, `/api/r${i}/[id]/items`, `/api/f${i}/[...path]`)
    const matcher = new CompiledMatcher(createTree(tableOf(patterns)))
    assert.ok(matcher.sources.length <= 4, `${matcher.sources.length} functions`)
    assert.deepEqual(matcher.match('/api/r2499/7/items')?.params, { id: '7' })
    assert.deepEqual(matcher.match('/api/f0/a/b')?.params, { path: ['a', 'b'] })
    assert.equal(matcher.match('/api/r2500/7/items'), null)
  })

  it('passes the params matched above a table or a split subtree into its function', () => {
    const patterns = [`/api/[tenant]/[[...all]]`]
    for (let i = 0; i < 12; i++) patterns.push(`/api/[tenant]/s${i}/[id]`)
    for (let i = 0; i < 40; i++) patterns.push(`/api/[tenant]/deep/d${i % 5}/e${i}/[leaf]`)
    const matcher = new CompiledMatcher(createTree(tableOf(patterns)))
    assert.ok(matcher.sources.length > 1, 'the table and the big subtree are functions of their own')
    assert.deepEqual(outcome(matcher, '/api/acme/s11/9'), { pattern: '/api/[tenant]/s11/[id]', params: { tenant: 'acme', id: '9' } })
    assert.deepEqual(outcome(matcher, '/api/a%20b/deep/d3/e38/x%2Fy'), {
      pattern: '/api/[tenant]/deep/d3/e38/[leaf]',
      params: { tenant: 'a b', leaf: 'x/y' },
    })
    // Fails in the table's function, then falls back to the optional catch-all above it.
    assert.deepEqual(outcome(matcher, '/api/acme/s11/9/10'), { pattern: '/api/[tenant]/[[...all]]', params: { tenant: 'acme', all: ['s11', '9', '10'] } })
    assert.deepEqual(outcome(matcher, '/api/acme'), { pattern: '/api/[tenant]/[[...all]]', params: { tenant: 'acme' } })
    assert.equal(outcome(matcher, '/api/acme/s1/%E0%A4%A'), 'bad-request')
  })
})

describe('compiled matcher: agrees with the interpreted matcher', () => {
  /** A small deterministic PRNG (mulberry32), so a failure reproduces. */
  function random(seed: number): () => number {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
  }
  // Twelve static names (wider than the in-place comparisons), one encoded-looking, one non-ASCII.
  const statics = ['a', 'b', 'c', 'ab', 'new', 'items', 'x', 'y', 'z', 'é', 'q%20', 'long-name-over-sixteen-chars']
  const requestSegments = [...statics, 'é'.normalize('NFD'), '%C3%A9', 'q%2520', '%61', '7', 'other', '%E0%A4%A', 'a%2Fb']

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`random table and paths, seed ${seed}`, () => {
      const rand = random(seed)
      const pick = <V>(list: readonly V[]) => list[Math.floor(rand() * list.length)]
      const patterns = new Set<string>()
      let table: Route[] = []
      for (let tries = 0; tries < 400; tries++) {
        const depth = 1 + Math.floor(rand() * 4)
        const parts: string[] = []
        for (let d = 0; d < depth; d++) {
          const r = rand()
          if (r < 0.6) parts.push(pick(statics))
          else if (r < 0.85 || d < depth - 1) parts.push(`[p${d}]`)
          else parts.push(rand() < 0.5 ? `[...c${d}]` : `[[...o${d}]]`)
        }
        const pattern = `/api/${parts.join('/')}`
        if (patterns.has(pattern)) continue
        // Keep the route only if Next.js would accept it beside the others.
        try {
          table = tableOf([...patterns, pattern])
          patterns.add(pattern)
        } catch {
          // a conflict: leave it out
        }
      }
      assert.ok(table.length > 100, `${table.length} routes`)
      const compiled = new CompiledMatcher(createTree(table))
      const tree = createTreeMatcher(table)
      for (let n = 0; n < 3000; n++) {
        const depth = Math.floor(rand() * 6)
        const path = '/api' + Array.from({ length: depth }, () => `/${pick(requestSegments)}`).join('')
        assert.deepEqual(outcome(compiled, path), outcome(tree, path), path)
      }
    })
  }
})
