// Writing the handler's Response: status, headers with each Set-Cookie on its own line, known
// bodies in one piece, and streamed bodies chunk by chunk, paced by the client.
import assert from 'node:assert/strict'
import http from 'node:http'
import { after, test } from 'node:test'
import { request } from '../../helpers/http.ts'
import { deferred, serveRoute, within } from './serve-route.ts'

const encode = (s: string) => new TextEncoder().encode(s)

test('status, statusText and headers; several Set-Cookie headers stay separate lines', async () => {
  const server = await serveRoute({
    GET() {
      const headers = new Headers({ 'x-custom': 'a', 'content-type': 'text/plain' })
      headers.append('set-cookie', 'a=1; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT')
      headers.append('set-cookie', 'b=2; HttpOnly')
      return new Response('made', { status: 201, statusText: 'Made It', headers })
    },
  })
  after(() => server.close())
  const res = await rawResponse(`${server.base}/x`)
  assert.equal(res.statusCode, 201)
  assert.equal(res.statusMessage, 'Made It')
  assert.equal(res.headers['x-custom'], 'a')
  assert.deepEqual(res.headers['set-cookie'], ['a=1; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT', 'b=2; HttpOnly'])
  assert.equal(res.body, 'made')
})

test('a known body (Response.json, string) goes out whole with a Content-Length', async () => {
  const server = await serveRoute({ GET: () => Response.json({ route: 'v2/hello', n: 1 }) })
  after(() => server.close())
  const res = await rawResponse(`${server.base}/x`)
  assert.equal(res.headers['content-type'], 'application/json')
  assert.equal(res.headers['content-length'], String(Buffer.byteLength(res.body)))
  assert.equal(res.headers['transfer-encoding'], undefined)
  assert.deepEqual(JSON.parse(res.body), { route: 'v2/hello', n: 1 })
})

test('null bodies and 204/304 write no body', async () => {
  const server = await serveRoute({
    GET: () => new Response(null, { status: 204, headers: { 'x-deleted': '42' } }),
    POST: () => new Response(null, { status: 304 }),
    PUT: () => new Response(null),
  })
  after(() => server.close())
  const noContent = await request(server.base, '/x')
  assert.equal(noContent.status, 204)
  assert.equal(noContent.headers['x-deleted'], '42')
  assert.equal(noContent.body, '')
  assert.equal((await request(server.base, '/x', { method: 'POST' })).status, 304)
  const empty = await request(server.base, '/x', { method: 'PUT' })
  assert.equal(empty.status, 200)
  assert.equal(empty.body, '')
})

test('a streamed body reaches the client chunk by chunk, before the stream ends', async () => {
  const release = deferred()
  const server = await serveRoute({
    GET: () =>
      new Response(
        new ReadableStream({
          async start(controller) {
            controller.enqueue(encode('first;'))
            await release.promise // the test resolves this only after it has read "first;"
            controller.enqueue(encode('second'))
            controller.close()
          },
        }),
        { headers: { 'content-type': 'text/plain' } },
      ),
  })
  after(() => server.close())
  const res = await within(responseOf(`${server.base}/x`), 2000, 'response headers')
  const first = await within(nextChunk(res), 2000, 'first chunk while the producer is still waiting')
  assert.equal(first, 'first;')
  release.resolve()
  let rest = ''
  for await (const chunk of res) rest += chunk
  assert.equal(first + rest, 'first;second')
})

test('strings enqueued by a handler stream are written too', async () => {
  const server = await serveRoute({
    GET: () =>
      new Response(
        new ReadableStream<string>({
          async start(controller) {
            controller.enqueue('plain ')
            await new Promise((r) => setTimeout(r, 5))
            controller.enqueue('strings')
            controller.close()
          },
        }) as unknown as ReadableStream<Uint8Array>,
      ),
  })
  after(() => server.close())
  assert.equal((await request(server.base, '/x')).body, 'plain strings')
})

test('back-pressure: a fast producer of many MB is pulled no faster than the client reads', async () => {
  const chunk = new Uint8Array(64 * 1024)
  const total = 64 * 1024 * 1024
  let produced = 0
  const server = await serveRoute({
    GET: () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            if (produced >= total) return controller.close()
            produced += chunk.byteLength
            controller.enqueue(chunk)
          },
        }),
      ),
  })
  after(() => server.close())
  const res = await within(responseOf(`${server.base}/x`), 2000, 'response headers')
  res.pause() // the client stops reading: only socket buffers may fill
  await new Promise((r) => setTimeout(r, 300))
  const whilePaused = produced
  await new Promise((r) => setTimeout(r, 200))
  assert.equal(produced, whilePaused, 'the producer is not pulled while the client does not read')
  assert.ok(whilePaused < 16 * 1024 * 1024, `only socket buffers are filled, not ${whilePaused} bytes`)
  let received = 0
  res.on('data', (c: Buffer) => (received += c.length))
  res.resume()
  await within(new Promise((r) => res.on('end', r)), 10_000, 'the whole body')
  assert.equal(received, total)
  assert.equal(produced, total)
})

test('a client leaving mid-stream cancels the stream', async () => {
  const cancelled = deferred<unknown>()
  const server = await serveRoute({
    GET: () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(encode('tick'))
          },
          cancel: (reason) => cancelled.resolve(reason),
        }),
      ),
  })
  after(() => server.close())
  const res = await within(responseOf(`${server.base}/x`), 2000, 'response headers')
  assert.equal(await within(nextChunk(res), 2000, 'first chunk'), 'tick')
  res.destroy()
  await within(cancelled.promise, 2000, 'cancel after the client left')
})

test('a stream returned after the client already left is cancelled, not left hanging', async () => {
  const started = deferred()
  const release = deferred()
  const cancelled = deferred()
  const server = await serveRoute({
    async GET() {
      started.resolve()
      await release.promise
      return new Response(new ReadableStream({ pull: (c) => c.enqueue(encode('x'.repeat(65536))), cancel: () => cancelled.resolve() }))
    },
  })
  after(() => server.close())
  const client = http.get(`${server.base}/x`)
  client.on('error', () => {})
  await within(started.promise, 2000, 'handler start')
  client.destroy()
  await new Promise((r) => setTimeout(r, 50))
  release.resolve()
  await within(cancelled.promise, 2000, 'cancel of a stream nobody can receive')
})

test('HEAD on a streaming GET sends headers only and cancels the stream', async () => {
  const cancelled = deferred()
  const server = await serveRoute({
    GET: () =>
      new Response(new ReadableStream({ pull: (c) => c.enqueue(encode('x')), cancel: () => cancelled.resolve() }), {
        headers: { 'x-stream': 'yes' },
      }),
  })
  after(() => server.close())
  const res = await request(server.base, '/x', { method: 'HEAD' })
  assert.equal(res.headers['x-stream'], 'yes')
  assert.equal(res.body, '')
  await within(cancelled.promise, 2000, 'stream cancelled')
})

function responseOf(url: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => http.get(url, resolve).on('error', reject))
}

function nextChunk(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    res.once('data', (c: Buffer) => {
      res.pause() // keep later chunks buffered for whoever reads next
      resolve(c.toString())
    })
    res.once('error', reject)
  })
}

async function rawResponse(url: string): Promise<http.IncomingMessage & { body: string }> {
  const res = await responseOf(url)
  let body = ''
  for await (const chunk of res) body += chunk
  return Object.assign(res, { body })
}
