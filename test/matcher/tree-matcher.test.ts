import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BadRequestError } from '../../src/errors.ts'
import { createCompiledMatcher } from '../../src/matcher/compiled-matcher.ts'
import { createTreeMatcher } from '../../src/matcher/tree-matcher.ts'
import { createRouteTable } from '../../src/routes/create-route-table.ts'
import { pagesFileToPattern } from '../../src/discovery/file-to-pattern.ts'
import { matchCases, routeFiles } from './cases.ts'

const table = createRouteTable(routeFiles.map((f) => ({ file: `pages/api/${f}`, pattern: pagesFileToPattern(`api/${f}`)!, source: 'pages' as const })))

// Every case runs against both matchers servers use (create-matcher.ts: the walk first, then compiled).
for (const [label, create] of [['compiled matcher', createCompiledMatcher], ['tree matcher', createTreeMatcher]] as const) {
  describe(label, () => {
    const matcher = create(table)
    for (const [path, expected] of matchCases) {
      it(`${path} -> ${expected === null || expected === 'bad-request' ? expected : expected.pattern}`, () => {
        if (expected === 'bad-request') {
          assert.throws(() => matcher.match(path), BadRequestError)
          return
        }
        const got = matcher.match(path)
        if (expected === null) return assert.equal(got, null)
        assert.ok(got, `no match for ${path}`)
        assert.equal(got.route.pattern, expected.pattern)
        assert.deepEqual(got.params, expected.params)
      })
    }

    it('agrees with Next.js’s first-match-in-sorted-order rule on every case', () => {
      // The reference: try each route of the sorted table in order, as Next.js's regex loop does.
      const reference = (path: string) =>
        table.find((r) => {
          const segs = path.split('/').filter(Boolean)
          let i = 0
          for (const s of r.segments) {
            if (s.type === 'static') {
              // Compared as sent: Next.js's route regexes run on the encoded path.
              if (segs[i] === undefined || segs[i] !== s.name) return false
              i++
            } else if (s.type === 'dynamic') {
              if (segs[i] === undefined) return false
              i++
            } else if (s.type === 'catch-all') return i < segs.length
            else return true
          }
          return i === segs.length
        })?.pattern ?? null
      for (const [path, expected] of matchCases) {
        // A malformed escape matches a route's regex, then fails to decode: the matcher's 400.
        if (expected === 'bad-request') {
          assert.notEqual(reference(path), null, path)
          continue
        }
        assert.equal(reference(path), expected === null ? null : expected.pattern, path)
      }
    })

    it('scales with path length, not route count: 10,000 routes', () => {
      const many = createRouteTable(
        Array.from({ length: 10_000 }, (_, i) => ({ file: `pages/api/r${i}/[id].ts`, pattern: `/api/r${i}/[id]`, source: 'pages' as const })),
      )
      const m = create(many)
      assert.deepEqual(m.match('/api/r9999/x')?.params, { id: 'x' })
      assert.equal(m.match('/api/r10000/x'), null)
    })
  })
}
