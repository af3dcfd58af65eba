// The dev server's request log: one line per request with method, path, status and time, in
// colour only on a terminal and never with NO_COLOR set.
import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, it } from 'node:test'
import { createColors, wantsColor } from '../../src/dev/colors.ts'
import { createRequestLogger } from '../../src/dev/request-log.ts'
import { request } from '../helpers/http.ts'

async function logOf(color: boolean, status: number, path: string, rewriteTo?: string): Promise<string> {
  const lines: string[] = []
  const log = createRequestLogger((line) => lines.push(line), createColors(color))
  const server = http.createServer((req, res) => {
    log(req, res)
    // What routing does to req.url (a basePath taken off, a rewrite, the pages query form).
    if (rewriteTo !== undefined) req.url = rewriteTo
    res.statusCode = status
    res.end('x')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    await request(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, path, { method: 'POST' })
    while (lines.length === 0) await new Promise((r) => setImmediate(r))
    return lines[0]!
  } finally {
    server.close()
  }
}

describe('dev request log', () => {
  it('writes method, path with query, status and time', async () => {
    assert.match(await logOf(false, 201, '/api/items?page=2'), /^ POST \/api\/items\?page=2 201 in \d+(\.\d)? ms$/)
  })

  it('writes the path as the client sent it, not as routing rewrote req.url', async () => {
    assert.match(await logOf(false, 200, '/docs/api/items?a+b', '/api/items?a+b='), /^ POST \/docs\/api\/items\?a\+b 200 in /)
  })

  it('colours the status by its class when colour is on, and writes no escape codes when off', async () => {
    assert.ok((await logOf(true, 503, '/x')).includes('\x1b[31m503\x1b[39m'))
    assert.ok((await logOf(true, 404, '/x')).includes('\x1b[33m404\x1b[39m'))
    assert.ok((await logOf(true, 200, '/x')).includes('\x1b[32m200\x1b[39m'))
    assert.ok(!(await logOf(false, 503, '/x')).includes('\x1b['))
  })

  it('takes colour only for a terminal, and never with NO_COLOR', () => {
    assert.equal(wantsColor({ isTTY: true }, {}), true)
    assert.equal(wantsColor({ isTTY: false }, {}), false)
    assert.equal(wantsColor({}, {}), false)
    assert.equal(wantsColor({ isTTY: true }, { NO_COLOR: '1' }), false)
    // https://no-color.org: an empty NO_COLOR does not count.
    assert.equal(wantsColor({ isTTY: true }, { NO_COLOR: '' }), true)
  })
})
