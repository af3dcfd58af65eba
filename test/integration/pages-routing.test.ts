// pages/api routing over real HTTP: file names to URLs, segment-by-segment precedence with
// fallback, per-segment decoding, canonical-path redirects and unknown routes. Expected answers
// are what `next start` (16.4.6) gives for the same fixture; each handler answers
// `{ route, query }`, so a test sees both which file ran and what req.query held.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { buildAndServe, repoRoot, stopAndRemove, type RunningServer } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'

const fixture = path.join(repoRoot, 'test', 'fixtures', 'pages-app')
let dir = ''
let server: RunningServer

before(async () => {
  ;({ dir, server } = await buildAndServe(fixture))
})

after(() => stopAndRemove(dir, server))

/** GETs `urlPath` (sent as written), expects a 200 JSON answer and returns it. */
async function getRoute(urlPath: string): Promise<{ route: string; query: Record<string, unknown> }> {
  const r = await request(server.base, urlPath)
  assert.equal(r.status, 200, `${urlPath}: status ${r.status}, body ${r.body}`)
  assert.equal(r.headers['content-type'], 'application/json; charset=utf-8')
  return r.json()
}

type Case = [urlPath: string, route: string, query: Record<string, unknown>]

function checkCases(cases: Case[]): void {
  for (const [urlPath, route, query] of cases) {
    it(`${urlPath} -> ${route} ${JSON.stringify(query)}`, async () => {
      const got = await getRoute(urlPath)
      assert.equal(got.route, route)
      assert.deepEqual(got.query, query)
    })
  }
}

describe('file names map to URLs', () => {
  checkCases([
    ['/api', 'index', {}],
    ['/api/authors', 'authors/index', {}],
    ['/api/authors/new', 'authors/new', {}],
    ['/api/authors/234', 'authors/[id]', { id: '234' }],
    ['/api/authors/12/books/99', 'authors/[id]/books/[bookId]', { id: '12', bookId: '99' }],
    ['/api/store/phones', 'store/[...gadgets]', { gadgets: ['phones'] }],
    ['/api/store/phones/iphones/iphone15', 'store/[...gadgets]', { gadgets: ['phones', 'iphones', 'iphone15'] }],
    ['/api/shop/a', 'shop/[[...slug]]', { slug: ['a'] }],
    ['/api/shop/a/b/c', 'shop/[[...slug]]', { slug: ['a', 'b', 'c'] }],
  ])

  it('a catch-all param is an array even for one segment', async () => {
    const got = await getRoute('/api/store/phones')
    assert.ok(Array.isArray(got.query.gadgets))
  })

  it('an optional catch-all matches its own root, with the param absent from req.query', async () => {
    const r = await request(server.base, '/api/shop')
    assert.equal(r.status, 200)
    assert.deepEqual(r.json(), { route: 'shop/[[...slug]]', hasSlug: false, query: {} })
  })

  it('at an optional catch-all root, ?slug=q keeps the query value', async () => {
    const r = await request(server.base, '/api/shop?slug=q')
    assert.equal(r.status, 200)
    assert.deepEqual(r.json(), { route: 'shop/[[...slug]]', hasSlug: true, query: { slug: 'q' } })
  })
})

describe('precedence: static, then dynamic, then catch-all, then optional catch-all, with fallback', () => {
  checkCases([
    // static sibling beats [id]; static beats a catch-all
    ['/api/authors/new', 'authors/new', {}],
    ['/api/store/featured', 'store/featured', {}],
    ['/api/store/featured/extra', 'store/[...gadgets]', { gadgets: ['featured', 'extra'] }],
    // p/new/[b] takes exactly one more segment; anything else falls back to the p/[a] branch
    ['/api/p/new/x', 'p/new/[b]', { b: 'x' }],
    ['/api/p/new/a/b', 'p/[a]/[...rest]', { a: 'new', rest: ['a', 'b'] }],
    ['/api/p/new', 'p/[a]/index', { a: 'new' }],
    ['/api/p/x/y', 'p/[a]/[...rest]', { a: 'x', rest: ['y'] }],
    // rank/: static.js, [id].js, [id]/deep.js, [...all].js
    ['/api/rank/static', 'rank/static', {}],
    ['/api/rank/static/deep', 'rank/[id]/deep', { id: 'static' }],
    ['/api/rank/static/x', 'rank/[...all]', { all: ['static', 'x'] }],
    ['/api/rank/1', 'rank/[id]', { id: '1' }],
    ['/api/rank/1/deep', 'rank/[id]/deep', { id: '1' }],
    ['/api/rank/1/other', 'rank/[...all]', { all: ['1', 'other'] }],
    // opt/: fixed.js, [id].js, [[...rest]].js
    ['/api/opt', 'opt/[[...rest]]', {}],
    ['/api/opt/fixed', 'opt/fixed', {}],
    ['/api/opt/1', 'opt/[id]', { id: '1' }],
    ['/api/opt/1/2', 'opt/[[...rest]]', { rest: ['1', '2'] }],
    ['/api/opt?rest=q', 'opt/[[...rest]]', { rest: 'q' }],
  ])
})

describe('each segment is decoded on its own', () => {
  checkCases([
    ['/api/authors/a%2Fb', 'authors/[id]', { id: 'a/b' }],
    ['/api/authors/%E2%9C%93', 'authors/[id]', { id: '✓' }],
    ['/api/authors/jane%20doe', 'authors/[id]', { id: 'jane doe' }],
    ['/api/store/a%2Fb/c%20d', 'store/[...gadgets]', { gadgets: ['a/b', 'c d'] }],
    // an encoded `..` is data for the param, never a step up the file tree
    ['/api/authors/..%2F..', 'authors/[id]', { id: '../..' }],
  ])

  for (const urlPath of ['/api/authors/%E0%A4%A', '/api/store/ok/%E0%A4%A']) {
    it(`a malformed escape (${urlPath}) is 400 Bad Request`, async () => {
      const r = await request(server.base, urlPath)
      assert.equal(r.status, 400)
      assert.match(String(r.headers['content-type']), /^application\/json/)
      assert.deepEqual(r.json(), { error: 'Bad Request' })
    })
  }
})

describe('non-canonical paths redirect with 308', () => {
  const redirects: Array<[string, string]> = [
    ['/api/authors/234/', '/api/authors/234'],
    ['/api/authors/234/?x=1&y=a%20b', '/api/authors/234?x=1&y=a%20b'],
    ['/api/', '/api'],
    ['/api/does-not-exist/', '/api/does-not-exist'],
    ['/api//authors', '/api/authors'],
    ['/api//authors?x=1', '/api/authors?x=1'],
    ['/api\\authors', '/api/authors'],
  ]
  for (const [from, to] of redirects) {
    it(`${from} -> 308 ${to}`, async () => {
      const r = await request(server.base, from)
      assert.equal(r.status, 308)
      assert.equal(r.headers.location, to)
      assert.equal(r.body, to)
    })
  }

  it('a 308 also carries `Refresh: 0;url=<location>`, as Next.js sends for clients that ignore 308', async () => {
    const r = await request(server.base, '/api/authors/234/?x=1')
    assert.equal(r.status, 308)
    assert.equal(r.headers.refresh, '0;url=/api/authors/234?x=1')
  })

  it('the redirect target answers', async () => {
    const r = await request(server.base, '/api/authors/234/?x=1')
    const got = await getRoute(String(r.headers.location))
    assert.deepEqual(got.query, { x: '1', id: '234' })
  })
})

describe('.. never reaches outside the route table', () => {
  for (const urlPath of ['/api/../../etc/passwd', '/api/authors/../../../../etc/passwd', '/../../../etc/passwd']) {
    it(urlPath, async () => {
      const r = await request(server.base, urlPath)
      assert.ok([308, 400, 404].includes(r.status), `status ${r.status}, body ${r.body.slice(0, 200)}`)
      assert.doesNotMatch(r.body, /root:/)
      if (r.status === 308) assert.doesNotMatch(String(r.headers.location), /\.\./)
    })
  }

  // What next start (16.4.6) answers: dot segments inside the path are resolved and served,
  // a trailing one (plain or percent-encoded) redirects to the resolved path.
  it('resolves dot segments in the middle of a path and serves the result', async () => {
    assert.deepEqual((await getRoute('/api/authors/x/../new')).route, 'authors/new')
    assert.deepEqual((await getRoute('/api/store/a/../b')).query, { gadgets: ['b'] })
  })

  it('redirects a trailing dot segment, encoded or not, so `..` never becomes a param', async () => {
    for (const [p, location] of [['/api/authors/..', '/api'], ['/api/authors/%2e%2e', '/api'], ['/api/authors/.', '/api/authors']]) {
      const r = await request(server.base, p)
      assert.equal(r.status, 308, p)
      assert.equal(r.headers.location, location, p)
    }
  })
})

describe('unknown routes', () => {
  const unknown = [
    '/api/does-not-exist',
    '/api/authors/1/unknown',
    '/api/store', // a required catch-all does not match its own root
    '/api/rank',
    '/api/AUTHORS', // matching is case-sensitive
    '/nope',
    '/',
  ]
  for (const urlPath of unknown) {
    it(`${urlPath} is 404 with a JSON body`, async () => {
      const r = await request(server.base, urlPath)
      assert.equal(r.status, 404)
      assert.match(String(r.headers['content-type']), /^application\/json/)
      assert.deepEqual(r.json(), { error: 'Not Found' })
    })
  }

  it('a POST to an unknown route is 404 as well', async () => {
    const r = await request(server.base, '/api/does-not-exist', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    assert.equal(r.status, 404)
    assert.deepEqual(r.json(), { error: 'Not Found' })
  })
})
