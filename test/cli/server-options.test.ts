// `slugline start`'s server settings, each on a real process over raw sockets: the three Node
// server timeouts (a client that stalls is answered 408 at the limit it breaks, an idle
// keep-alive connection is closed), the shutdown grace period (what is still open when it runs
// out is ended, and the log says so), and --trust-proxy (request.url's host from the proxy's
// headers, or the server's own). Each flag has an env var, tested for one of them here and
// parsed by the same code for all.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { copyApp, repoRoot, runCli, serve, type RunningServer } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'

let dir = ''
before(() => {
  dir = copyApp(path.join(repoRoot, 'test', 'fixtures', 'server-options-app'))
  const built = runCli(['build', dir])
  assert.equal(built.status, 0, built.stderr)
})
after(() => fs.rmSync(dir, { recursive: true, force: true }))

/** Opens a connection, writes `bytes` and waits; resolves with what came back, when the server
 *  closed the connection, and how long after the write that was (or `null` after `waitMs`). */
function stall(port: number, bytes: string, waitMs: number): Promise<{ raw: string; closedAfterMs: number | null }> {
  return new Promise((resolve) => {
    let raw = ''
    let t0 = 0
    const socket = net.connect(port, '127.0.0.1', () => {
      t0 = performance.now()
      socket.write(bytes)
    })
    const timer = setTimeout(() => {
      socket.destroy()
      resolve({ raw, closedAfterMs: null })
    }, waitMs)
    socket.on('data', (d) => (raw += d.toString('latin1')))
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(timer)
      resolve({ raw, closedAfterMs: performance.now() - t0 })
    })
  })
}

async function withServer(args: string[], env: Record<string, string>, body: (s: RunningServer) => Promise<void>): Promise<void> {
  const server = await serve(dir, { args, env })
  try {
    await body(server)
  } finally {
    await server.stop()
  }
}

const PARTIAL_HEADERS = 'GET /api/ok HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: '
const PARTIAL_BODY = 'POST /api/ok HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\nabc'
const KEEP_ALIVE = 'GET /api/ok HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'

describe('start: server timeouts', () => {
  it('--headers-timeout 400: a client still sending headers is answered 408 at the limit; the server keeps serving', () =>
    withServer(['--headers-timeout', '400'], {}, async (server) => {
      const r = await stall(server.port, PARTIAL_HEADERS, 3_000)
      assert.match(r.raw, /^HTTP\/1\.1 408 /, JSON.stringify(r))
      assert.ok(r.closedAfterMs! >= 350 && r.closedAfterMs! < 1_500, `closed after ${r.closedAfterMs} ms`)
      assert.equal((await request(server.base, '/api/ok')).status, 200)
    }))

  it('without it (Node\'s 60 s), the same client is still waiting after 1.5 s', () =>
    withServer([], {}, async (server) => {
      const r = await stall(server.port, PARTIAL_HEADERS, 1_500)
      assert.deepEqual(r, { raw: '', closedAfterMs: null })
    }))

  it('$SLUGLINE_REQUEST_TIMEOUT=600: a body that stops coming is answered 408 at the limit', () =>
    withServer(['--headers-timeout', '300'], { SLUGLINE_REQUEST_TIMEOUT: '600' }, async (server) => {
      const r = await stall(server.port, PARTIAL_BODY, 3_000)
      assert.match(r.raw, /^HTTP\/1\.1 408 /, JSON.stringify(r))
      assert.ok(r.closedAfterMs! >= 550 && r.closedAfterMs! < 1_800, `closed after ${r.closedAfterMs} ms`)
    }))

  it('--keep-alive-timeout 300: an idle keep-alive connection is closed after 300 ms, not 5 s', () =>
    withServer(['--keep-alive-timeout', '300'], {}, async (server) => {
      const r = await stall(server.port, KEEP_ALIVE, 3_000)
      assert.match(r.raw, /^HTTP\/1\.1 200 /)
      assert.match(r.raw, /\r\nConnection: keep-alive\r\n/i)
      assert.ok(r.closedAfterMs! >= 250 && r.closedAfterMs! < 1_500, `closed after ${r.closedAfterMs} ms`)
    }))
})

describe('start: --shutdown-timeout', () => {
  it('300: SIGTERM with a 5 s request in flight ends it (503) when the grace runs out, says so, exits 0', async () => {
    const server = await serve(dir, { args: ['--shutdown-timeout', '300'] })
    const inFlight = request(server.base, '/api/slow')
    await server.waitForLog('slow request started')
    const t0 = performance.now()
    const code = await server.stop('SIGTERM')
    const res = await inFlight
    const took = performance.now() - t0
    assert.equal(res.status, 503)
    assert.equal(code, 0)
    assert.ok(took >= 280 && took < 2_000, `exited ${took} ms after the signal`)
    assert.match(server.log(), /at most 300 ms/)
    assert.match(server.log(), /grace period of 300 ms ran out; ended 1 response still open/)
  })
})

describe('start: --trust-proxy', () => {
  const headers = { host: 'evil.example', 'x-forwarded-host': 'api.example.com', 'x-forwarded-proto': 'https' }

  it("off (the default): request.url is the server's own origin, whatever Host says", () =>
    withServer([], {}, async (server) => {
      const res = await request(server.base, '/url?q=1', { headers })
      assert.deepEqual(res.json(), { url: `https://localhost:${server.port}/url?q=1`, host: `localhost:${server.port}` })
    }))

  for (const [how, args, env] of [
    ['--trust-proxy', ['--trust-proxy'], {}],
    ['$SLUGLINE_TRUST_PROXY=1', [], { SLUGLINE_TRUST_PROXY: '1' }],
  ] as const) {
    it(`${how}: request.url takes X-Forwarded-Host, then Host`, () =>
      withServer([...args], env, async (server) => {
        assert.deepEqual((await request(server.base, '/url?q=1', { headers })).json(), { url: 'https://api.example.com/url?q=1', host: 'api.example.com' })
        const res = await request(server.base, '/url', { headers: { host: 'evil.example' } })
        assert.deepEqual(res.json(), { url: 'http://evil.example/url', host: 'evil.example' })
      }))
  }
})

describe('start: bad settings are usage errors', () => {
  for (const [args, env, message] of [
    [['--headers-timeout', 'soon'], {}, 'Invalid --headers-timeout "soon": use a whole number of milliseconds from 0'],
    [['--keep-alive-timeout=-5'], {}, 'Invalid --keep-alive-timeout "-5": use a whole number of milliseconds from 0'],
    [[], { SLUGLINE_SHUTDOWN_TIMEOUT: '1.5' }, 'Invalid $SLUGLINE_SHUTDOWN_TIMEOUT "1.5": use a whole number of milliseconds from 0'],
    [[], { SLUGLINE_TRUST_PROXY: 'maybe' }, 'Invalid $SLUGLINE_TRUST_PROXY "maybe": use 1 or 0'],
    [['--headers-timeout', '5000', '--request-timeout', '1000'], {}, 'The headers timeout (5000 ms) is longer than the request timeout (1000 ms): it could never apply'],
    [['--trust-proxy=yes'], {}, '--trust-proxy takes no value'],
  ] as const) {
    it(`${[...args, ...Object.entries(env).map(([k, v]) => `${k}=${v}`)].join(' ')}`, () => {
      const r = runCli(['start', dir, ...args], { env: { ...env } })
      assert.equal(r.status, 1, r.stdout + r.stderr)
      assert.equal(r.stderr.split('\n')[0], `Error: ${message}`)
    })
  }

  it('build does not take them', () => {
    const r = runCli(['build', dir, '--shutdown-timeout', '5'])
    assert.equal(r.status, 1)
    assert.match(r.stderr, /`slugline build` does not take --shutdown-timeout \(only start does\)/)
  })
})
