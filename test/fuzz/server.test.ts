// Property: whatever a client sends (methods, paths, queries, headers, cookies, content types
// and bodies, as raw bytes over a socket), `slugline start` answers within a few seconds with
// a status the framework can stand behind: never a 5xx of its own (the fixture's handlers
// never fail by themselves), never a hang, and the process never dies. Bounded: a fixed
// number of requests and a fixed seed unless FUZZ_SEED is set.
import assert from 'node:assert/strict'
import net from 'node:net'
import path from 'node:path'
import { after, before, test } from 'node:test'
import fc from 'fast-check'
import { buildAndServe, repoRoot, stopAndRemove, type RunningServer } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'

const seed = Number(process.env.FUZZ_SEED ?? 20261202)
let dir = ''
let server: RunningServer

before(async () => ({ dir, server } = await buildAndServe(path.join(repoRoot, 'test', 'fixtures', 'fuzz-app'))))
after(() => stopAndRemove(dir, server))

const pick = <T>(...xs: T[]) => fc.constantFrom(...xs)
const method = fc.oneof(pick('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'), pick('TRACE', 'PROPFIND', 'get', 'X'))
const segment = fc.oneof(
  pick('api', 'echo', 'raw', 'small', 'v', 'form', 'index', 'a', '..', '.', '%2e', '%2E%2e', '', '%', '%zz', '%E0%A4%A', '%ff', '%00', '%2F', 'caf%C3%A9', '~', '%7e', '\\', 'a;b', '*'),
  fc.stringMatching(/^[A-Za-z0-9%._~!$&'()*+,;=:@-]{0,8}$/),
)
const pathArb = fc.oneof(
  fc.tuple(pick('/api/echo', '/api/raw', '/api/small', '/v', '/form', '/api', '/'), fc.array(segment, { maxLength: 5 })).map(([base, segs]) => base + segs.map((s) => '/' + s).join('')),
  pick('*', 'http://evil.example/api/echo', '//api//echo//', '/api/echo/', '/api/echo?'),
)
const queryPart = fc.tuple(
  fc.oneof(pick('a', '__proto__', 'constructor', 'toString', 'slug', 'p', '', 'a[]', '%zz', '+', 'x%20y'), fc.stringMatching(/^[A-Za-z0-9%+._~-]{0,6}$/)),
  fc.option(fc.oneof(pick('1', '', '%', '%E0%A4%A', '+', '=', 'a=b'), fc.stringMatching(/^[A-Za-z0-9%+._~-]{0,8}$/))),
)
const query = fc.option(fc.array(queryPart, { maxLength: 6 }).map((parts) => parts.map(([k, v]) => (v === null ? k : `${k}=${v}`)).join(fc.sample(pick('&', '&&', ';'), 1)[0])))
const contentType = fc.option(
  pick(
    'application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'application/json; charset=bogus',
    'application/ld+json', 'text/plain', 'text/plain; charset=utf-16', 'text/plain; charset=unicode', 'application/x-www-form-urlencoded',
    'multipart/form-data', 'multipart/form-data; boundary=x', 'application/octet-stream', ';;;', 'text/plain; charset="', '*/*',
  ),
)
const bodyArb = fc.oneof(
  pick('', '{}', '{"a":1}', '{"a":', '\ufeff{"a":1}', 'a=1&a=2&__proto__=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n', 'null', '[1,2]', '"x"'),
  fc.string({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
  fc.integer({ min: 90, max: 3000 }).map((n) => 'x'.repeat(n)),
)
const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,40}$/)
const extraHeaders = fc.array(
  fc.tuple(pick('cookie', 'host', 'x-forwarded-proto', 'x-forwarded-host', 'accept-encoding', 'if-none-match', 'cache-control', 'user-agent', 'x-any'), headerValue),
  { maxLength: 4 },
)
const framing = pick('length', 'chunked', 'none')

function rawRequest(parts: { method: string; target: string; headers: Array<[string, string]>; body: string; framing: string }): Buffer {
  const body = Buffer.from(parts.body, 'latin1')
  const lines = [`${parts.method} ${parts.target} HTTP/1.1`, 'Connection: close']
  if (!parts.headers.some(([k]) => k === 'host')) lines.push('Host: 127.0.0.1')
  for (const [k, v] of parts.headers) lines.push(`${k}: ${v}`)
  let payload = body
  if (parts.framing === 'length' || (parts.framing === 'none' && body.length > 0)) lines.push(`Content-Length: ${body.length}`)
  else if (parts.framing === 'chunked') {
    lines.push('Transfer-Encoding: chunked')
    payload = Buffer.concat([Buffer.from(body.length ? `${body.length.toString(16)}\r\n` : ''), body, Buffer.from(body.length ? '\r\n0\r\n\r\n' : '0\r\n\r\n')])
  }
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), payload])
}

function exchange(bytes: Buffer): Promise<{ status: number; raw: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1', () => socket.write(bytes))
    const chunks: Buffer[] = []
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error('no complete answer within 5 s (a hang)'))
    }, 5_000)
    socket.on('data', (d) => chunks.push(d))
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(timer)
      const raw = Buffer.concat(chunks).toString('latin1')
      const m = /^HTTP\/1\.1 (\d{3})/.exec(raw)
      resolve({ status: m ? Number(m[1]) : 0, raw })
    })
  })
}

test('no 5xx from the framework, no hang, no crash: 400 random requests (fast-check)', async () => {
  const statuses = new Map<number, number>()
  await fc.assert(
    fc.asyncProperty(method, pathArb, query, extraHeaders, contentType, bodyArb, framing, async (m, p, q, headers, type, body, how) => {
      const target = q === null ? p : `${p}?${q}`
      const all: Array<[string, string]> = [...headers]
      if (type !== null) all.push(['content-type', type])
      const { status, raw } = await exchange(rawRequest({ method: m, target, headers: all, body, framing: how }))
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
      assert.ok(status >= 200 && status < 500, `${m} ${target} [${all.map((h) => h.join(': ')).join(' | ')}] body ${JSON.stringify(body.slice(0, 60))}: ${JSON.stringify(raw.slice(0, 300))}`)
    }),
    { numRuns: 400, seed },
  )
  assert.equal(server.child.exitCode, null, 'the server is still running')
  assert.equal((await request(server.base, '/api/echo')).status, 200)
  if (process.env.FUZZ_VERBOSE) console.log(JSON.stringify([...statuses]))
  // The run reached the handlers, not only the parser's 400s.
  assert.ok((statuses.get(200) ?? 0) > 50, `statuses: ${JSON.stringify([...statuses])}`)
})
