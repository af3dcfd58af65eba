// The Request a route handler receives: URL, method, headers, each way of reading the body,
// a body that is not read up front, and a signal that follows the client's connection.
import assert from 'node:assert/strict'
import http from 'node:http'
import net from 'node:net'
import { after, describe, test } from 'node:test'
import { request } from '../../helpers/http.ts'
import { NextRequest } from '../../../src/compat/next-server.ts'
import { deferred, serveRoute, within } from './serve-route.ts'

describe('url, method and headers', async () => {
  const server = await serveRoute({
    GET: (req: Request) => Response.json({ url: req.url, method: req.method, custom: req.headers.get('x-custom'), body: req.body }),
    DELETE: (req: Request) => Response.json({ method: req.method, hasBody: req.body !== null }),
  })
  after(() => server.close())

  test('the URL is absolute: the server\'s own origin + path and query, never the client\'s Host', async () => {
    const own = `http://localhost:${server.port}`
    const res = await request(server.base, '/a/b?x=1&y=2', { headers: { 'x-custom': 'yes' } })
    assert.deepEqual(res.json(), { url: `${own}/a/b?x=1&y=2`, method: 'GET', custom: 'yes', body: null })
    const other = await request(server.base, '/p', { headers: { host: 'evil.example' } })
    assert.equal(other.json().url, `${own}/p`)
    const missing = await rawGet(server.port, 'GET /q?z=1 HTTP/1.0\r\n\r\n')
    assert.equal(JSON.parse(missing).url, `${own}/q?z=1`)
  })

  test('a request without Content-Length or Transfer-Encoding has no body', async () => {
    const res = await request(server.base, '/x', { method: 'DELETE' })
    assert.deepEqual(res.json(), { method: 'DELETE', hasBody: false })
  })
})

describe('body', async () => {
  const server = await serveRoute({
    async POST(req: Request) {
      const kind = new URL(req.url).searchParams.get('as')
      if (kind === 'json') return Response.json({ got: await req.json() })
      if (kind === 'text') return Response.json({ got: await req.text() })
      if (kind === 'bytes') return Response.json({ got: [...new Uint8Array(await req.arrayBuffer())] })
      if (kind === 'form') {
        const form = await req.formData()
        const out: Record<string, unknown> = {}
        for (const [key, value] of form) {
          out[key] = typeof value === 'string' ? value : { name: value.name, type: value.type, text: await value.text() }
        }
        return Response.json({ got: out })
      }
      let bytes = 0
      for await (const chunk of req.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength
      return Response.json({ got: bytes })
    },
  })
  after(() => server.close())

  test('json(), text() and arrayBuffer()', async () => {
    const json = await fetch(`${server.base}/?as=json`, { method: 'POST', body: '{"qty":3}', headers: { 'content-type': 'application/json' } })
    assert.deepEqual(await json.json(), { got: { qty: 3 } })
    const text = await fetch(`${server.base}/?as=text`, { method: 'POST', body: 'twelve chars' })
    assert.deepEqual(await text.json(), { got: 'twelve chars' })
    const bytes = await fetch(`${server.base}/?as=bytes`, { method: 'POST', body: new Uint8Array([0, 1, 255]) })
    assert.deepEqual(await bytes.json(), { got: [0, 1, 255] })
  })

  test('formData() for urlencoded and multipart bodies', async () => {
    const urlencoded = await fetch(`${server.base}/?as=form`, { method: 'POST', body: new URLSearchParams({ a: '1', b: 'two words' }) })
    assert.deepEqual(await urlencoded.json(), { got: { a: '1', b: 'two words' } })
    const form = new FormData()
    form.append('title', 'Dune')
    form.append('file', new Blob(['file body'], { type: 'text/plain' }), 'notes.txt')
    const multipart = await fetch(`${server.base}/?as=form`, { method: 'POST', body: form })
    assert.deepEqual(await multipart.json(), { got: { title: 'Dune', file: { name: 'notes.txt', type: 'text/plain', text: 'file body' } } })
  })

  test('the body stream delivers a chunked request body of several MB', async () => {
    const size = 3 * 1024 * 1024
    const body = new ReadableStream({
      start(controller) {
        for (let sent = 0; sent < size; sent += 64 * 1024) controller.enqueue(new Uint8Array(64 * 1024))
        controller.close()
      },
    })
    const res = await fetch(`${server.base}/?as=stream`, { method: 'POST', body, duplex: 'half' } as RequestInit)
    assert.deepEqual(await res.json(), { got: size })
  })
})

test('a handler that never touches the body does not make the bridge read it', async () => {
  let flowing: boolean | null | undefined
  let consumers = -1
  const server = await serveRoute({
    POST() {
      const req = server.lastReq()!
      flowing = req.readableFlowing
      consumers = req.listenerCount('data') + req.listenerCount('readable')
      return new Response('ignored your body')
    },
  })
  after(() => server.close())
  const res = await request(server.base, '/x', { method: 'POST', body: Buffer.alloc(2 * 1024 * 1024, 97) })
  assert.equal(res.body, 'ignored your body')
  assert.equal(flowing, null, 'nothing started the request stream flowing')
  assert.equal(consumers, 0, 'nothing listens for its data')
})

test('a body read only in part does not stall the next request on a keep-alive connection', async () => {
  const server = await serveRoute({
    async POST(req: Request) {
      const { value } = await req.body!.getReader().read()
      return new Response(`read ${value!.byteLength > 0}`)
    },
  })
  after(() => server.close())
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  after(() => agent.destroy())
  const post = () =>
    new Promise<{ body: string; socket: unknown }>((resolve, reject) => {
      const req = http.request(`${server.base}/x`, { method: 'POST', agent }, (res) => {
        let body = ''
        res.on('data', (c) => (body += c))
        res.on('end', () => resolve({ body, socket: req.socket }))
      })
      req.on('error', reject)
      req.end(Buffer.alloc(4 * 1024 * 1024, 98))
    })
  const first = await within(post(), 5000, 'first request')
  const second = await within(post(), 5000, 'second request on the same connection')
  assert.equal(first.body, 'read true')
  assert.equal(second.body, 'read true')
  assert.equal(first.socket, second.socket, 'the connection was reused')
})

test('the request is a real Request: clone() and forwarding it with fetch keep the body', async () => {
  const upstream = await serveRoute({
    POST: async (req: Request) => new Response(`upstream got ${await req.text()} via ${req.headers.get('x-via')}`),
  })
  after(() => upstream.close())
  const server = await serveRoute({
    async POST(req: Request) {
      const copy = req.clone()
      const forwarded = await fetch(new Request(`${upstream.base}/in`, req))
      return Response.json({ clone: await copy.text(), forwarded: await forwarded.text() })
    },
  })
  after(() => server.close())
  // With Content-Length: undici's fetch refuses to forward a Transfer-Encoding header, in
  // Next.js too, since the incoming headers are copied as they came.
  const res = await request(server.base, '/x', { method: 'POST', body: 'payload', headers: { 'x-via': 'proxy', 'content-length': '7' } })
  assert.deepEqual(res.json(), { clone: 'payload', forwarded: 'upstream got payload via proxy' })
})

test('fetch(request) sends the request itself, with its body and a header the handler added', async () => {
  // One server, two hops: the first request is sent on to the same URL with a header added.
  const server = await serveRoute({
    async POST(req: Request) {
      if (req.headers.get('x-hop') === 'second') return new Response(`second hop got ${await req.text()}`)
      req.headers.set('x-hop', 'second') // after the handler got it, before undici reads it
      const viaFetch = await fetch(req)
      return new Response(`${await viaFetch.text()} at ${new URL(viaFetch.url).pathname}`)
    },
  })
  after(() => server.close())
  // fetch as the client: no `connection` header, which undici refuses to forward.
  const res = await fetch(`${server.base}/hop?q=1`, { method: 'POST', body: 'payload' })
  assert.equal(await res.text(), 'second hop got payload at /hop')
})

test('request.signal aborts when the client disconnects before the response', async () => {
  const started = deferred()
  const aborted = deferred<string>()
  const server = await serveRoute({
    async GET(req: Request) {
      req.signal.addEventListener('abort', () => aborted.resolve(String((req.signal.reason as Error)?.name)))
      started.resolve()
      await aborted.promise
      return new Response('too late')
    },
  })
  after(() => server.close())
  const client = http.get(`${server.base}/slow`)
  client.on('error', () => {})
  await within(started.promise, 2000, 'handler start')
  client.destroy()
  assert.equal(await within(aborted.promise, 2000, 'abort after disconnect'), 'AbortError')
})

test('request.signal does not abort after a completed response', async () => {
  let seen: Request | undefined
  const server = await serveRoute({
    GET(req: Request) {
      seen = req
      return new Response('done')
    },
  })
  after(() => server.close())
  assert.equal((await request(server.base, '/x')).body, 'done')
  await new Promise((r) => setTimeout(r, 20))
  assert.equal(seen!.signal.aborted, false)
})

test('the request is a NextRequest: nextUrl and cookies work whatever the declared type', async () => {
  const server = await serveRoute({
    GET(req: NextRequest) {
      return Response.json({
        isNextRequest: req instanceof NextRequest,
        pathname: req.nextUrl.pathname,
        q: req.nextUrl.searchParams.get('q'),
        href: req.nextUrl.href,
        session: req.cookies.get('session'),
        missing: req.cookies.get('missing') ?? null,
        all: req.cookies.getAll(),
        has: req.cookies.has('theme'),
      })
    },
  })
  after(() => server.close())
  const res = await request(server.base, '/books/1?q=dune', { headers: { cookie: 'session=abc%20def; theme=dark' } })
  assert.deepEqual(res.json(), {
    isNextRequest: true,
    pathname: '/books/1',
    q: 'dune',
    href: `http://localhost:${server.port}/books/1?q=dune`,
    session: { name: 'session', value: 'abc def' },
    missing: null,
    all: [
      { name: 'session', value: 'abc def' },
      { name: 'theme', value: 'dark' },
    ],
    has: true,
  })
})

function rawGet(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(raw))
    let data = ''
    socket.on('data', (d: Buffer) => (data += d))
    socket.on('end', () => resolve(data.slice(data.indexOf('\r\n\r\n') + 4)))
    socket.on('error', reject)
  })
}
