import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { canonicalPath, isCanonical } from '../../src/server/canonical-path.ts'

describe('canonical paths', () => {
  it('accepts ordinary paths', () => {
    for (const p of ['/', '/api', '/api/a.b', '/api/.well', '/api/a..b']) assert.equal(isCanonical(p), true, p)
  })

  it('rewrites trailing slashes, empty and dot segments, never above the root', () => {
    const cases: Array<[string, string]> = [
      ['/api/authors/234/', '/api/authors/234'],
      ['/api//authors', '/api/authors'],
      ['//api', '/api'],
      ['/api/./start', '/api/start'],
      ['/api/x/../start', '/api/start'],
      ['/api/../../etc/passwd', '/etc/passwd'],
      ['/..', '/'],
    ]
    for (const [input, want] of cases) {
      assert.equal(isCanonical(input), false, input)
      assert.equal(canonicalPath(input), want, input)
    }
  })
})
