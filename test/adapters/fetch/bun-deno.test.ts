// createFetchHandler under the real Bun.serve and Deno.serve (the `bun` and `deno` npm
// packages' binaries): the recorded Next.js answers the conformance app gives under `slugline
// start`, bad input answered as start answers it with the server still serving after, and
// `slugline start` itself under each runtime's Node compatibility.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { after, before, describe, test } from 'node:test'
import path from 'node:path'
import { copyApp, repoRoot, runCli, type RunningServer } from '../../helpers/app-server.ts'
import { conformanceApp, goldenCases, replayGolden } from '../../helpers/golden.ts'
import { serveWith, type Runtime } from './runtime-server.ts'

const fetchApp = path.join(repoRoot, 'test', 'fixtures', 'fetch-app')

function built(fixture: string): string {
  const dir = copyApp(fixture)
  const result = runCli(['build', dir])
  if (result.status !== 0) throw new Error(`build failed:\n${result.stdout}\n${result.stderr}`)
  return dir
}

let dir = ''
let appDir = ''
before(() => {
  dir = built(conformanceApp)
  appDir = built(fetchApp)
})
after(() => {
  fs.rmSync(dir, { recursive: true, force: true })
  fs.rmSync(appDir, { recursive: true, force: true })
})

/** Reads a streamed body until it holds `want`; fails after 5 s. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, want: string): Promise<string> {
  let got = ''
  const decoder = new TextDecoder()
  const timeout = setTimeout(() => reader.cancel(new Error('timed out')), 5_000)
  try {
    while (!got.includes(want)) {
      const r = await reader.read()
      if (r.done) break
      got += decoder.decode(r.value, { stream: true })
    }
  } finally {
    clearTimeout(timeout)
  }
  return got
}

async function text(res: Response): Promise<string> {
  return await res.text()
}

for (const runtime of ['bun', 'deno'] as Runtime[]) {
  describe(`${runtime}: ${runtime === 'bun' ? 'Bun.serve' : 'Deno.serve'}(createFetchHandler({ dir }))`, () => {
    let server: RunningServer | undefined
    before(async () => (server = await serveWith(runtime, dir)))
    after(() => server?.stop())

    test(`${goldenCases().length} recorded cases agree`, async () => {
      assert.deepEqual(await replayGolden(server!.base), [])
    })

    test('bad input gets what start gives, and the server keeps answering', async () => {
      const base = server!.base
      const bad = await fetch(`${base}/api/authors/%E0%A4%A`)
      assert.equal(bad.status, 400)
      assert.equal(await text(bad), '{"error":"Bad Request"}')

      const big = await fetch(`${base}/api/body/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `"${'x'.repeat(1024 * 1024)}"` })
      assert.equal(big.status, 413)
      assert.equal(await text(big), 'Body exceeded 1mb limit')

      for (const path of ['/api/errors/throws', '/api/errors/rejects']) {
        const crash = await fetch(base + path)
        assert.equal(crash.status, 500)
        const body = await text(crash)
        assert.equal(body, 'Internal Server Error')
        assert.doesNotMatch(body, /secret|boom|at handler/)
      }
      await server!.waitForLog('secret detail') // the error goes to the log, not the client

      const ok = await fetch(`${base}/api/start`)
      assert.equal(ok.status, 200)
      assert.deepEqual(await ok.json(), { message: 'Request successful' })
    })
  })

  describe(`${runtime}: streaming, raw bodies, headers and app routes`, () => {
    let server: RunningServer | undefined
    before(async () => (server = await serveWith(runtime, appDir)))
    after(() => server?.stop())

    test('res.write streams: the first chunk arrives while the handler still holds the response', async () => {
      const res = await fetch(`${server!.base}/api/held`)
      assert.equal(res.status, 200)
      assert.equal(res.headers.get('content-type'), 'text/plain')
      const reader = res.body!.getReader()
      assert.equal(await readUntil(reader, 'first;'), 'first;')
      assert.deepEqual(await (await fetch(`${server!.base}/api/release`)).json(), { released: true })
      assert.equal(await readUntil(reader, 'second'), 'second')
    })

    test('bodyParser: false reads a 3 MB body as a stream, past the 1mb limit', async () => {
      const body = Buffer.alloc(3 * 1024 * 1024, 7)
      const res = await fetch(`${server!.base}/api/raw`, { method: 'POST', body })
      assert.deepEqual(await res.json(), { length: body.length, sum: (body.length * 7) % 65521, body: true })
    })

    test('a byte body without a Content-Type goes out without one, as start sends it', async () => {
      const res = await fetch(`${server!.base}/api/bytes`)
      assert.equal(res.headers.get('content-type'), null)
      assert.deepEqual([...new Uint8Array(await res.arrayBuffer())], [1, 2, 3])
    })

    test('req.socket.remoteAddress, req.url and the Host header reach a pages handler', async () => {
      const res = await fetch(`${server!.base}/api/peer?a=1`)
      const got = (await res.json()) as { remoteAddress: string; url: string; host: string }
      assert.match(got.remoteAddress, /127\.0\.0\.1/)
      assert.equal(got.url, '/api/peer?a=1')
      assert.equal(got.host, `127.0.0.1:${server!.port}`)
    })

    test('an app route that throws answers an empty 500 and the next request is served', async () => {
      const crash = await fetch(`${server!.base}/x/crash`)
      assert.equal(crash.status, 500)
      assert.equal(await crash.text(), '')
      await server!.waitForLog('app crash: secret detail')
      const next = await fetch(`${server!.base}/x/stream`)
      assert.equal(next.status, 200)
      assert.equal(next.headers.get('x-next-url'), '/x/stream')
      assert.equal(await next.text(), 'chunk0;chunk1;chunk2;')
    })

    test('cookies() from next/headers and NextResponse.json', async () => {
      const res = await fetch(`${server!.base}/x/cookies`, { headers: { cookie: 'theme=dark' } })
      assert.deepEqual(await res.json(), { had: 'dark' })
      assert.equal(res.headers.get('content-type'), 'application/json')
      assert.match(res.headers.get('set-cookie') ?? '', /^session=abc; Path=\//)
    })
  })

  describe(`${runtime}: slugline start (Node compatibility)`, () => {
    let server: RunningServer | undefined
    before(async () => (server = await serveWith(runtime, dir, 'start')))
    after(() => server?.stop())

    test('answers a pages route, an app route, a redirect, a 404, a 400, a 413 and a crash as recorded', async () => {
      const names = new Set([
        'seed: static route',
        'dynamic segment POST json',
        'encoded slash stays inside one segment',
        'trailing slash redirects to canonical path',
        'unknown api route is 404',
        'sizeLimit rejects large body with 413',
        'handler throw is 500 without leaking',
        'etag: matching If-None-Match gives 304',
        'app route dynamic params',
        'app route automatic OPTIONS lists methods',
      ])
      const cases = goldenCases((c) => names.has(c.name))
      assert.equal(cases.length, names.size)
      assert.deepEqual(await replayGolden(server!.base, cases), [])
      const bad = await fetch(`${server!.base}/api/authors/%E0%A4%A`)
      assert.equal(bad.status, 400)
    })
  })
}
