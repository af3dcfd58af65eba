// What happens around a pages/api handler, seen over real HTTP and in the server's log: a throw
// or a rejection (500, the error in the log, never in the answer), a throw after the answer was
// sent, a handler that returns without answering (with and without `externalResolver`), and the
// response-size warning of `responseLimit`. The server must keep serving after each of them.
// Messages are Next.js's own (16.4.6, next/dist/server/api-utils/node/api-resolver.js).
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

const get = (urlPath: string) => request(server.base, urlPath)

/** A normal request still gets its normal answer. */
async function assertStillServing(): Promise<void> {
  const r = await get('/api/res/hello')
  assert.equal(r.status, 200)
  assert.deepEqual(r.json(), { message: 'hello' })
}

let markers = 0
/**
 * Makes the fixture print a marker on stderr and waits for it: a warning printed while an
 * earlier request was answered is then in the log, so its absence means something.
 */
async function settleLog(): Promise<void> {
  const id = `m${++markers}-${Date.now()}`
  assert.equal((await get(`/api/lifecycle/marker?id=${id}`)).status, 200)
  await server.waitForLog(`marker ${id}`)
}

const resolvedWithout = (url: string) => `API resolved without sending a response for ${url}, this may result in stalled requests.`
const tooLarge = (url: string, size: string) => `API response for ${url} exceeds ${size}. API Routes are meant to respond quickly.`

describe('a handler that fails', () => {
  it('a throw is 500 "Internal Server Error", without the message; the log has message and stack', async () => {
    const r = await get('/api/errors/throws')
    assert.equal(r.status, 500)
    assert.equal(r.body, 'Internal Server Error')
    assert.equal(r.headers['content-type'], undefined)
    await server.waitForLog('boom: secret detail')
    assert.match(server.log(), /Error: boom: secret detail\r?\n\s+at /)
    await assertStillServing()
  })

  it('an async handler that rejects is 500 the same way', async () => {
    const r = await get('/api/errors/rejects')
    assert.equal(r.status, 500)
    assert.equal(r.body, 'Internal Server Error')
    assert.doesNotMatch(r.body, /secret/)
    await server.waitForLog('async boom: secret detail')
    assert.match(server.log(), /Error: async boom: secret detail\r?\n\s+at /)
    await assertStillServing()
  })

  it('a throw after the answer was sent keeps that answer, and is logged', async () => {
    const r = await get('/api/errors/after-send')
    assert.equal(r.status, 200)
    assert.deepEqual(r.json(), { sent: true })
    await server.waitForLog('thrown after response was sent')
    await assertStillServing()
  })
})

describe('a handler that returns without answering', () => {
  it('is warned about, and its later answer still arrives', async () => {
    const r = await get('/api/lifecycle/late')
    assert.equal(r.status, 200)
    assert.deepEqual(r.json(), { late: true })
    await server.waitForLog(resolvedWithout('/api/lifecycle/late'))
  })

  it('is not warned about with `externalResolver: true`', async () => {
    const r = await get('/api/lifecycle/external')
    assert.equal(r.status, 200)
    assert.deepEqual(r.json(), { external: true })
    await settleLog()
    assert.ok(!server.log().includes(resolvedWithout('/api/lifecycle/external')), server.log())
  })

  it('is warned about when it never answers, and the server keeps serving', async () => {
    const url = new URL(server.base)
    let answered = false
    const pending = http.get({ host: url.hostname, port: url.port, path: '/api/lifecycle/never' }, () => (answered = true))
    pending.on('error', () => {}) // destroyed below, on purpose
    try {
      await server.waitForLog(resolvedWithout('/api/lifecycle/never'))
      assert.equal(answered, false)
    } finally {
      pending.destroy()
    }
    await assertStillServing()
  })
})

describe('responseLimit', () => {
  it("a response over `responseLimit: '1kb'` is warned about but sent whole", async () => {
    const r = await get('/api/limits/small-over')
    assert.equal(r.status, 200)
    assert.equal(r.body, 'x'.repeat(2000))
    await server.waitForLog(tooLarge('/api/limits/small-over', '1KB'))
  })

  it('the limit counts every res.write(), not one call', async () => {
    const r = await get('/api/limits/small-stream')
    assert.equal(r.status, 200)
    assert.equal(r.body, 'a'.repeat(500) + 'b'.repeat(500) + 'c'.repeat(500))
    await server.waitForLog(tooLarge('/api/limits/small-stream', '1KB'))
  })

  it('a response under the limit is not warned about', async () => {
    const r = await get('/api/limits/small-under')
    assert.equal(r.body.length, 500)
    await settleLog()
    assert.ok(!server.log().includes('API response for /api/limits/small-under'), server.log())
  })

  it('the default limit is 4mb', async () => {
    const r = await get('/api/limits/default-over')
    assert.equal(r.status, 200)
    assert.equal(r.body.length, 4_500_000)
    await server.waitForLog(tooLarge('/api/limits/default-over', '4MB'))
  })

  it('`responseLimit: false` never warns', async () => {
    const r = await get('/api/limits/unlimited')
    assert.equal(r.status, 200)
    assert.equal(r.body.length, 4_500_000)
    await settleLog()
    assert.ok(!server.log().includes('API response for /api/limits/unlimited'))
  })

  it('ordinary answers are never warned about', async () => {
    await settleLog()
    assert.doesNotMatch(server.log(), /API response for \/api\/(res|lifecycle|errors)\//)
  })
})
