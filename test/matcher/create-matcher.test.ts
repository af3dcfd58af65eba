// The server's matcher walks the tree for a table's first COMPILE_AFTER matches, then switches
// to the compiled matcher: the answers must not change across the switch.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BadRequestError } from '../../src/errors.ts'
import { COMPILE_AFTER, TieredMatcher } from '../../src/matcher/create-matcher.ts'
import { createRouteTable } from '../../src/routes/create-route-table.ts'
import { pagesFileToPattern } from '../../src/discovery/file-to-pattern.ts'
import { matchCases, routeFiles } from './cases.ts'

const table = createRouteTable(routeFiles.map((f) => ({ file: `pages/api/${f}`, pattern: pagesFileToPattern(`api/${f}`)!, source: 'pages' as const })))

function answer(matcher: TieredMatcher<(typeof table)[number]>, path: string): unknown {
  try {
    const m = matcher.match(path)
    return m === null ? null : { pattern: m.route.pattern, params: JSON.stringify(m.params) }
  } catch (err) {
    assert.ok(err instanceof BadRequestError)
    return 'bad-request'
  }
}

describe('createMatcher (tiered)', () => {
  it(`walks the tree for ${COMPILE_AFTER} matches, then answers the same compiled`, () => {
    const matcher = new TieredMatcher(table)
    const paths = matchCases.map(([path]) => path)
    const before = new Map<string, unknown>()
    let served = 0
    while (served < COMPILE_AFTER - 1) {
      const path = paths[served % paths.length]
      const got = answer(matcher, path)
      if (!before.has(path)) before.set(path, got)
      else assert.deepEqual(got, before.get(path), path)
      served++
    }
    assert.equal(matcher.tier, 'tree')
    answer(matcher, paths[0])
    assert.equal(matcher.tier, 'compiled')
    for (const path of paths) assert.deepEqual(answer(matcher, path), before.get(path), path)
  })
})
