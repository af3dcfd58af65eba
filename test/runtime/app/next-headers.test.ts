// `cookies()` and `headers()` from next/headers: each request sees its own values, even under
// concurrency and from a second copy of the module (as a route bundle carries), cookies set
// through them reach the response, and calling them outside a request fails clearly.
import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { request } from '../../helpers/http.ts'
import { cookies, headers } from '../../../src/compat/next-headers.ts'
import { serveRoute } from './serve-route.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('under 50 concurrent requests', async () => {
  const server = await serveRoute({
    async GET() {
      // Interleave the requests: each one reads after others have started and finished.
      await sleep(Math.random() * 20)
      const id = (await headers()).get('x-id')
      await sleep(Math.random() * 20)
      const jar = await cookies()
      const cookie = jar.get('session')?.value
      jar.set('seen', String(id), { httpOnly: true })
      await sleep(Math.random() * 5)
      return Response.json({ id, cookie, again: (await headers()).get('x-id') })
    },
  })
  after(() => server.close())

  test('each request sees its own headers() and cookies(), and gets its own Set-Cookie', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `req-${i}`)
    const answers = await Promise.all(
      ids.map((id) => request(server.base, '/x', { headers: { 'x-id': id, cookie: `session=s-${id}; other=1` } })),
    )
    answers.forEach((res, i) => {
      assert.deepEqual(res.json(), { id: ids[i], cookie: `s-${ids[i]}`, again: ids[i] })
      assert.deepEqual(res.headers['set-cookie'], [`seen=${ids[i]}; Path=/; HttpOnly`])
    })
  })
})

test('a second copy of next/headers (as bundled into a route) reads the same request store', async () => {
  // A query string makes the loader evaluate the file again: a separate module instance, like
  // the copy esbuild puts in each built route file.
  const copy = (await import(`../../../src/compat/next-headers.ts?copy=${Date.now()}`)) as typeof import('../../../src/compat/next-headers.ts')
  assert.notEqual(copy.headers, headers, 'really a second copy')
  const server = await serveRoute({
    async GET() {
      const jar = await copy.cookies()
      jar.set('from-copy', 'yes')
      return Response.json({ id: (await copy.headers()).get('x-id'), theme: jar.get('theme')?.value })
    },
  })
  after(() => server.close())
  const res = await request(server.base, '/x', { headers: { 'x-id': 'copied', cookie: 'theme=dark' } })
  assert.deepEqual(res.json(), { id: 'copied', theme: 'dark' })
  assert.deepEqual(res.headers['set-cookie'], ['from-copy=yes; Path=/'])
})

describe('cookies() in a route handler', async () => {
  const server = await serveRoute({
    async GET() {
      const jar = await cookies()
      jar.set('a', '1')
      jar.set('a', '2') // the later value wins: one Set-Cookie per name
      jar.set({ name: 'b', value: 'x y', maxAge: 60, sameSite: 'lax' })
      jar.delete('old')
      const seen = { a: jar.get('a')?.value, old: jar.get('old')?.value, hasOld: jar.has('old'), all: jar.getAll().length }
      const res = Response.json(seen)
      res.headers.append('set-cookie', 'b=from-response; Path=/') // the response's own wins
      return res
    },
  })
  after(() => server.close())

  test('set and delete reach the response; reads see them; the response wins on a shared name', async () => {
    const res = await request(server.base, '/x', { headers: { cookie: 'old=1; keep=2' } })
    assert.deepEqual(res.json(), { a: '2', old: '', hasOld: true, all: 4 })
    const lines = res.headers['set-cookie']!
    assert.equal(lines.length, 3)
    assert.equal(lines[0], 'b=from-response; Path=/')
    assert.equal(lines[1], 'a=2; Path=/')
    assert.match(lines[2], /^old=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT$/)
  })
})

test('headers() is read-only', async () => {
  let message = ''
  const server = await serveRoute({
    async GET() {
      const h = await headers()
      try {
        h.set('x-new', '1')
      } catch (error) {
        message = (error as Error).message
      }
      return new Response(h.get('x-in') ?? '')
    },
  })
  after(() => server.close())
  assert.equal((await request(server.base, '/x', { headers: { 'x-in': 'kept' } })).body, 'kept')
  assert.match(message, /cannot be modified/)
})

test('cookies() and headers() outside a request throw a clear Error', () => {
  assert.throws(() => cookies(), /`cookies\(\)` was called outside a request/)
  assert.throws(() => headers(), /`headers\(\)` was called outside a request/)
})
