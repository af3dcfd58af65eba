// The Lambda adapter's translation, event shape by event shape: real HTTP requests go through
// gateway.mjs (the event each AWS front end sends, as documented) into toLambdaHandler and
// toStreamingLambdaHandler over a fetch handler that reports what Request it was given and
// answers what it is asked; the gateway turns the result back into HTTP.
import assert from 'node:assert/strict'
import type http from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { lambdaInvocation } from '../../../src/adapters/lambda/invocation.ts'
import { awsLambdaGlobal, toLambdaHandler, toStreamingLambdaHandler } from '../../../src/adapters/lambda/handler.ts'
import { request } from '../../helpers/http.ts'
// @ts-expect-error: a plain .mjs test helper, shared with the target's tests
import { createGateway, installAwsLambdaGlobal } from './gateway.mjs'

const BYTES = new Uint8Array(256).map((_, i) => i)

async function echo(req: Request): Promise<Response> {
  const url = new URL(req.url)
  if (url.pathname === '/binary') return new Response(BYTES, { headers: { 'content-type': 'image/png' } })
  if (url.pathname === '/cookies') {
    const headers = new Headers({ 'content-type': 'text/plain' })
    headers.append('set-cookie', 'a=1; Path=/')
    headers.append('set-cookie', 'b=2; Path=/; HttpOnly')
    headers.append('x-multi', 'one')
    headers.append('x-multi', 'two')
    return new Response('ok', { headers })
  }
  if (url.pathname === '/stream') {
    let n = 0
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((r) => setTimeout(r, 30))
        if (n === 3) return controller.close()
        controller.enqueue(new TextEncoder().encode(`${n++}:${Date.now()}\n`))
      },
    })
    return new Response(body, { headers: { 'content-type': 'text/plain' } })
  }
  const invocation = lambdaInvocation<{ requestContext: { requestId?: string; elb?: unknown } }, { awsRequestId: string }>(req)
  const bytes = req.body === null ? null : Buffer.from(await req.arrayBuffer())
  return Response.json({
    method: req.method,
    url: req.url,
    path: url.pathname,
    query: [...url.searchParams],
    cookie: req.headers.get('cookie'),
    multi: req.headers.get('x-multi'),
    body: bytes === null ? null : bytes.toString('base64'),
    context: invocation === undefined ? null : { awsRequestId: invocation.context.awsRequestId, elb: invocation.event.requestContext.elb !== undefined },
  })
}

installAwsLambdaGlobal()
const awslambda = awsLambdaGlobal()!
const mod = {
  handler: toLambdaHandler(echo),
  streamHandler: awslambda.streamifyResponse(toStreamingLambdaHandler(echo, awslambda)),
}

const FORMATS = ['v2', 'url', 'url-stream', 'v1', 'alb', 'alb-multi'] as const

for (const format of FORMATS) {
  describe(`lambda events: ${format}`, () => {
    let server: http.Server
    let base = ''
    before(async () => {
      server = createGateway(format, mod) as http.Server
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    })
    after(() => new Promise<void>((r) => server.close(() => r())))

    test('method, path, query and the origin reach the Request', async () => {
      const r = await request(base, '/a/b?x=1&x=2&q=hello%20world&plus=a+b')
      assert.equal(r.status, 200)
      const got = r.json()
      assert.equal(got.method, 'GET')
      assert.equal(got.path, '/a/b')
      assert.match(got.url, /^http:\/\/127\.0\.0\.1:\d+\/a\/b\?/)
      // The single-value ALB keeps only the last of a repeated parameter, as the ALB does.
      const xs = format === 'alb' ? [['x', '2']] : [['x', '1'], ['x', '2']]
      assert.deepEqual(got.query, [...xs, ['q', 'hello world'], ['plus', 'a b']])
      assert.deepEqual(got.context, { awsRequestId: got.context.awsRequestId, elb: format.startsWith('alb') })
      assert.match(got.context.awsRequestId, /^inv-\d+$/)
    })

    test('an encoded slash stays encoded, except through an HTTP API (payload 2.0 decodes rawPath)', async () => {
      const got = (await request(base, '/p/a%2Fb')).json()
      assert.equal(got.path, format === 'v2' ? '/p/a/b' : '/p/a%2Fb')
    })

    test('cookies and repeated headers', async () => {
      const got = (await request(base, '/h', { headers: { cookie: ['s=1', 't=2'], 'x-multi': ['one', 'two'] } })).json()
      // node:http sends the two cookies as one Cookie line; payload 2.0 splits it into `cookies`.
      assert.equal(got.cookie, 's=1; t=2')
      // Payload 2.0 joins repeated headers with a bare comma; the ALB alone keeps the last.
      assert.equal(got.multi, format === 'alb' ? 'two' : format.startsWith('v2') || format.startsWith('url') ? 'one,two' : 'one, two')
    })

    test('request bodies, text and binary (base64 in the event), byte for byte', async () => {
      const text = (await request(base, '/t', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":"é"}' })).json()
      assert.equal(Buffer.from(text.body, 'base64').toString('utf8'), '{"a":"é"}')
      const bin = (await request(base, '/t', { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from(BYTES) })).json()
      assert.deepEqual(Buffer.from(bin.body, 'base64'), Buffer.from(BYTES))
      const none = (await request(base, '/t', { method: 'POST' })).json()
      assert.ok(none.body === null || none.body === '', String(none.body))
    })

    test('a binary response comes back byte for byte', async () => {
      const raw = await new Promise<Buffer>((resolve, reject) => {
        import('node:http').then(({ get }) =>
          get(`${base}/binary`, (res) => {
            const chunks: Buffer[] = []
            res.on('data', (c: Buffer) => chunks.push(c))
            res.on('end', () => resolve(Buffer.concat(chunks)))
          }).on('error', reject),
        )
      })
      assert.deepEqual(raw, Buffer.from(BYTES))
    })

    test('several Set-Cookie lines and repeated response headers', async () => {
      const r = await request(base, '/cookies')
      assert.equal(r.body, 'ok')
      // Without multi-value headers the ALB carries one value per header: the last.
      assert.deepEqual(r.headers['set-cookie'], format === 'alb' ? ['b=2; Path=/; HttpOnly'] : ['a=1; Path=/', 'b=2; Path=/; HttpOnly'])
      assert.equal(r.headers['x-multi'], 'one, two')
    })

    test(format === 'url-stream' ? 'a stream body arrives chunk by chunk' : 'a stream body arrives whole', async () => {
      const { get } = await import('node:http')
      const arrivals = await new Promise<number[]>((resolve, reject) => {
        get(`${base}/stream`, (res) => {
          const at: number[] = []
          res.on('data', () => at.push(Date.now()))
          res.on('end', () => resolve(at))
        }).on('error', reject)
      })
      if (format === 'url-stream') assert.ok(arrivals.length >= 3, `${arrivals.length} chunks`)
      else assert.equal(arrivals.length, 1)
    })
  })
}
