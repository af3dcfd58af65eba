// `next/server` without Next.js: NextResponse's helpers and cookie jars, served for real, and
// the cookie classes and NextRequest on their own.
import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { request } from '../../helpers/http.ts'
import { NextRequest, NextResponse, NextURL, RequestCookies, ResponseCookies } from '../../../src/compat/next-server.ts'
import { serveRoute } from './serve-route.ts'

describe('NextResponse served by runAppRoute', async () => {
  const server = await serveRoute({
    GET: () => NextResponse.json({ ok: true }, { status: 201, headers: { 'x-custom': 'c' } }),
    POST: () => NextResponse.redirect('https://example.com/next?x=1'),
    PUT: () => NextResponse.redirect(new URL('/moved', 'http://h.test'), 308),
    PATCH() {
      const res = NextResponse.json({ cookies: true })
      res.cookies.set('session', 'a b', { httpOnly: true, maxAge: 60 })
      res.cookies.set('theme', 'dark')
      res.cookies.set({ name: 'theme', value: 'light', secure: true }) // replaces the first theme
      res.cookies.delete('old')
      return res
    },
  })
  after(() => server.close())

  test('NextResponse.json sets status, headers and application/json', async () => {
    const res = await request(server.base, '/x')
    assert.equal(res.status, 201)
    assert.equal(res.headers['content-type'], 'application/json')
    assert.equal(res.headers['x-custom'], 'c')
    assert.deepEqual(res.json(), { ok: true })
  })

  test('NextResponse.redirect answers 307 by default, or the status given, with Location', async () => {
    const temporary = await request(server.base, '/x', { method: 'POST' })
    assert.equal(temporary.status, 307)
    assert.equal(temporary.headers.location, 'https://example.com/next?x=1')
    const permanent = await request(server.base, '/x', { method: 'PUT' })
    assert.equal(permanent.status, 308)
    assert.equal(permanent.headers.location, 'http://h.test/moved')
  })

  test('response.cookies.set/delete write one Set-Cookie line per cookie', async () => {
    const res = await request(server.base, '/x', { method: 'PATCH' })
    const lines = res.headers['set-cookie']!
    assert.equal(lines.length, 3)
    // Next.js's attribute order and case (recorded: test/fixtures/compression, `app cookies *`).
    assert.match(lines[0], /^session=a%20b; Path=\/; Expires=[^;]+ GMT; Max-Age=60; HttpOnly$/)
    assert.equal(lines[1], 'theme=light; Path=/; Secure')
    assert.equal(lines[2], 'old=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT')
  })
})

test('NextResponse.json refuses values JSON cannot serialise, like Response.json', () => {
  assert.throws(() => NextResponse.json(undefined), TypeError)
  assert.ok(NextResponse.json({}) instanceof NextResponse)
})

test('NextResponse.redirect refuses relative URLs and non-redirect statuses', () => {
  assert.throws(() => NextResponse.redirect('/relative'), /absolute URL/)
  assert.throws(() => NextResponse.redirect('https://a.test', 200), RangeError)
})

test('NextResponse.rewrite marks the response with the destination and the request headers to override', () => {
  const headers = new Headers({ 'x-user': 'ada' })
  const res = NextResponse.rewrite(new URL('https://a.test/x?y=1'), { request: { headers } })
  assert.equal(res.headers.get('x-middleware-rewrite'), 'https://a.test/x?y=1')
  assert.equal(res.headers.get('x-middleware-override-headers'), 'x-user')
  assert.equal(res.headers.get('x-middleware-request-x-user'), 'ada')
  assert.throws(() => NextResponse.rewrite('/relative'), /NextResponse.rewrite needs an absolute URL/)
})

test('response.cookies reads what it set and the Set-Cookie headers it started with', () => {
  const res = new NextResponse('x', { headers: { 'set-cookie': 'first=1; Path=/app; HttpOnly' } })
  assert.deepEqual(res.cookies.get('first'), { name: 'first', value: '1', path: '/app', httpOnly: true })
  res.cookies.set('second', '2')
  assert.equal(res.cookies.get('second')?.path, '/')
  assert.deepEqual(
    res.cookies.getAll().map((c) => c.name),
    ['first', 'second'],
  )
  assert.equal(res.cookies.has('first'), true)
  // An untouched cookie keeps its original line.
  assert.deepEqual(res.headers.getSetCookie(), ['first=1; Path=/app; HttpOnly', 'second=2; Path=/'])
})

test('ResponseCookies works on any Headers, as in next/server', () => {
  const headers = new Headers()
  const jar = new ResponseCookies(headers)
  jar.set('a', '1', { domain: 'example.com', sameSite: 'strict', expires: 0 })
  assert.deepEqual(headers.getSetCookie(), ['a=1; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Domain=example.com; SameSite=strict'])
})

test('RequestCookies reads, sets and deletes through the Cookie header', () => {
  const headers = new Headers({ cookie: 'a=1; b=x%20y' })
  const jar = new RequestCookies(headers)
  assert.equal(jar.size, 2)
  assert.deepEqual(jar.get('b'), { name: 'b', value: 'x y' })
  assert.deepEqual(jar.getAll('a'), [{ name: 'a', value: '1' }])
  jar.set('c', '3')
  assert.equal(headers.get('cookie'), 'a=1; b=x%20y; c=3')
  assert.equal(jar.delete('a'), true)
  assert.deepEqual(jar.delete(['a', 'b']), [false, true])
  assert.equal(headers.get('cookie'), 'c=3')
  jar.clear()
  assert.equal(headers.get('cookie'), null)
})

test('NextRequest works when built by user code too', async () => {
  const req = new NextRequest('https://shop.test/cart?item=7', { headers: { cookie: 'cart=7' } })
  assert.equal(req.nextUrl.pathname, '/cart')
  assert.equal(req.nextUrl.searchParams.get('item'), '7')
  assert.equal(req.nextUrl.clone().href, 'https://shop.test/cart?item=7')
  assert.deepEqual(req.cookies.get('cart'), { name: 'cart', value: '7' })
  assert.ok(req instanceof NextRequest)
  assert.ok(req instanceof Request)
  assert.ok(!(new Request('https://a.test') instanceof NextRequest))
})

test('instanceof NextRequest holds across two copies of next/server', async () => {
  const copy = (await import(`../../../src/compat/next-request.ts?copy=${Date.now()}`)) as typeof import('../../../src/compat/next-request.ts')
  assert.notEqual(copy.NextRequest, NextRequest, 'really a second copy')
  assert.ok(new NextRequest('https://a.test') instanceof copy.NextRequest)
  assert.ok(new copy.NextRequest('https://a.test') instanceof NextRequest)
})

test('NextURL under a basePath: pathname without it, href and clones with it', () => {
  const url = new NextURL('http://localhost:3000/base/api/x?q=1', undefined, { basePath: '/base' })
  assert.equal(url.basePath, '/base')
  assert.equal(url.pathname, '/api/x')
  assert.equal(url.href, 'http://localhost:3000/base/api/x?q=1')
  url.pathname = '/api/y'
  assert.equal(url.href, 'http://localhost:3000/base/api/y?q=1')
  assert.equal(url.clone().pathname, '/api/y')
  assert.equal(new NextURL('http://localhost/other', undefined, { basePath: '/base' }).basePath, '')
})
