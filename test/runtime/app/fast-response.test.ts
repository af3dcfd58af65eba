// The FastResponse the server installs as `Response`: for every input, the same status,
// headers, body, errors and `instanceof` answers as undici's Response, and a kept body that is
// written once and then reads as used.
import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { request } from '../../helpers/http.ts'
import { FastResponse, NativeResponse, takeFastBody } from '../../../src/runtime/app/fast-response.ts'
import '../../../src/runtime/app/run-route.ts' // installs FastResponse, as the server does
import { serveRoute } from './serve-route.ts'

const Fast = FastResponse as unknown as typeof Response

/** Everything a user can observe of a Response, or the class of the error building it threw. */
async function observe(make: () => Response): Promise<Record<string, unknown>> {
  let r: Response
  try {
    r = make()
  } catch (error) {
    return { throws: (error as Error).constructor.name }
  }
  const seen: Record<string, unknown> = {
    status: r.status,
    statusText: r.statusText,
    ok: r.ok,
    type: r.type,
    url: r.url,
    redirected: r.redirected,
    headers: [...r.headers],
    bodyIsNull: r.body === null,
    bodyUsed: r.bodyUsed,
  }
  seen.cloneText = await r.clone().text()
  seen.text = await r.text()
  seen.bodyUsedAfter = r.bodyUsed
  seen.secondRead = await r.text().then(
    () => 'read',
    (e: Error) => e.constructor.name,
  )
  return seen
}

const bytes = new Uint8Array([104, 105])
const constructorCases: Array<[string, () => [(BodyInit | null)?, ResponseInit?]]> = [
  ['no arguments', () => []],
  ['null body', () => [null]],
  ['string', () => ['hi']],
  ['empty string', () => ['']],
  ['lone surrogate', () => ['\uD800x']],
  ['Uint8Array', () => [bytes]],
  ['Buffer', () => [Buffer.from('abc')]],
  ['ArrayBuffer', () => [new ArrayBuffer(3)]],
  ['DataView', () => [new DataView(new ArrayBuffer(2))]],
  ['Blob (undici builds it)', () => [new Blob(['b'], { type: 'x/y' })]],
  ['URLSearchParams (undici builds it)', () => [new URLSearchParams('a=1')]],
  ['stream (undici builds it)', () => [new ReadableStream({ start: (c) => (c.enqueue(bytes), c.close()) })]],
  ['status 201', () => ['x', { status: 201 }]],
  ['status as a string', () => ['x', { status: '201' as unknown as number }]],
  ['status 204 with a body', () => ['x', { status: 204 }]],
  ['status 204 without a body', () => [null, { status: 204 }]],
  ['status 199', () => ['x', { status: 199 }]],
  ['status 600', () => ['x', { status: 600 }]],
  ['status 200.5', () => ['x', { status: 200.5 }]],
  ['status null', () => ['x', { status: null as unknown as number }]],
  ['statusText', () => ['x', { statusText: 'Fine' }]],
  ['statusText with a newline', () => ['x', { statusText: 'bad\n' }]],
  ['statusText above U+00FF', () => ['x', { statusText: 'Ā' }]],
  ['statusText as a number', () => ['x', { statusText: 5 as unknown as string }]],
  ['headers object with a Content-Type', () => ['x', { headers: { 'X-A': '1', 'content-type': 'text/html' } }]],
  ['two Set-Cookie', () => ['x', { headers: [['set-cookie', 'a=1'], ['set-cookie', 'b=2']] }]],
  ['Headers instance', () => ['x', { headers: new Headers({ a: '1' }) }]],
  ['invalid header name', () => ['x', { headers: { 'a b': '1' } }]],
  ['invalid header value', () => ['x', { headers: { a: 'x\ny' } }]],
  ['null init', () => ['x', null as unknown as ResponseInit]],
  ['number init', () => ['x', 5 as unknown as ResponseInit]],
  ['a Response as init', () => ['x', new NativeResponse('y', { status: 202, statusText: 'Acc', headers: { q: '1' } })]],
]

describe('new Response(...) answers like undici', () => {
  for (const [name, args] of constructorCases) {
    test(name, async () => {
      assert.deepEqual(await observe(() => new Fast(...args())), await observe(() => new NativeResponse(...args())))
    })
  }
})

const jsonCases: Array<[string, () => unknown[]]> = [
  ['an object', () => [{ a: 1 }]],
  ['status and headers', () => [{ a: 1 }, { status: 201, headers: { 'x-y': 'z' } }]],
  ['own Content-Type equal to the text default', () => [1, { headers: { 'content-type': 'text/plain;charset=UTF-8' } }]],
  ['own Content-Type', () => [1, { headers: { 'Content-Type': 'application/vnd.api+json' } }]],
  ['undefined', () => [undefined]],
  ['a function', () => [() => 1]],
  ['a BigInt', () => [1n]],
  ['no arguments', () => []],
  ['null init', () => [1, null]],
  ['number init', () => [1, 5]],
  ['status out of range', () => [1, { status: 700 }]],
  ['status 204', () => [1, { status: 204 }]],
]

describe('Response.json(...) answers like undici', () => {
  for (const [name, args] of jsonCases) {
    test(name, async () => {
      const call = (R: typeof Response) => () => (R.json as (...a: unknown[]) => Response)(...args())
      assert.deepEqual(await observe(call(Fast)), await observe(call(NativeResponse)))
    })
  }
})

test('the server process gets it as Response; instanceof holds every way', async () => {
  assert.equal(globalThis.Response, Fast)
  assert.equal(Response.name, 'Response')
  assert.equal(Object.prototype.toString.call(new Response('x')), '[object Response]')
  const fromFetch = await fetch('data:text/plain,hi')
  assert.ok(fromFetch instanceof Response, "undici's own responses are Responses")
  assert.ok(new Response('x') instanceof NativeResponse, 'and ours are undici Responses')
  class Mine extends Response {}
  assert.ok(new Mine('x') instanceof Mine)
  assert.ok(!(new Response('x') instanceof Mine))
  assert.equal(await new Mine('sub').text(), 'sub')
})

test("undici's methods called on it work (they read its state through undici's symbols)", async () => {
  assert.equal(await NativeResponse.prototype.text.call(new Fast('via prototype')), 'via prototype')
})

test('a buffer body is copied when the Response is built, as undici does', async () => {
  const buffer = Buffer.from('xyz')
  const response = new Response(buffer)
  buffer[0] = 65
  assert.equal(await response.text(), 'xyz')
})

test('headers changed after the body was read still reach a clone', async () => {
  const response = new Response('abc', { headers: { a: '1' } })
  await response.arrayBuffer()
  response.headers.set('x-later', '2')
  assert.throws(() => response.clone(), TypeError, 'the body is used')
  const early = new Response('abc')
  const body = early.body // builds undici's Response
  early.headers.set('x-later', '3')
  assert.equal(early.clone().headers.get('x-later'), '3')
  assert.ok(body)
})

test('a body handed to the writer then reads as used, and cannot be sent again', () => {
  const response = new Response('once')
  const fast = takeFastBody(response)
  assert.equal(fast?.body, 'once')
  assert.equal(takeFastBody(response), undefined)
  assert.equal(response.bodyUsed, true)
  assert.equal(response.body!.locked, true)
  assert.throws(() => response.clone(), TypeError)
  const empty = new Response(null, { status: 204 })
  takeFastBody(empty)
  assert.equal(empty.bodyUsed, false, 'a null body is never used')
})

describe('served', async () => {
  const shared = Response.json({ cached: true })
  const server = await serveRoute({
    GET: () => shared, // the same Response object for every request
    POST: () => new Response(new Uint8Array([1, 2, 3])),
  })
  after(() => server.close())

  test('returning the same Response twice: the second is a 500, as with undici', async () => {
    assert.equal((await request(server.base, '/x')).body, '{"cached":true}')
    const original = console.error
    console.error = () => {}
    try {
      assert.equal((await request(server.base, '/x')).status, 500)
    } finally {
      console.error = original
    }
  })

  test('a bytes body goes out whole, with a Content-Length and no Content-Type', async () => {
    const res = await request(server.base, '/x', { method: 'POST' })
    assert.equal(res.headers['content-length'], '3')
    assert.equal(res.headers['content-type'], undefined)
  })
})

describe('NextResponse built on it', async () => {
  // A fresh copy of next/server, evaluated after the install, as a route bundle is.
  const { NextResponse } = (await import(`../../../src/compat/next-response.ts?fast=${Date.now()}`)) as typeof import('../../../src/compat/next-response.ts')

  test('extends the FastResponse', () => {
    assert.equal(Object.getPrototypeOf(NextResponse), Fast)
    const response = NextResponse.json({ a: 1 })
    assert.ok(response instanceof NextResponse && response instanceof Response && response instanceof NativeResponse)
    assert.ok(!(new Response('x') instanceof NextResponse))
  })

  test('NextResponse.json answers like Response.json', async () => {
    const cases: Array<ResponseInit | undefined> = [
      undefined,
      { status: 201, statusText: 'Made' },
      { headers: { 'x-a': '1' } },
      { headers: { 'content-type': 'text/plain;charset=UTF-8' } },
      { status: 700 },
    ]
    for (const init of cases) {
      assert.deepEqual(
        await observe(() => NextResponse.json({ n: 1 }, init)),
        await observe(() => NativeResponse.json({ n: 1 }, init)),
        JSON.stringify(init),
      )
    }
  })

  test('served with its cookies and a Content-Length', async () => {
    const server = await serveRoute({
      GET() {
        const response = NextResponse.json({ ok: 1 })
        response.cookies.set('a', '1')
        return response
      },
    })
    after(() => server.close())
    const res = await request(server.base, '/x')
    assert.equal(res.headers['content-type'], 'application/json')
    assert.equal(res.headers['content-length'], '8')
    assert.deepEqual(res.headers['set-cookie'], ['a=1; Path=/'])
  })
})
