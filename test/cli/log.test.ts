// `slugline start --log [text|json]` and $SLUGLINE_LOG: off by default, one line per request on
// stdout once its response is done, JSON in pino-http's field names, an aborted request logged
// as aborted, every worker logging its own requests, and nothing lost when the server stops.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { runCli, serve, type RunningServer } from '../helpers/app-server.ts'

let dir = ''
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-log-'))
  const files: Record<string, string> = {
    'pages/api/ok.js': 'export default (req, res) => res.json({ ok: true })\n',
    'pages/api/boom.js': "export default () => { throw new Error('boom') }\n",
    'pages/api/slow.js': 'export default (req, res) => { res.writeHead(200); res.write("a"); setTimeout(() => res.end("b"), 3000) }\n',
    'app/v2/route.js': 'export const GET = () => Response.json({ v: 2 })\n',
  }
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    fs.writeFileSync(path.join(dir, file), text)
  }
  const built = runCli(['build', dir])
  assert.equal(built.status, 0, built.stderr)
})
after(() => fs.rmSync(dir, { recursive: true, force: true }))

/** The server's stdout lines after "ready". */
function requestLines(server: RunningServer): string[] {
  return server
    .log()
    .split('\n')
    .filter((l) => l.startsWith('{') || /^(GET|POST) /.test(l))
}

async function linesOnceStopped(server: RunningServer): Promise<string[]> {
  await server.stop()
  return requestLines(server)
}

/** A request the client gives up on while the response is still being written. */
function abortedRequest(base: string, urlPath: string): Promise<void> {
  return new Promise((resolve) => {
    const req = http.get(base + urlPath, (res) => {
      res.once('data', () => {
        req.destroy()
        resolve()
      })
    })
    req.on('error', () => resolve())
  })
}

describe('slugline start request log', () => {
  test('is off by default', async () => {
    const server = await serve(dir)
    await fetch(`${server.base}/api/ok`)
    assert.deepEqual(await linesOnceStopped(server), [])
  })

  test('--log: method, URL as sent, status and time, one line each; aborted ones say so', async () => {
    const server = await serve(dir, { args: ['--log'] })
    await fetch(`${server.base}/api/ok?b=2&a=1`)
    await fetch(`${server.base}/api/boom`)
    await fetch(`${server.base}/v2`)
    await fetch(`${server.base}/nowhere`)
    await abortedRequest(server.base, '/api/slow')
    await server.waitForLog('aborted')
    const lines = await linesOnceStopped(server)
    assert.equal(lines.length, 5, lines.join('\n'))
    assert.match(lines[0]!, /^GET \/api\/ok\?b=2&a=1 200 \d+(\.\d)? ms$/)
    assert.match(lines[1]!, /^GET \/api\/boom 500 \d+(\.\d)? ms$/)
    assert.match(lines[2]!, /^GET \/v2 200 \d+(\.\d)? ms$/)
    assert.match(lines[3]!, /^GET \/nowhere 404 \d+(\.\d)? ms$/)
    assert.match(lines[4]!, /^GET \/api\/slow aborted by the client after \d+(\.\d)? ms \(status 200 not sent in full\)$/)
  })

  test('--log json: pino-http fields, newline-delimited', async () => {
    const server = await serve(dir, { args: ['--log', 'json'] })
    const t0 = Date.now()
    await fetch(`${server.base}/api/ok?q="x"`)
    await fetch(`${server.base}/api/boom`, { method: 'POST' })
    await abortedRequest(server.base, '/api/slow')
    await server.waitForLog('request aborted')
    const entries = (await linesOnceStopped(server)).map((l) => JSON.parse(l))
    assert.equal(entries.length, 3)
    for (const e of entries) {
      assert.deepEqual(Object.keys(e).slice(0, 8), ['level', 'time', 'pid', 'hostname', 'req', 'res', 'responseTime', 'msg'])
      assert.equal(e.level, 30)
      assert.ok(e.time >= t0 && e.time <= Date.now(), 'time is epoch ms')
      assert.equal(e.pid, server.child.pid)
      assert.equal(e.hostname, os.hostname())
      assert.equal(typeof e.responseTime, 'number')
    }
    assert.deepEqual([entries[0].req, entries[0].res, entries[0].msg], [{ method: 'GET', url: '/api/ok?q=%22x%22' }, { statusCode: 200 }, 'request completed'])
    assert.deepEqual([entries[1].req, entries[1].res, entries[1].msg], [{ method: 'POST', url: '/api/boom' }, { statusCode: 500 }, 'request errored'])
    assert.deepEqual(entries[1].err, { type: 'Error', message: 'failed with status code 500' })
    assert.deepEqual([entries[2].req.url, entries[2].msg], ['/api/slow', 'request aborted'])
  })

  test('$SLUGLINE_LOG=json turns it on; a bad value is a usage error', async () => {
    const server = await serve(dir, { env: { SLUGLINE_LOG: 'json' } })
    await fetch(`${server.base}/api/ok`)
    const lines = await linesOnceStopped(server)
    assert.equal(JSON.parse(lines[0]!).msg, 'request completed')
    const bad = runCli(['start', dir], { env: { SLUGLINE_LOG: 'yes' } })
    assert.equal(bad.status, 1)
    assert.match(bad.stderr, /^Error: Invalid \$SLUGLINE_LOG "yes": use 1 \(or text\), json, or 0/)
    assert.match(bad.stderr, /Usage: slugline start/)
    const word = runCli(['start', dir, '--log', 'xml'])
    assert.match(word.stderr, /^Error: Invalid --log value "xml": use --log alone or one of --log text, --log json/)
  })

  test('--workers 2 --log json: each worker logs its own requests, whole lines', async () => {
    const server = await serve(dir, { args: ['--workers', '2', '--log', 'json'] })
    await server.waitForLog('Slugline ready')
    // Fresh connections, so the primary hands them round-robin to both workers.
    for (let i = 0; i < 40; i++) await fetch(`${server.base}/api/ok?i=${i}`, { headers: { connection: 'close' } })
    const entries = (await linesOnceStopped(server)).map((l) => JSON.parse(l))
    assert.equal(entries.length, 40)
    assert.equal(new Set(entries.map((e) => e.pid)).size, 2)
    assert.deepEqual(entries.map((e) => e.req.url).sort(), Array.from({ length: 40 }, (_, i) => `/api/ok?i=${i}`).sort())
  })

  test('a request just before SIGTERM is still logged', async () => {
    const server = await serve(dir, { args: ['--log'] })
    await fetch(`${server.base}/api/ok?last`)
    const lines = await linesOnceStopped(server)
    assert.match(lines.at(-1) ?? '', /^GET \/api\/ok\?last 200/)
  })
})
