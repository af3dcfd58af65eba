// The `res` helpers of a pages/api handler over real HTTP: status/json/send/redirect, headers,
// ETag and 304, HEAD, 204, streamed writes, and handlers written in TypeScript or CommonJS.
// Expected answers are what `next start` (16.4.6) gives for the same fixture.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { buildAndServe, repoRoot, stopAndRemove, type RunningServer } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'

const fixture = path.join(repoRoot, 'test', 'fixtures', 'pages-app')
const JSON_TYPE = 'application/json; charset=utf-8'
let dir = ''
let server: RunningServer

before(async () => {
  ;({ dir, server } = await buildAndServe(fixture))
})

after(() => stopAndRemove(dir, server))

const get = (urlPath: string, options: Parameters<typeof request>[2] = {}) => request(server.base, urlPath, options)

describe('res helpers', () => {
  it('res.status(code).json(data)', async () => {
    const r = await get('/api/res/status')
    assert.equal(r.status, 418)
    assert.equal(r.headers['content-type'], JSON_TYPE)
    assert.deepEqual(r.json(), { teapot: true })
  })

  it('res.json sets the JSON content type and Content-Length', async () => {
    const r = await get('/api/res/hello')
    assert.equal(r.status, 200)
    assert.equal(r.headers['content-type'], JSON_TYPE)
    assert.equal(r.headers['content-length'], '19')
    assert.equal(r.body, '{"message":"hello"}')
  })

  it('res.send(string) gets no content type', async () => {
    const r = await get('/api/res/send-string')
    assert.equal(r.status, 200)
    assert.equal(r.headers['content-type'], undefined)
    assert.equal(r.headers['content-length'], '11')
    assert.equal(r.body, 'hello world')
  })

  it('res.send(Buffer) is application/octet-stream', async () => {
    const r = await get('/api/res/send-buffer')
    assert.equal(r.status, 200)
    assert.equal(r.headers['content-type'], 'application/octet-stream')
    assert.equal(r.headers['content-length'], '14')
    assert.equal(r.body, 'buffered bytes')
  })

  it('res.send(object) is JSON', async () => {
    const r = await get('/api/res/send-object')
    assert.equal(r.headers['content-type'], JSON_TYPE)
    assert.equal(r.body, '{"a":1,"b":[true,null]}')
  })

  it('res.send(number) is JSON', async () => {
    const r = await get('/api/res/send-number')
    assert.equal(r.headers['content-type'], JSON_TYPE)
    assert.equal(r.body, '42')
  })

  it('res.send(null) is an empty body, with no content type and no ETag', async () => {
    const r = await get('/api/res/send-null')
    assert.equal(r.status, 200)
    assert.equal(r.body, '')
    assert.equal(r.headers['content-type'], undefined)
    assert.equal(r.headers.etag, undefined)
  })

  it('res.json(null) is `null`', async () => {
    const r = await get('/api/res/json-null')
    assert.equal(r.status, 200)
    assert.equal(r.headers['content-type'], JSON_TYPE)
    assert.equal(r.body, 'null')
  })

  it('res.redirect(url) is 307 with Location and the url as body', async () => {
    const r = await get('/api/res/redirect')
    assert.equal(r.status, 307)
    assert.equal(r.headers.location, '/api/res/hello')
    assert.equal(r.body, '/api/res/hello')
  })

  it('res.redirect(301, url)', async () => {
    const r = await get('/api/res/redirect-301')
    assert.equal(r.status, 301)
    assert.equal(r.headers.location, 'https://example.com/moved')
    assert.equal(r.body, 'https://example.com/moved')
  })

  it("res.setHeader('Set-Cookie', [..]) gives two headers; other headers pass through", async () => {
    const r = await get('/api/res/headers')
    assert.equal(r.status, 200)
    assert.deepEqual(r.headers['set-cookie'], ['a=1; Path=/', 'b=2; Path=/; HttpOnly'])
    assert.equal(r.headers['x-custom'], 'yes')
    assert.equal(r.headers['cache-control'], 's-maxage=60, stale-while-revalidate')
    assert.deepEqual(r.json(), { ok: true })
  })

  it('204 has no body', async () => {
    const r = await get('/api/res/no-content')
    assert.equal(r.status, 204)
    assert.equal(r.body, '')
  })

  it('204 with res.json drops the body and the JSON content type', async () => {
    const r = await get('/api/res/no-content-json')
    assert.equal(r.status, 204)
    assert.equal(r.body, '')
    assert.equal(r.headers['content-type'], undefined)
  })

  it('res.statusCode + res.end(text) is sent as it is, without an ETag', async () => {
    const r = await get('/api/res/end-plain')
    assert.equal(r.status, 202)
    assert.equal(r.body, 'accepted')
    assert.equal(r.headers['content-type'], undefined)
    assert.equal(r.headers.etag, undefined)
  })
})

describe('ETag and If-None-Match', () => {
  let etag = ''
  before(async () => {
    etag = String((await get('/api/res/hello')).headers.etag)
  })

  it('a sent body carries a strong ETag that depends on the body only', async () => {
    assert.match(etag, /^"[0-9a-z]+"$/)
    assert.equal((await get('/api/res/hello')).headers.etag, etag)
    const others = await Promise.all(['/api/res/send-string', '/api/res/send-buffer', '/api/res/send-object', '/api/res/json-null'].map((p) => get(p)))
    for (const o of others) {
      assert.match(String(o.headers.etag), /^"[0-9a-z]+"$/)
      assert.notEqual(o.headers.etag, etag)
    }
  })

  it('a matching If-None-Match is 304 with no body', async () => {
    const r = await get('/api/res/hello', { headers: { 'if-none-match': etag } })
    assert.equal(r.status, 304)
    assert.equal(r.body, '')
    assert.equal(r.headers.etag, etag)
  })

  it('a weak or listed match is 304 too, and so is *', async () => {
    for (const value of [`W/${etag}`, `"other", ${etag}`, '*']) {
      const r = await get('/api/res/hello', { headers: { 'if-none-match': value } })
      assert.equal(r.status, 304, `If-None-Match: ${value}`)
      assert.equal(r.body, '')
    }
  })

  it('res.send(Buffer) answers 304 as well', async () => {
    const first = await get('/api/res/send-buffer')
    const r = await get('/api/res/send-buffer', { headers: { 'if-none-match': String(first.headers.etag) } })
    assert.equal(r.status, 304)
    assert.equal(r.body, '')
  })

  it('a different ETag, or Cache-Control: no-cache, gets the full answer', async () => {
    const other = await get('/api/res/hello', { headers: { 'if-none-match': '"other"' } })
    assert.equal(other.status, 200)
    assert.equal(other.body, '{"message":"hello"}')
    const noCache = await get('/api/res/hello', { headers: { 'if-none-match': etag, 'cache-control': 'no-cache' } })
    assert.equal(noCache.status, 200)
    assert.equal(noCache.body, '{"message":"hello"}')
  })
})

describe('HEAD', () => {
  it('answers the headers of GET without a body', async () => {
    const full = await get('/api/res/hello')
    const r = await get('/api/res/hello', { method: 'HEAD' })
    assert.equal(r.status, 200)
    assert.equal(r.body, '')
    assert.equal(r.headers['content-type'], JSON_TYPE)
    assert.equal(r.headers['content-length'], full.headers['content-length'])
    assert.equal(r.headers.etag, full.headers.etag)
  })

  it('works for res.send(string) and a redirect too', async () => {
    const sent = await get('/api/res/send-string', { method: 'HEAD' })
    assert.equal(sent.status, 200)
    assert.equal(sent.body, '')
    assert.equal(sent.headers['content-length'], '11')
    const moved = await get('/api/res/redirect', { method: 'HEAD' })
    assert.equal(moved.status, 307)
    assert.equal(moved.headers.location, '/api/res/hello')
    assert.equal(moved.body, '')
  })

  it('a matching If-None-Match on HEAD is 304', async () => {
    const etag = String((await get('/api/res/hello')).headers.etag)
    const r = await get('/api/res/hello', { method: 'HEAD', headers: { 'if-none-match': etag } })
    assert.equal(r.status, 304)
  })
})

describe('streamed res.write()', () => {
  /**
   * GETs /api/res/stream, which writes `first;` and then waits to be released. This client
   * sends the release only once `first;` has arrived, so `second;` can only follow if the first
   * chunk was flushed while the handler was still running.
   */
  function streamWithRelease(): Promise<{ chunks: string[]; headers: http.IncomingHttpHeaders; releasedAfterFirstChunk: boolean }> {
    const id = `s${process.pid}-${Date.now()}`
    const url = new URL(server.base)
    return new Promise((resolve, reject) => {
      const req = http.get({ host: url.hostname, port: url.port, path: `/api/res/stream?id=${id}`, headers: { connection: 'close' } }, (res) => {
        const chunks: string[] = []
        let releasedAfterFirstChunk = false
        res.setEncoding('utf8')
        res.on('data', (c: string) => {
          chunks.push(c)
          if (chunks.length === 1 && c === 'first;') {
            releasedAfterFirstChunk = true
            request(server.base, `/api/res/stream-release?id=${id}`).catch(reject)
          }
        })
        res.on('end', () => resolve({ chunks, headers: res.headers, releasedAfterFirstChunk }))
        res.on('error', reject)
      })
      req.setTimeout(10_000, () => req.destroy(new Error('timed out')))
      req.on('error', reject)
    })
  }

  it('the first chunk arrives before the handler ends', async () => {
    const { chunks, headers, releasedAfterFirstChunk } = await streamWithRelease()
    assert.equal(chunks[0], 'first;', `chunks: ${JSON.stringify(chunks)}`)
    assert.ok(releasedAfterFirstChunk)
    assert.equal(chunks.join(''), 'first;second;end')
    assert.equal(headers['content-type'], 'text/plain; charset=utf-8')
    assert.equal(headers['transfer-encoding'], 'chunked')
    assert.equal(headers.etag, undefined)
  })
})

describe('handlers as users write them', () => {
  it("a TypeScript handler typed with `import type { NextApiRequest, NextApiResponse } from 'next'`", async () => {
    const r = await get('/api/res/typed?n=21')
    assert.equal(r.status, 200)
    assert.equal(r.headers['content-type'], JSON_TYPE)
    assert.deepEqual(r.json(), { name: 'typed', n: 42, method: 'GET' })
  })

  it('a CommonJS handler (module.exports = handler)', async () => {
    const r = await get('/api/res/cjs?x=1')
    assert.equal(r.status, 200)
    assert.deepEqual(r.json(), { style: 'commonjs', query: { x: '1' } })
  })

  it('an app whose package.json has no "type" (as Next.js apps have) loads without Node module-type warnings', async () => {
    // every handler above has been loaded by now
    assert.equal((await get('/api/authors/1')).status, 200)
    assert.doesNotMatch(server.log(), /MODULE_TYPELESS_PACKAGE_JSON|Module type of file:/)
  })
})
