// Property: for random route tables Next.js would accept and random canonical paths, both of
// Slugline's matchers (the walk, and the compiled code servers switch to) pick what a port of
// Next.js's own route ordering and regexes picks (next-route-order.ts), with the same params,
// and a 400 exactly where Next.js's param decoding fails. Bounded: a fixed number of runs and
// a fixed seed unless FUZZ_SEED is set, so CI is repeatable and a failure can be replayed.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { BadRequestError } from '../../src/errors.ts'
import { CompiledMatcher } from '../../src/matcher/compiled-matcher.ts'
import { createTree } from '../../src/matcher/tree.ts'
import { createTreeMatcher } from '../../src/matcher/tree-matcher.ts'
import type { Matcher } from '../../src/matcher/types.ts'
import { createRouteTable } from '../../src/routes/create-route-table.ts'
import type { Route } from '../../src/routes/types.ts'
import { nextMatcher, type Outcome } from './next-route-order.ts'

const seed = Number(process.env.FUZZ_SEED ?? 20261202)
const STATICS = ['a', 'b', 'ab', 'new', 'index', 'items', 'é', 'x-y', 'A', 'B', 'long-static-name-over-16']
const PARAMS = ['id', 'slug', 'p', 'q']

const segment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...STATICS) },
  { weight: 3, arbitrary: fc.constantFrom(...PARAMS).map((n) => `[${n}]`) },
  { weight: 1, arbitrary: fc.constantFrom(...PARAMS).map((n) => `[...${n}]`) },
  { weight: 1, arbitrary: fc.constantFrom(...PARAMS).map((n) => `[[...${n}]]`) },
)
const pattern = fc.array(segment, { minLength: 0, maxLength: 4 }).map((segs) => `/api${segs.length ? '/' : ''}${segs.join('/')}`)

/** The patterns Next.js would accept together: each kept only if the table still builds. */
function acceptedTable(patterns: string[]): Route[] {
  let table: Route[] = []
  const kept: string[] = []
  for (const p of new Set(patterns)) {
    try {
      table = createRouteTable([...kept, p].map((x) => ({ file: `pages${x}.ts`, pattern: x, source: 'pages' as const })))
      kept.push(p)
    } catch {
      // Next.js refuses this one beside the others
    }
  }
  return table
}

const pathSegment = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...STATICS, '%C3%A9', '%61', '%2F', 'a%2Fb', '%E0%A4%A', '%zz', '7', 'index', 'A%20B', '~', '%7E') },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z0-9%._~-]{1,6}$/) },
)
const path = fc
  .array(pathSegment, { minLength: 0, maxLength: 6 })
  .map((segs) => `/api${segs.length ? '/' : ''}${segs.join('/')}`)
  .filter((p) => !p.split('/').some((s) => /^(\.|%2e){1,2}$/i.test(s)))

function outcome(matcher: Matcher<Route>, p: string): Outcome {
  try {
    const m = matcher.match(p)
    return m === null ? null : { pattern: m.route.pattern, params: { ...m.params } }
  } catch (err) {
    assert.ok(err instanceof BadRequestError, `${p}: ${String(err)}`)
    return 'bad-request'
  }
}

test('both matchers agree with a port of Next.js route ordering (fast-check, 300 tables x 40 paths)', () => {
  fc.assert(
    fc.property(fc.array(pattern, { minLength: 1, maxLength: 24 }), fc.array(path, { minLength: 40, maxLength: 40 }), (patterns, paths) => {
      const table = acceptedTable(patterns)
      const next = nextMatcher(table.map((r) => r.pattern))
      const walk = createTreeMatcher(table)
      const compiled = new CompiledMatcher(createTree(table))
      for (const p of paths) {
        const want = next(p)
        assert.deepEqual(outcome(walk, p), want, `walk, ${p} in [${table.map((r) => r.pattern).join(', ')}]`)
        assert.deepEqual(outcome(compiled, p), want, `compiled, ${p}`)
      }
    }),
    { numRuns: 300, seed },
  )
})
