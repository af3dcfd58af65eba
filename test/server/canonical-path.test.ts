import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isCanonical, rewritePath } from '../../src/server/canonical-path.ts'

describe('canonical paths', () => {
  it('accepts ordinary paths', () => {
    for (const p of ['/', '/api', '/api/a.b', '/api/.well', '/api/a..b', '/api/a%20b', '/api/%2e%2ex']) assert.equal(isCanonical(p), true, p)
  })

  // Each expectation is what `next start` (16.4.6) answered for the same path.
  it('redirects trailing slashes, empty segments, backslashes and trailing dot segments', () => {
    const cases: Array<[string, string]> = [
      ['/api/authors/234/', '/api/authors/234'],
      ['/api//authors', '/api/authors'],
      ['//api', '/api'],
      ['/api\\authors', '/api/authors'],
      ['/api/authors/..', '/api'],
      ['/api/authors/.', '/api/authors'],
      ['/api/authors/%2e%2e', '/api'],
      ['/api/authors/%2E%2E', '/api'],
      ['/..', '/'],
      // Runs of slashes first, alone: the trailing slash goes on the next redirect.
      ['/api/enc//', '/api/enc/'],
      ['/api/enc///', '/api/enc/'],
      ['/api//authors/', '/api/authors/'],
    ]
    for (const [input, want] of cases) {
      assert.equal(isCanonical(input), false, input)
      assert.deepEqual(rewritePath(input), { path: want, redirect: true }, input)
    }
  })

  it('serves dot segments in the middle resolved, never above the root', () => {
    const cases: Array<[string, string]> = [
      ['/api/authors/x/../new', '/api/authors/new'],
      ['/api/store/a/../b', '/api/store/b'],
      ['/api/x/%2e%2e/start', '/api/start'],
      ['/api/../../etc/passwd', '/etc/passwd'],
    ]
    for (const [input, want] of cases) {
      assert.equal(isCanonical(input), false, input)
      assert.deepEqual(rewritePath(input), { path: want, redirect: false }, input)
    }
  })
})
