// Compression as `next start` does it, the setHeader patch and cookies() lines, replayed from
// answers recorded from Next.js 16.4.6 (test/fixtures/compression/recorded.json, made by
// cases.mjs there) against `slugline start` and `slugline dev`, plus what Next.js does not do:
// every res.write() and stream chunk reaches a gzip- or brotli-asking client when it is
// written, timed over a real socket.
import assert from 'node:assert/strict'
import http from 'node:http'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import zlib from 'node:zlib'
import { createHandler } from '../../src/server/create-handler.ts'
import { listen, type RunningServer as InProcessServer } from '../../src/server/listen.ts'
import { buildAndServe, copyApp, repoRoot, runCli, serve, stopAndRemove, type RunningServer } from '../helpers/app-server.ts'
import { goldenCases, replayGolden, type GoldenCase } from '../helpers/golden.ts'

const fixture = path.join(repoRoot, 'test', 'fixtures', 'compression')
const THRESHOLD = 1024
// Next.js adds these to every app route's Vary (its client router's headers); an API server
// has no client router.
const NEXT_ROUTER_VARY = /^rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch(, )?/

/**
 * The recorded answer as Slugline gives it, where it differs on purpose (each with its why):
 * - ETags are Slugline's own hash of the same body (runtime/shared/etag.ts): not compared here;
 *   `same ETag compressed or not` below checks that compression leaves it alone.
 * - A client that sends no Accept-Encoding gets no Vary: that request costs nothing extra (the
 *   hot path). An answer without Vary is still correct for every client: it is the identity one.
 * - brotli for a client that ranks it above gzip (`br`, `br;q=1, gzip;q=0.5`): `next start`
 *   only knows gzip and deflate.
 * - app routes: Next.js streams every answer (chunked, length unknown), so it compresses even 10
 *   bytes; Slugline knows the length and applies the same 1 KiB threshold as to pages. Their
 *   framing (Content-Length) is write-web-response.ts's, and Vary has no router fields.
 */
function asSlugline(c: GoldenCase): GoldenCase {
  const want = structuredClone(c)
  const h = want.response.headers as Record<string, string>
  want.alsoHeaders = (c.alsoHeaders ?? []).filter((name) => name !== 'etag')
  const accept = c.headers?.['accept-encoding']
  const isApp = !c.path.startsWith('/api/')
  if (accept === undefined) delete h.vary
  if (accept !== undefined && (accept === 'br' || accept.startsWith('br;q=1')) && (c.method ?? 'GET') === 'GET' && h.vary !== undefined) {
    h['content-encoding'] = 'br'
    delete h['content-length']
    h['transfer-encoding'] = 'chunked'
  }
  if (isApp) {
    want.alsoHeaders = want.alsoHeaders.filter((name) => name !== 'content-length' && name !== 'transfer-encoding')
    if (h.vary !== undefined) {
      h.vary = h.vary.replace(NEXT_ROUTER_VARY, '')
      if (h.vary === '') delete h.vary
    }
    if (!c.path.includes('stream') && Buffer.byteLength(want.response.body) < THRESHOLD) delete h['content-encoding']
  }
  return want
}

// `app cookies object` sets Max-Age=60, whose Expires is the time of the request: checked below.
const recorded = goldenCases(() => true, path.join(fixture, 'recorded.json'))
const cases = recorded.filter((c) => c.name !== 'app cookies object').map(asSlugline)
// The same app under `next.config.js` `{ compress: false }`: nothing compressed, no Vary, and
// `res.end(body)` sent with its Content-Length.
const noCompressCases = goldenCases(() => true, path.join(fixture, 'recorded-no-compress.json')).map(asSlugline)

interface Timed {
  status: number
  headers: http.IncomingHttpHeaders
  /** Decoded text, and when each decoded piece arrived (ms since the request). */
  pieces: { at: number; text: string }[]
}

/** GETs `url`, decoding the body as it arrives, and notes when each decoded piece came. */
function timedGet(url: string, acceptEncoding?: string): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const req = http.get(url, { headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } }, (res) => {
      const enc = res.headers['content-encoding']
      const decoder = enc === 'gzip' ? zlib.createGunzip() : enc === 'br' ? zlib.createBrotliDecompress() : enc === 'deflate' ? zlib.createInflate() : null
      const source = decoder ? res.pipe(decoder) : res
      const pieces: Timed['pieces'] = []
      source.on('data', (d: Buffer) => pieces.push({ at: performance.now() - t0, text: d.toString('utf8') }))
      source.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, pieces }))
      source.on('error', reject)
    })
    req.on('error', reject)
  })
}

function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (d: Buffer) => chunks.push(d))
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
        res.on('error', reject)
      })
      .on('error', reject)
  })
}

/** The decoded events of an SSE answer must arrive one by one, ~100 ms apart, not at the end
 *  (`next start` delivers all three at once when the stream ends). */
function assertStreamed(got: Timed, encoding: string): void {
  assert.equal(got.headers['content-encoding'], encoding)
  const text = got.pieces.map((p) => p.text).join('')
  assert.equal(text, 'data: event 0\n\ndata: event 1\n\ndata: event 2\n\n')
  const at = [0, 1, 2].map((i) => {
    let seen = ''
    for (const p of got.pieces) {
      seen += p.text
      if (seen.includes(`event ${i}`)) return p.at
    }
    return Number.NaN
  })
  // Written 100 ms apart: each readable on its own, before the next (a held stream decodes all
  // three at once), the first well before the last (timers on a loaded machine run late).
  assert.ok(at[0]! < at[1]! && at[1]! < at[2]! && at[2]! - at[0]! >= 100, `events decoded at ${at.map((t) => t.toFixed(0)).join(', ')} ms`)
}

function behaviour(mode: 'start' | 'dev'): void {
  let dir = ''
  let server: RunningServer | undefined
  before(async () => {
    if (mode === 'start') ({ dir, server } = await buildAndServe(path.join(fixture, 'app')))
    else {
      dir = copyApp(path.join(fixture, 'app'))
      server = await serve(dir, { mode: 'dev' })
    }
  })
  after(() => stopAndRemove(dir, server))

  test(`${cases.length} recorded Next.js answers agree`, async () => {
    assert.deepEqual(await replayGolden(server!.base, cases, { dev: mode === 'dev' }), [])
  })

  test('cookies().set with Max-Age: the attribute line Next.js writes, Expires at now + Max-Age', async () => {
    const want = recorded.find((c) => c.name === 'app cookies object')!.response.headers['set-cookie'] as string[]
    const got = await rawGet(`${server!.base}/c/cookies?kind=object`)
    const line = got.headers['set-cookie']![0]!
    const expires = /Expires=([^;]+)/.exec(line)![1]!
    assert.equal(line, want[0]!.replace(/Expires=[^;]+/, `Expires=${expires}`))
    assert.ok(Math.abs(Date.parse(expires) - (Date.now() + 60_000)) < 5_000, expires)
  })

  for (const [kind, url] of [['pages res.write', '/api/c/stream'], ['app ReadableStream', '/c/stream']] as const) {
    for (const encoding of ['gzip', 'br']) {
      test(`${kind} SSE with ${encoding}: each event reaches the client as it is written`, async () => {
        assertStreamed(await timedGet(server!.base + url, encoding), encoding)
      })
    }
  }

  test('same ETag compressed or not; If-None-Match with gzip answers 304 without a body', async () => {
    const plain = await rawGet(`${server!.base}/api/c/json?n=40`)
    const gz = await rawGet(`${server!.base}/api/c/json?n=40`, { 'accept-encoding': 'gzip' })
    assert.equal(gz.headers['content-encoding'], 'gzip')
    assert.equal(gz.headers.etag, plain.headers.etag)
    assert.deepEqual(zlib.gunzipSync(gz.body), plain.body)
    const cached = await rawGet(`${server!.base}/api/c/json?n=40`, { 'accept-encoding': 'gzip', 'if-none-match': String(plain.headers.etag) })
    assert.equal(cached.status, 304)
    assert.equal(cached.headers['content-encoding'], undefined)
    assert.equal(cached.body.length, 0)
  })

  test('4 MiB written with back-pressure arrives whole, gzip and brotli', async () => {
    const plain = await rawGet(`${server!.base}/api/c/big?mb=4`)
    for (const [encoding, inflate] of [['gzip', zlib.gunzipSync], ['br', zlib.brotliDecompressSync]] as const) {
      const got = await rawGet(`${server!.base}/api/c/big?mb=4`, { 'accept-encoding': encoding })
      assert.equal(got.headers['content-encoding'], encoding)
      assert.ok(got.body.length < plain.body.length / 10, `${got.body.length} bytes`)
      assert.ok(inflate(got.body).equals(plain.body))
    }
  })

  test('headers given to writeHead decide like setHeader ones; res.flush() exists', async () => {
    const want = JSON.stringify({ data: 'h'.repeat(2000) })
    for (const mode of ['object', 'flat', 'nested']) {
      const got = await rawGet(`${server!.base}/api/c/write-head?mode=${mode}`, { 'accept-encoding': 'gzip' })
      assert.equal(got.headers['content-encoding'], 'gzip', mode)
      assert.equal(got.headers.vary, 'Accept-Encoding', mode)
      assert.equal(zlib.gunzipSync(got.body).toString(), want, mode)
    }
    const nested = await rawGet(`${server!.base}/api/c/write-head?mode=nested`, { 'accept-encoding': 'gzip' })
    assert.equal(nested.headers['x-nested'], '1')
    // A declared length is known: 2011 bytes, compressed; an image never is.
    const length = await rawGet(`${server!.base}/api/c/write-head?mode=length`, { 'accept-encoding': 'gzip' })
    assert.equal(length.headers['content-encoding'], 'gzip')
    assert.equal(length.headers['content-length'], undefined)
    const image = await rawGet(`${server!.base}/api/c/write-head?mode=image`, { 'accept-encoding': 'gzip' })
    assert.equal(image.headers['content-encoding'], undefined)
    assert.equal(image.body.toString(), want)
    const flushed = await rawGet(`${server!.base}/api/c/write-head?mode=flush`, { 'accept-encoding': 'gzip' })
    assert.equal(zlib.gunzipSync(flushed.body).toString(), 'a'.repeat(100) + 'b'.repeat(100))
    const plain = await rawGet(`${server!.base}/api/c/write-head?mode=flush`)
    assert.equal(plain.body.toString(), 'a'.repeat(100) + 'b'.repeat(100))
  })

  test('responseLimit counts the bytes written, not the compressed ones', async () => {
    const got = await rawGet(`${server!.base}/api/c/limit`, { 'accept-encoding': 'gzip' })
    assert.equal(got.headers['content-encoding'], 'gzip')
    assert.ok(got.body.length < 2048, `${got.body.length} bytes on the wire`)
    await server!.waitForLog('API response for /api/c/limit exceeds 2KB')
  })

  test('res.send(stream) is compressed; a write after the end is logged and the server keeps serving', async () => {
    const file = await rawGet(`${server!.base}/api/c/file`, { 'accept-encoding': 'gzip' })
    assert.equal(file.headers['content-encoding'], 'gzip')
    assert.match(zlib.gunzipSync(file.body).toString(), /back-pressure through the encoder/)
    const late = await rawGet(`${server!.base}/api/c/late-write`, { 'accept-encoding': 'gzip' })
    assert.equal(late.status, 200)
    assert.equal(JSON.parse(zlib.gunzipSync(late.body).toString()).data.length, 2000)
    await server!.waitForLog('res.write() after the response to GET /api/c/late-write had ended')
    assert.equal((await rawGet(`${server!.base}/api/c/text?n=10`)).status, 200)
  })
}

describe('compression and Next.js response patches: slugline start', () => behaviour('start'))
describe('compression and Next.js response patches: slugline dev', () => behaviour('dev'))

describe('createHandler({ compress })', () => {
  let dir = ''
  const servers: InProcessServer[] = []
  before(() => {
    dir = copyApp(path.join(fixture, 'app'))
    const built = runCli(['build', dir])
    assert.equal(built.status, 0, built.stderr)
  })
  after(async () => {
    for (const s of servers) await s.close()
    await stopAndRemove(dir, undefined)
  })

  test('compress: false sends every answer as it is, res.end(body) with its length', async () => {
    const s = await listen(createHandler({ dir, compress: false, loadEnv: false }), { port: 0, handleSignals: false })
    servers.push(s)
    assert.deepEqual(await replayGolden(s.url, noCompressCases), [])
    const text = await rawGet(`${s.url}/api/c/text?n=2000`, { 'accept-encoding': 'gzip' })
    assert.equal(text.headers['content-encoding'], undefined)
    assert.equal(text.headers.vary, undefined)
    assert.equal(text.body.length, 2000)
    const end = await rawGet(`${s.url}/api/c/end?n=10`)
    assert.equal(end.headers['content-length'], '10')
    const events = await timedGet(`${s.url}/c/stream`, 'gzip')
    assert.equal(events.headers['content-encoding'], undefined)
  })

  test('mounted in a plain node:http server, the default compresses too', async () => {
    const handler = createHandler({ dir, loadEnv: false })
    const plain = http.createServer(handler)
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve))
    const { port } = plain.address() as { port: number }
    try {
      const got = await rawGet(`http://127.0.0.1:${port}/api/c/text?n=2000`, { 'accept-encoding': 'gzip' })
      assert.equal(got.headers['content-encoding'], 'gzip')
      assert.equal(zlib.gunzipSync(got.body).toString(), 'x'.repeat(2000))
      const cookie = await rawGet(`http://127.0.0.1:${port}/api/c/cookie?kind=string`)
      assert.deepEqual(JSON.parse(cookie.body.toString()).got, ['a=1; Path=/'])
      assertStreamed(await timedGet(`http://127.0.0.1:${port}/api/c/stream`, 'gzip'), 'gzip')
    } finally {
      await new Promise((resolve) => plain.close(resolve))
    }
  })
})
