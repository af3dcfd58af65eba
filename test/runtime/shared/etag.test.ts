import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { etagOf, isFresh } from '../../../src/runtime/shared/etag.ts'

describe('etag', () => {
  it('is stable, quoted, and differs for different bodies', () => {
    assert.equal(etagOf('{"a":1}'), etagOf('{"a":1}'))
    assert.match(etagOf('x'), /^"[0-9a-z]+"$/)
    assert.notEqual(etagOf('{"a":1}'), etagOf('{"a":2}'))
    assert.equal(etagOf(Buffer.from('abc')), etagOf('abc'))
  })

  it('isFresh follows If-None-Match', () => {
    const tag = etagOf('body')
    assert.equal(isFresh(undefined, undefined, tag), false)
    assert.equal(isFresh(tag, undefined, tag), true)
    assert.equal(isFresh(`W/${tag}`, undefined, tag), true)
    assert.equal(isFresh(`"other", ${tag}`, undefined, tag), true)
    assert.equal(isFresh('*', undefined, tag), true)
    assert.equal(isFresh('"other"', undefined, tag), false)
    assert.equal(isFresh(tag, 'no-cache', tag), false)
  })
})
