// What a handler or a client can do to `slugline start`, through a real server: errors thrown
// outside any request (timers, rejections, 'error' events nobody listens to, writes after the
// end, failing streams) are logged and the same process keeps serving; and what a response
// declares as its length and what it sends never differ on a keep-alive connection.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { buildAndServe, repoRoot, stopAndRemove, type RunningServer } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'
import { get, pipelined } from '../helpers/raw-http.ts'

const fixture = path.join(repoRoot, 'test', 'fixtures', 'hardening-app')
let dir = ''
let server: RunningServer

before(async () => ({ dir, server } = await buildAndServe(fixture)))
after(() => stopAndRemove(dir, server))

async function stillServing(pid: number): Promise<void> {
  const ok = await request(server.base, '/api/ok')
  assert.equal(ok.status, 200)
  assert.equal(ok.json().pid, pid, 'the same process answers: it did not die')
}

describe('errors outside any request keep the server up', () => {
  let pid = 0
  before(async () => (pid = (await request(server.base, '/api/ok')).json().pid))

  const cases: Array<[route: string, logged: string, status: number]> = [
    ['/api/crash/timer', 'thrown in a timer', 200],
    ['/api/crash/rejection', 'rejected with nobody listening', 200],
    ['/api/crash/emitter', 'second error, no listener', 400],
    ['/api/crash/async-throw', 'async throw inside the request', 500],
  ]
  for (const [route, logged, status] of cases) {
    test(`${route}: answered ${status}, logged, still serving`, async () => {
      const r = await request(server.base, route)
      assert.equal(r.status, status)
      await server.waitForLog(logged)
      await stillServing(pid)
      assert.equal(server.child.exitCode, null)
    })
  }

  test('a write and an end after the response ended: the first answer stands, the rest is logged', async () => {
    const r = await request(server.base, '/api/crash/after-end')
    assert.equal(r.status, 200)
    assert.deepEqual(r.json(), { first: true })
    await server.waitForLog('res.write() after the response to GET /api/crash/after-end had ended')
    await server.waitForLog('res.end(data) after the response to GET /api/crash/after-end had ended')
    await stillServing(pid)
  })

  test('res.send(stream) of a file that is not there: 500, logged, still serving', async () => {
    const r = await request(server.base, '/api/crash/missing-stream')
    assert.equal(r.status, 500)
    assert.equal(r.body, 'Internal Server Error')
    assert.ok(!r.body.includes('/definitely/not/here'), 'nothing about the error reaches the client')
    await server.waitForLog('ENOENT')
    await stillServing(pid)
  })
})

describe('a declared length never frames other bytes', () => {
  test('setHeader length contradicted by res.end(body): sent with the true length', async () => {
    const { answers, leftover } = await pipelined(server.port, [get('/api/framing/set-short'), get('/api/ok', true)])
    assert.equal(answers.length, 2)
    assert.equal(answers[0]!.body, 'hello world')
    assert.equal(answers[0]!.headers['content-length'], '11')
    assert.equal(answers[1]!.status, 200)
    assert.equal(leftover, '')
    const { answers: long } = await pipelined(server.port, [get('/api/framing/set-long'), get('/api/ok', true)])
    assert.equal(long[0]!.body, 'hello world')
    assert.equal(long[1]!.status, 200)
  })

  test('writeHead length, longer body written in pieces: cut at the length, the connection stays in step', async () => {
    const { answers, leftover } = await pipelined(server.port, [get('/api/framing/writehead-over'), get('/api/ok', true)])
    assert.equal(answers.length, 2)
    assert.equal(answers[0]!.body, 'hello')
    assert.equal(JSON.parse(answers[1]!.body).ok, true)
    assert.equal(leftover, '')
    await server.waitForLog('is longer than its Content-Length (5 bytes)')
  })

  test('writeHead length, shorter body: the connection is closed, never read into the next answer', async () => {
    const ex = await pipelined(server.port, [get('/api/framing/writehead-under'), get('/api/ok', true)])
    assert.equal(ex.answers.length, 0, 'the cut response is not complete, and nothing follows it')
    assert.ok(!ex.leftover.includes('"ok"'), 'the next response is not sent on this connection')
    await server.waitForLog('is shorter than its Content-Length (5 of 20 bytes)')
    assert.equal((await request(server.base, '/api/ok')).status, 200)
  })

  test('HEAD may declare the length a GET would get', async () => {
    const { answers } = await pipelined(server.port, [get('/api/framing/head-length', false, 'HEAD'), get('/api/framing/head-length', true)])
    assert.equal(answers.length, 2)
    assert.equal(answers[0]!.headers['content-length'], '11')
    assert.equal(answers[0]!.body, '')
    assert.equal(answers[1]!.body, 'hello world')
  })

  test('app route Response with a wrong content-length header: the body goes out whole, truly framed', async () => {
    const { answers, leftover } = await pipelined(server.port, [get('/framing/string'), get('/framing/stream'), get('/api/ok', true)])
    assert.equal(answers.length, 3)
    assert.equal(answers[0]!.body, 'hello world')
    assert.equal(answers[0]!.headers['content-length'], '11')
    assert.equal(answers[1]!.body, 'hello world')
    assert.equal(answers[1]!.headers['content-length'], undefined)
    assert.equal(answers[1]!.headers['transfer-encoding'], 'chunked')
    assert.equal(answers[2]!.status, 200)
    assert.equal(leftover, '')
  })
})

describe('maxDuration', () => {
  test('a pages route past its maxDuration: 504, the late answer is dropped, still serving', async () => {
    const started = Date.now()
    const r = await request(server.base, '/api/limits/slow')
    assert.equal(r.status, 504)
    assert.deepEqual(r.json(), { error: 'Gateway Timeout' })
    assert.ok(Date.now() - started < 550, 'answered at the deadline, not when the handler finished')
    await server.waitForLog('pages/api/limits/slow.js did not finish within its maxDuration of 0.2 s')
    // The handler's own res.json() 400 ms later is dropped (logged when it throws; since Next's
    // setHeader patch a late answer no longer does), and the server keeps serving.
    await new Promise((r) => setTimeout(r, Math.max(0, started + 700 - Date.now())))
    assert.equal((await request(server.base, '/api/ok')).status, 200)
  })

  test("an app route past its maxDuration: 504, and its request.signal aborts with a TimeoutError", async () => {
    const r = await request(server.base, '/limits/slow')
    assert.equal(r.status, 504)
    await server.waitForLog('signal aborted: TimeoutError')
  })
})
