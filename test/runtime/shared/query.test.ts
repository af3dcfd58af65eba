import assert from 'node:assert/strict'
import { parse } from 'node:querystring'
import { describe, it } from 'node:test'
import { parseQuery } from '../../../src/runtime/shared/query.ts'

describe('parseQuery', () => {
  const cases = [
    '',
    'a=1',
    'a=1&a=2&b=3',
    'flag',
    'q=hello%20world&plus=a+b&empty=',
    'a=%zz&b=%E2%9C%93',
    '&&a=1&&',
    '=x',
    'a=1=2',
    'k%20ey=v',
    'x=1&x=2&x=3',
  ]
  for (const c of cases) {
    it(`matches querystring.parse for ${JSON.stringify(c)}`, () => {
      assert.deepEqual({ ...parseQuery(c) }, { ...parse(c) })
    })
  }

  it('keeps a __proto__ key as data', () => {
    const q = parseQuery('__proto__=x&a=1')
    assert.equal(Object.getPrototypeOf(q), Object.prototype)
    assert.equal(q['__proto__' as string], 'x')
    assert.equal(q.a, '1')
  })

  it('stops at 1000 keys, like querystring', () => {
    const q = parseQuery(Array.from({ length: 1500 }, (_, i) => `k${i}=1`).join('&'))
    assert.equal(Object.keys(q).length, 1000)
  })
})
