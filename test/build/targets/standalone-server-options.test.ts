// The standalone `server.mjs` takes `slugline start`'s server settings and keeps its crash
// guard: built by the real CLI, run from a copy of the folder with flags, driven over sockets.
// (test/cli/server-options.test.ts covers each setting in depth under `start`.)
import assert from 'node:assert/strict'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { copyApp, repoRoot } from '../../helpers/app-server.ts'
import { request } from '../../helpers/http.ts'
import { buildForTarget, isolatedDir, runOutput, type OutputProcess } from './output-process.ts'

describe('standalone server.mjs: server settings and the crash guard', () => {
  let copy = ''
  let server: OutputProcess | undefined
  before(async () => {
    const app = copyApp(path.join(repoRoot, 'test', 'fixtures', 'server-options-app'))
    buildForTarget(app, 'standalone')
    copy = isolatedDir('slugline-standalone-options-')
    fs.cpSync(path.join(app, '.slugline', 'standalone'), copy, { recursive: true })
    fs.rmSync(app, { recursive: true, force: true })
    server = await runOutput(path.join(copy, 'server.mjs'), { args: ['--trust-proxy', '--headers-timeout', '400', '--shutdown-timeout', '300'] })
  })
  after(async () => {
    await server?.stop()
    fs.rmSync(copy, { recursive: true, force: true })
  })

  test('--trust-proxy: request.url takes X-Forwarded-Host', async () => {
    const res = await request(server!.base, '/url', { headers: { host: 'evil.example', 'x-forwarded-host': 'api.example.com' } })
    assert.deepEqual(res.json(), { url: 'http://api.example.com/url', host: 'api.example.com' })
  })

  test('--headers-timeout 400: a client stalling in its headers gets 408', async () => {
    const port = Number(new URL(server!.base).port)
    const raw = await new Promise<string>((resolve) => {
      let got = ''
      const socket = net.connect(port, '127.0.0.1', () => socket.write('GET /api/ok HTTP/1.1\r\nHost: x\r\nX-Slow: '))
      socket.on('data', (d) => (got += d))
      socket.on('close', () => resolve(got))
      socket.on('error', () => {})
      setTimeout(() => socket.destroy(), 3_000)
    })
    assert.match(raw, /^HTTP\/1\.1 408 /)
  })

  test('an exception thrown in a timer is logged; the server keeps serving', async () => {
    assert.equal((await request(server!.base, '/api/timer-throw')).status, 200)
    const end = Date.now() + 3_000
    while (!server!.log().includes('thrown in a timer') && Date.now() < end) await new Promise((r) => setTimeout(r, 20))
    assert.match(server!.log(), /Uncaught exception outside any response \(the server keeps serving\)/)
    assert.equal(server!.child.exitCode, null)
    assert.equal((await request(server!.base, '/api/ok')).status, 200)
  })

  test('--shutdown-timeout 300: SIGTERM with a 5 s request in flight ends it with 503, exit 0', async () => {
    const inFlight = request(server!.base, '/api/slow')
    const end = Date.now() + 3_000
    while (!server!.log().includes('slow request started') && Date.now() < end) await new Promise((r) => setTimeout(r, 20))
    const t0 = performance.now()
    assert.equal(await server!.stop('SIGTERM'), 0)
    assert.ok(performance.now() - t0 < 2_000)
    assert.equal((await inFlight).status, 503)
    assert.match(server!.log(), /grace period of 300 ms ran out; ended 1 response still open/)
  })
})
