// testRoute (slugline/testing): the app built and answered in memory, no port. It must answer
// as `slugline start` does, so the recorded Next.js answers that start is held to
// (test/fixtures/conformance) are replayed through it too; then the one-file mode, and the
// things a test needs of a fetch: bodies, headers, repeated Set-Cookie, HEAD.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import zlib from 'node:zlib'
import { testRoute, type TestApp } from '../../src/testing/index.ts'
import { copyApp, repoRoot } from '../helpers/app-server.ts'
import { compareAnswer, conformanceApp, goldenCases, type GoldenCase } from '../helpers/golden.ts'

/** A case's request, as test/helpers/golden.ts sends it, through the in-memory fetch. */
async function replay(app: TestApp, c: GoldenCase): Promise<string[]> {
  let body = c.body
  if (body !== undefined && c.repeat !== undefined) body = body.repeat(c.repeat)
  if (body !== undefined && c.wrap !== undefined) body = c.wrap[0] + body + c.wrap[1]
  const headers: Record<string, string> = { ...c.headers }
  for (const [k, v] of Object.entries(headers)) {
    if (v.startsWith('__ETAG_OF__:')) headers[k] = (await app.fetch(v.slice('__ETAG_OF__:'.length))).headers.get('etag') ?? '"no-etag-was-sent"'
  }
  const method = c.method ?? 'GET'
  // The body as bytes: a string body would get fetch's own `text/plain;charset=UTF-8` when the
  // case sends none, and the case means the raw request.
  const res = await app.fetch(c.path, { method, headers, ...(body === undefined ? {} : { body: Buffer.from(body) }), redirect: 'manual' })
  const raw = Buffer.from(await res.arrayBuffer())
  const asked = Object.keys(headers).some((k) => k.toLowerCase() === 'accept-encoding')
  const encoding = (res.headers.get('content-encoding') ?? '').trim().toLowerCase()
  const inflate = { gzip: zlib.gunzipSync, br: zlib.brotliDecompressSync, deflate: zlib.inflateSync }[encoding]
  const text = asked && inflate && raw.length > 0 ? inflate(raw).toString('utf8') : raw.toString('utf8')
  const got: Record<string, string | string[]> = {}
  for (const [name, value] of res.headers) if (name !== 'set-cookie') got[name] = value
  const cookies = res.headers.getSetCookie()
  if (cookies.length > 0) got['set-cookie'] = cookies
  return compareAnswer(c, { status: res.status, headers: got, body: text })
}

describe('testRoute(app folder)', () => {
  let dir: string
  let app: TestApp

  before(async () => {
    dir = copyApp(conformanceApp)
    app = await testRoute(dir)
  })
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  it(`answers the ${goldenCases().length} recorded Next.js cases as slugline start does`, async () => {
    const failures: string[] = []
    for (const c of goldenCases()) {
      const problems = await replay(app, c)
      if (problems.length > 0) failures.push(`${c.name}: ${c.method ?? 'GET'} ${c.path}\n    ${problems.join('\n    ')}`)
    }
    assert.deepEqual(failures, [])
  })

  it('lists the whole route table', () => {
    assert.ok(app.routes.length > 10)
    assert.ok(app.routes.some((r) => r.source === 'app') && app.routes.some((r) => r.source === 'pages'))
  })

  it('opens no port', async () => {
    // Nothing listens: every TCP handle in this process is a client or none at all.
    const servers = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().filter((h) => h instanceof net.Server)
    assert.deepEqual(servers, [])
  })
})

describe('testRoute(one route file)', () => {
  let dir: string

  before(() => {
    dir = copyApp(path.join(repoRoot, 'test', 'fixtures', 'pages-app'))
  })
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  it("serves the file's own route, params and all", async () => {
    const one = await testRoute(path.join(dir, 'pages', 'api', 'rank', '[id].js'))
    assert.deepEqual(one.routes.map((r) => r.pattern), ['/api/rank/[id]'])
    const res = await one.fetch('/api/rank/42?page=2')
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8')
    const expected = await (await testRoute(dir)).fetch('/api/rank/42?page=2')
    assert.deepEqual(await res.json(), await expected.json())
  })

  it("refuses, naming the route that would answer, a URL that is not the file's", async () => {
    const one = await testRoute(path.join(dir, 'pages', 'api', 'rank', '[id].js'))
    await assert.rejects(one.fetch('/api/rank/1/2'), /\/api\/rank\/1\/2 is served by pages\/api\/rank\/\[\.\.\.all\]\.js, not by this file \(\/api\/rank\/\[id\]\)/)
    await assert.rejects(one.fetch('/api/nothing/here/at/all'), /is served by no route/)
  })

  it('says so when the path is not a route file', async () => {
    await assert.rejects(testRoute(path.join(dir, 'lib', 'double.ts')), /is not under a pages\/api or app folder/)
    await assert.rejects(testRoute(path.join(dir, 'missing.ts')), /does not exist/)
    fs.writeFileSync(path.join(dir, 'pages', 'api', 'rank', 'rank.test.js'), 'export {}\n')
    await assert.rejects(testRoute(path.join(dir, 'pages', 'api', 'rank', 'rank.test.js')), /is not a route of/)
  })
})

describe('testRoute fetch', () => {
  let dir: string
  let app: TestApp

  before(async () => {
    dir = copyApp(path.join(repoRoot, 'test', 'fixtures', 'pages-app'))
    app = await testRoute(dir)
  })
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('sends a JSON body, with the content type a Request gives it', async () => {
    const res = await app.fetch('/api/body/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ a: [1, 2] }) })
    assert.equal(res.status, 200)
    assert.deepEqual(await res.json(), { method: 'POST', contentType: 'application/json', type: 'object', body: { a: [1, 2] } })
  })

  it('gives HEAD the headers and no body', async () => {
    const res = await app.fetch('/api/res/send-string', { method: 'HEAD' })
    assert.equal(res.status, 200)
    assert.equal(await res.text(), '')
  })

  it('takes an absolute URL or a Request, and sends its host', async () => {
    const a = await app.fetch(new Request('http://example.test/api/query?x=1&x=2'))
    const b = await app.fetch('http://example.test/api/query?x=1&x=2')
    assert.equal(a.status, 200)
    assert.deepEqual(await a.json(), { query: { x: ['1', '2'] } })
    assert.deepEqual(await b.json(), { query: { x: ['1', '2'] } })
  })
})
