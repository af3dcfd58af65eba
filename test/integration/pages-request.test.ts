// What a pages/api handler finds on `req` over real HTTP: req.query (with route params merged
// in), req.body as the default body parser leaves it (and as `config.api.bodyParser` changes
// it), and req.cookies. Expected answers are what `next start` (16.4.6) gives for the same
// fixture.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { buildAndServe, repoRoot, stopAndRemove, type RunningServer } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'

const fixture = path.join(repoRoot, 'test', 'fixtures', 'pages-app')
let dir = ''
let server: RunningServer

before(async () => {
  ;({ dir, server } = await buildAndServe(fixture))
})

after(() => stopAndRemove(dir, server))

async function getJson(urlPath: string, options: Parameters<typeof request>[2] = {}): Promise<any> {
  const r = await request(server.base, urlPath, options)
  assert.equal(r.status, 200, `${urlPath}: status ${r.status}, body ${r.body.slice(0, 300)}`)
  return r.json()
}

/** POSTs to /api/body/echo and returns what the handler saw. */
function echo(body: string | undefined, headers: Record<string, string> = {}, method = 'POST'): Promise<any> {
  return getJson('/api/body/echo', { method, headers, body })
}

/** The status line as well as the body: Next.js puts its body-parser error in both. */
function statusLine(urlPath: string, headers: Record<string, string>, body: string): Promise<{ code: number; message: string; body: string; contentType: string | undefined }> {
  const url = new URL(server.base)
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method: 'POST', path: urlPath, headers: { connection: 'close', ...headers } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (text += c))
      res.on('end', () => resolve({ code: res.statusCode!, message: res.statusMessage!, body: text, contentType: res.headers['content-type'] }))
    })
    req.setTimeout(10_000, () => req.destroy(new Error('timed out')))
    req.on('error', reject)
    req.end(body)
  })
}

describe('req.query', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['/api/query', {}],
    ['/api/query?a=1&a=2&b=3', { a: ['1', '2'], b: '3' }],
    ['/api/query?a=1&a=2&a=3&', { a: ['1', '2', '3'] }],
    ['/api/query?flag', { flag: '' }],
    ['/api/query?q=hello%20world&plus=a+b&empty=', { q: 'hello world', plus: 'a b', empty: '' }],
    // keys are decoded too, and brackets mean nothing: the query stays flat
    ['/api/query?a%20b=c&d[e]=f', { 'a b': 'c', 'd[e]': 'f' }],
    ['/api/query?=x&y', { '': 'x', y: '' }],
    // a malformed escape in the query is not an error: the bytes decode with replacement
    ['/api/query?bad=%E0%A4%A', { bad: '\uFFFD%A' }],
  ]
  for (const [urlPath, query] of cases) {
    it(`${urlPath} -> ${JSON.stringify(query)}`, async () => {
      assert.deepEqual((await getJson(urlPath)).query, query)
    })
  }

  it('a route param is written over a query key of the same name, keeping its place', async () => {
    const got = await getJson('/api/authors/234?id=999&x=1')
    assert.equal(got.id, '234')
    assert.deepEqual(got.query, { id: '234', x: '1' })
    assert.deepEqual(Object.keys(got.query), ['id', 'x'])
  })

  it('a repeated query key does not turn a route param into an array', async () => {
    assert.deepEqual((await getJson('/api/authors/7?id=1&id=2')).query, { id: '7' })
  })

  it('query keys come first, then route params', async () => {
    const got = await getJson('/api/authors/12/books/99?sort=asc')
    assert.deepEqual(got.query, { sort: 'asc', id: '12', bookId: '99' })
    assert.deepEqual(Object.keys(got.query), ['sort', 'id', 'bookId'])
  })

  it('a catch-all param replaces the query value of the same name', async () => {
    const got = await getJson('/api/store/a/b?gadgets=zzz&color=red')
    assert.deepEqual(got.query, { gadgets: ['a', 'b'], color: 'red' })
  })
})

describe('req.body by content type', () => {
  it('JSON object', async () => {
    const got = await echo('{"a":1,"b":[1,2]}', { 'content-type': 'application/json' })
    assert.deepEqual(got, { method: 'POST', contentType: 'application/json', type: 'object', body: { a: 1, b: [1, 2] } })
  })

  it('JSON array, with a charset parameter', async () => {
    const got = await echo('[1,2,3]', { 'content-type': 'application/json; charset=utf-8' })
    assert.equal(got.type, 'array')
    assert.deepEqual(got.body, [1, 2, 3])
  })

  it('JSON scalars: null and a number', async () => {
    assert.deepEqual(await echo('null', { 'content-type': 'application/json' }), { method: 'POST', contentType: 'application/json', type: 'null', body: null })
    assert.deepEqual((await echo('42', { 'content-type': 'application/json' })).body, 42)
  })

  it('the media type is case-insensitive, and application/ld+json is JSON too', async () => {
    assert.deepEqual((await echo('{"a":1}', { 'content-type': 'Application/JSON' })).body, { a: 1 })
    assert.deepEqual((await echo('{"a":1}', { 'content-type': 'application/ld+json' })).body, { a: 1 })
  })

  it('an empty JSON body is {}', async () => {
    const got = await echo('', { 'content-type': 'application/json' })
    assert.equal(got.type, 'object')
    assert.deepEqual(got.body, {})
  })

  it('a GET declared as JSON without a body is {} too', async () => {
    const got = await echo(undefined, { 'content-type': 'application/json' }, 'GET')
    assert.deepEqual(got, { method: 'GET', contentType: 'application/json', type: 'object', body: {} })
  })

  it('invalid JSON is 400 "Invalid JSON"', async () => {
    const r = await statusLine('/api/body/echo', { 'content-type': 'application/json' }, '{bad json')
    assert.equal(r.code, 400)
    assert.equal(r.body, 'Invalid JSON')
    assert.equal(r.message, 'Invalid JSON')
    assert.equal(r.contentType, undefined)
  })

  it('a content type that does not parse is read as text', async () => {
    const got = await echo('{"a":1}', { 'content-type': 'application/json; charset' })
    assert.equal(got.type, 'string')
    assert.equal(got.body, '{"a":1}')
  })

  it('urlencoded: flat, repeated keys become arrays, + is a space', async () => {
    const got = await echo('a=1&b=two&b=three&c=x+y&d%5Be%5D=f', { 'content-type': 'application/x-www-form-urlencoded' })
    assert.equal(got.type, 'object')
    assert.deepEqual(got.body, { a: '1', b: ['two', 'three'], c: 'x y', 'd[e]': 'f' })
  })

  it('text/plain is a string', async () => {
    const got = await echo('just text', { 'content-type': 'text/plain' })
    assert.deepEqual(got, { method: 'POST', contentType: 'text/plain', type: 'string', body: 'just text' })
  })

  it('no content type is a string', async () => {
    const got = await echo('no type')
    assert.deepEqual(got, { method: 'POST', contentType: null, type: 'string', body: 'no type' })
  })

  it('any other content type is a string', async () => {
    const got = await echo('bytes', { 'content-type': 'application/octet-stream' })
    assert.deepEqual(got, { method: 'POST', contentType: 'application/octet-stream', type: 'string', body: 'bytes' })
  })

  it("a GET without a body gives ''", async () => {
    const got = await getJson('/api/body/echo')
    assert.deepEqual(got, { method: 'GET', contentType: null, type: 'string', body: '' })
  })
})

describe('body size limits', () => {
  it('the default limit is 1mb = 1048576 bytes, and a body of exactly that passes', async () => {
    const got = await getJson('/api/body/length', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(1_048_576) })
    assert.deepEqual(got, { type: 'string', length: 1_048_576 })
  })

  it('a 1.1 MB body is 413 "Body exceeded 1mb limit" (streamed, no Content-Length)', async () => {
    const r = await request(server.base, '/api/body/length', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(1_100_000) })
    assert.equal(r.status, 413)
    assert.equal(r.body, 'Body exceeded 1mb limit')
  })

  it('a 1.1 MB body announced by Content-Length is 413 as well', async () => {
    const r = await statusLine('/api/body/length', { 'content-type': 'application/json', 'content-length': '1100000' }, 'x'.repeat(1_100_000))
    assert.equal(r.code, 413)
    assert.equal(r.message, 'Body exceeded 1mb limit')
    assert.equal(r.body, 'Body exceeded 1mb limit')
    assert.equal(r.contentType, undefined)
  })

  it("sizeLimit: '10b' lets exactly 10 bytes through", async () => {
    const got = await getJson('/api/body/small', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '0123456789' })
    assert.deepEqual(got, { body: '0123456789' })
  })

  it("sizeLimit: '10b' answers 11 bytes with 413 \"Body exceeded 10b limit\"", async () => {
    const r = await request(server.base, '/api/body/small', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '0123456789a' })
    assert.equal(r.status, 413)
    assert.equal(r.body, 'Body exceeded 10b limit')
    const announced = await statusLine('/api/body/small', { 'content-type': 'text/plain', 'content-length': '11' }, '0123456789a')
    assert.equal(announced.code, 413)
    assert.equal(announced.body, 'Body exceeded 10b limit')
  })

  it('the limit counts bytes, not characters', async () => {
    const fits = await getJson('/api/body/small', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'ééééé' })
    assert.deepEqual(fits, { body: 'ééééé' })
    const r = await request(server.base, '/api/body/small', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'éééééa' })
    assert.equal(r.status, 413)
    assert.equal(r.body, 'Body exceeded 10b limit')
  })

  it('a limit set in a TypeScript `config: PageConfig` applies', async () => {
    const fits = await getJson('/api/body/typed-limit', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'y'.repeat(1024) })
    assert.equal(fits.body, 'y'.repeat(1024))
    const r = await request(server.base, '/api/body/typed-limit', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'y'.repeat(1025) })
    assert.equal(r.status, 413)
    assert.equal(r.body, 'Body exceeded 1kb limit')
  })

  it('the server keeps serving after rejected bodies', async () => {
    assert.deepEqual((await getJson('/api/query?after=413')).query, { after: '413' })
  })
})

describe('bodyParser: false', () => {
  it('leaves req.body undefined and the stream for the handler to read', async () => {
    const got = await getJson('/api/body/raw', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"raw":true}' })
    assert.deepEqual(got, { bodyIsUndefined: true, length: 12, text: '{"raw":true}' })
  })

  it('applies no size limit: the handler reads 2 MB itself', async () => {
    const got = await getJson('/api/body/raw', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(2_000_000) })
    assert.equal(got.bodyIsUndefined, true)
    assert.equal(got.length, 2_000_000)
  })
})

describe('req.cookies', () => {
  it('parses the Cookie header and decodes values', async () => {
    const got = await getJson('/api/cookies', { headers: { cookie: 'a=1; enc=a%20b' } })
    assert.deepEqual(got.cookies, { a: '1', enc: 'a b' })
  })

  it('is {} without a Cookie header', async () => {
    assert.deepEqual((await getJson('/api/cookies')).cookies, {})
  })

  it('keeps the first of repeated names, unquotes, trims, and leaves a bad escape as it is', async () => {
    const got = await getJson('/api/cookies', { headers: { cookie: 'a=1; a=2; q="x y"; bad=%E0%A4%A;  sp = v ' } })
    assert.deepEqual(got.cookies, { a: '1', q: 'x y', bad: '%E0%A4%A', sp: 'v' })
  })
})
