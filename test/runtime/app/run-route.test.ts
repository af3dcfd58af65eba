// runAppRoute picks the export for the method as Next.js 16 does, passes `{ params }` as a
// Promise, and turns failures into responses (recorded Next.js answers: 405 and OPTIONS with
// empty bodies, `allow: DELETE, GET, HEAD, OPTIONS, POST`, HEAD with headers and no body).
import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { request } from '../../helpers/http.ts'
import { NextResponse } from '../../../src/compat/next-server.ts'
import { allowHeader, APP_ROUTE_METHODS, appRouteMethods } from '../../../src/runtime/app/methods.ts'
import type { RouteParams } from '../../../src/runtime/app/run-route.ts'
import { captureConsoleError, serveRoute } from './serve-route.ts'

type Ctx = { params: Promise<Record<string, string | string[]>> }

const echoParams = {
  async GET(_request: Request, { params }: Ctx) {
    const isPromise = params instanceof Promise
    return Response.json({ isPromise, params: await params })
  },
}

describe('params', () => {
  const cases: Array<[string, RouteParams]> = [
    ['dynamic', { id: '42' }],
    ['catch-all (array)', { path: ['a', 'b', 'c.txt'] }],
    ['optional catch-all root ({})', {}],
  ]
  for (const [name, params] of cases) {
    test(`arrive as a Promise: ${name}`, async () => {
      const server = await serveRoute(echoParams, { params })
      after(() => server.close())
      const res = await request(server.base, '/x')
      assert.equal(res.status, 200)
      assert.deepEqual(res.json(), { isPromise: true, params })
    })
  }
})

describe('method resolution', async () => {
  let getCalls = 0
  const mod = {
    GET() {
      getCalls++
      return Response.json({ ok: true }, { headers: { 'x-custom': 'kept' } })
    },
    POST: () => new Response('posted'),
    DELETE: () => new Response(null, { status: 204 }),
  }
  const server = await serveRoute(mod)
  after(() => server.close())

  test('HEAD without an export runs GET and sends its headers without a body', async () => {
    const before = getCalls
    const res = await request(server.base, '/x', { method: 'HEAD' })
    assert.equal(res.status, 200)
    assert.equal(res.headers['x-custom'], 'kept')
    assert.equal(res.headers['content-type'], 'application/json')
    assert.equal(res.body, '')
    assert.equal(getCalls, before + 1)
  })

  test('OPTIONS without an export answers 204 with the sorted Allow list', async () => {
    const res = await request(server.base, '/x', { method: 'OPTIONS' })
    assert.equal(res.status, 204)
    assert.equal(res.headers.allow, 'DELETE, GET, HEAD, OPTIONS, POST')
    assert.equal(res.body, '')
  })

  test('a method the module does not export is 405 with an empty body and no Allow', async () => {
    for (const method of ['PUT', 'PATCH']) {
      const res = await request(server.base, '/x', { method, body: 'ignored' })
      assert.equal(res.status, 405, method)
      assert.equal(res.body, '')
      assert.equal(res.headers.allow, undefined)
    }
  })

  test('a method Next.js does not know is 400 with an empty body', async () => {
    const res = await request(server.base, '/x', { method: 'PROPFIND' })
    assert.equal(res.status, 400)
    assert.equal(res.body, '')
  })

  test('an exported OPTIONS or HEAD is used as is', async () => {
    const own = await serveRoute({
      GET: () => new Response('get'),
      HEAD: () => new Response(null, { headers: { 'x-from': 'head' } }),
      OPTIONS: () => new Response('custom options', { status: 200 }),
    })
    after(() => own.close())
    const options = await request(own.base, '/x', { method: 'OPTIONS' })
    assert.equal(options.status, 200)
    assert.equal(options.body, 'custom options')
    const head = await request(own.base, '/x', { method: 'HEAD' })
    assert.equal(head.headers['x-from'], 'head')
  })
})

test('appRouteMethods lists the exported functions; allowHeader adds HEAD and OPTIONS', () => {
  assert.deepEqual(APP_ROUTE_METHODS, ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'])
  const mod = { POST() {}, GET() {}, DELETE() {}, PUT: 'not a function', helper() {} }
  assert.deepEqual(appRouteMethods(mod), ['GET', 'POST', 'DELETE'])
  assert.equal(allowHeader(mod), 'DELETE, GET, HEAD, OPTIONS, POST')
  assert.equal(allowHeader({ POST() {} }), 'OPTIONS, POST')
})

describe('failures', () => {
  const failing = {
    GET() {
      throw new Error('boom in GET')
    },
    async POST() {
      await new Promise((r) => setTimeout(r, 5))
      throw new Error('boom in POST')
    },
    PUT: () => ({ not: 'a response' }),
    PATCH: () => NextResponse.next(),
  }

  test('a throwing or rejecting handler is a 500 with an empty body, error and stack logged', async () => {
    const server = await serveRoute(failing)
    after(() => server.close())
    for (const method of ['GET', 'POST']) {
      const { result: res, logged } = await captureConsoleError(() => request(server.base, '/x', { method }))
      assert.equal(res.status, 500, method)
      assert.equal(res.body, '')
      assert.match(logged, new RegExp(`boom in ${method}`))
      assert.match(logged, /\n\s+at /, 'the stack is logged')
    }
  })

  test('in dev the 500 carries { error, stack } as JSON', async () => {
    const server = await serveRoute(failing, { dev: true })
    after(() => server.close())
    const { result: res } = await captureConsoleError(() => request(server.base, '/x'))
    assert.equal(res.status, 500)
    assert.match(String(res.headers['content-type']), /^application\/json/)
    const body = res.json()
    assert.equal(body.error, 'boom in GET')
    assert.match(body.stack, /boom in GET[\s\S]*\n\s+at /)
  })

  test('returning something that is not a Response is a 500 with a logged error naming the method', async () => {
    const server = await serveRoute(failing)
    after(() => server.close())
    const { result: res, logged } = await captureConsoleError(() => request(server.base, '/things/1?q=2', { method: 'PUT' }))
    assert.equal(res.status, 500)
    assert.equal(res.body, '')
    assert.match(logged, /No response is returned from route handler PUT \/things\/1\./)
  })

  test('NextResponse.next() from a route handler is a 500, as in Next.js', async () => {
    const server = await serveRoute(failing)
    after(() => server.close())
    const { result: res, logged } = await captureConsoleError(() => request(server.base, '/x', { method: 'PATCH' }))
    assert.equal(res.status, 500)
    assert.match(logged, /NextResponse\.next\(\)/)
  })

  test('a body stream that fails before its first chunk is a clean 500 without the headers set so far', async () => {
    const server = await serveRoute({
      GET: () =>
        new Response(new ReadableStream({ pull: () => Promise.reject(new Error('no data')) }), {
          headers: { 'x-partial': 'yes' },
        }),
    })
    after(() => server.close())
    const { result: res, logged } = await captureConsoleError(() => request(server.base, '/x'))
    assert.equal(res.status, 500)
    assert.equal(res.headers['x-partial'], undefined)
    assert.match(logged, /no data/)
  })

  test('a body stream that fails mid-way cuts the connection instead of ending the response', async () => {
    let n = 0
    const server = await serveRoute({
      GET: () =>
        new Response(
          new ReadableStream({
            async pull(controller) {
              if (n++ === 0) return controller.enqueue(new TextEncoder().encode('part one'))
              await new Promise((r) => setTimeout(r, 20))
              throw new Error('failed mid-stream')
            },
          }),
        ),
    })
    after(() => server.close())
    const { result, logged } = await captureConsoleError(() => request(server.base, '/x').then(() => 'completed', (e: Error) => e.message))
    assert.notEqual(result, 'completed', 'the client must not see a complete response')
    assert.match(logged, /failed mid-stream/)
  })
})
