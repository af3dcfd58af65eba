// Properties of what the framework hands a handler, against a running `slugline start`: for
// random queries, cookies, headers and JSON and form bodies, the handler sees exactly what the
// client sent (by a reference model written from the HTTP and URL specs, not from Slugline's
// code); and for random sequences of requests pipelined on one keep-alive connection, every
// request gets its own answer, each framed so that no byte of one reaches another (issue 12,
// item 3). Bounded: a fixed number of runs and a fixed seed unless FUZZ_SEED is set.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, test } from 'node:test'
import fc from 'fast-check'
import { buildAndServe, repoRoot, stopAndRemove, type RunningServer } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'
import { pipelined } from '../helpers/raw-http.ts'

const seed = Number(process.env.FUZZ_SEED ?? 20261202)
let dir = ''
let server: RunningServer

before(async () => ({ dir, server } = await buildAndServe(path.join(repoRoot, 'test', 'fixtures', 'fuzz-app'))))
after(() => stopAndRemove(dir, server))

type Query = Record<string, string | string[]>

/** The query a handler should see: each pair decoded (`+` is a space), a repeated key an array
 *  in order, every key data (`constructor`, `__proto__` too). `slug` is the route's param. */
function expectedQuery(pairs: Array<[string, string]>): Query {
  const q: Query = {}
  for (const [k, v] of pairs) {
    if (!Object.hasOwn(q, k)) Object.defineProperty(q, k, { value: v, enumerable: true, writable: true, configurable: true })
    else q[k] = Array.isArray(q[k]) ? [...(q[k] as string[]), v] : [q[k] as string, v]
  }
  return q
}
const word = fc.oneof(fc.constantFrom('a', 'b', 'constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'a b', 'x+y', 'é', '✓', '=', '&', '%'), fc.string({ maxLength: 6 }))
const key = word.filter((k) => k !== '' && k !== 'slug')
const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, (m) => (Math.random() < 0.5 ? '+' : m))

test('query, cookies and headers reach the handler as sent (fast-check, 150 requests)', async () => {
  const cookieName = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,8}$/)
  const cookieValue = fc.stringMatching(/^[A-Za-z0-9!#$&'()*+./:<>?@[\]^_`{|}~-]{0,12}$/)
  const headerName = fc.stringMatching(/^[a-z0-9-]{1,8}$/).map((n) => `x-f-${n}`)
  const headerValue = fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,20}[\x21-\x7e])?$/)
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(key, word), { maxLength: 6 }),
      fc.uniqueArray(fc.tuple(cookieName, cookieValue), { selector: ([n]) => n, maxLength: 5 }),
      fc.uniqueArray(fc.tuple(headerName, headerValue), { selector: ([n]) => n, maxLength: 5 }),
      async (pairs, cookies, headers) => {
        const search = pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')
        const sent: Record<string, string> = Object.fromEntries(headers)
        if (cookies.length > 0) sent.cookie = cookies.map(([n, v]) => `${n}=${v}`).join('; ')
        const res = await request(server.base, `/api/echo${search ? `?${search}` : ''}`, { headers: sent })
        assert.equal(res.status, 200, res.body)
        const body = JSON.parse(res.body)
        assert.deepEqual(body.query, expectedQuery(pairs), `?${search}`)
        const jar: Record<string, string> = {}
        for (const [n, v] of cookies) jar[n] = decodeURIComponentSafe(v)
        assert.deepEqual(body.cookies, jar, `cookie: ${sent.cookie}`)
        // The same headers through an app route's headers().
        const app = await request(server.base, '/v/h', { headers: sent })
        assert.deepEqual(JSON.parse(app.body).fuzzHeaders, Object.fromEntries(headers), JSON.stringify(headers))
      },
    ),
    { numRuns: 150, seed },
  )
})

/** What a cookie parser gives for a value: percent-decoded where that decodes. */
function decodeURIComponentSafe(v: string): string {
  try {
    return v.includes('%') ? decodeURIComponent(v) : v
  } catch {
    return v
  }
}

test('JSON and form bodies reach the handler as sent (fast-check, 150 requests)', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.jsonValue({ maxDepth: 3 }).map((value) => ({ kind: 'json' as const, value })),
        fc.uniqueArray(fc.tuple(key, word), { selector: ([k]) => k, maxLength: 6 }).map((value) => ({ kind: 'form' as const, value })),
      ),
      async (input) => {
        const body = input.kind === 'json' ? JSON.stringify(input.value) : input.value.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')
        const type = input.kind === 'json' ? 'application/json' : 'application/x-www-form-urlencoded'
        const res = await request(server.base, '/api/echo', { method: 'POST', headers: { 'content-type': type }, body })
        assert.equal(res.status, 200, res.body)
        const got = JSON.parse(res.body).body
        if (input.kind === 'json') assert.equal(JSON.stringify(got), JSON.stringify(input.value), body)
        else assert.deepEqual(got, expectedQuery(input.value), body)
      },
    ),
    { numRuns: 150, seed },
  )
})

test('pipelined on one connection, every request gets its own, truly framed answer (fast-check, 60 connections)', async () => {
  const one = fc.oneof(
    fc.record({ method: fc.constant('GET'), path: fc.stringMatching(/^[a-z0-9]{0,6}$/).map((s) => `/api/echo/${s || 'x'}`) }),
    fc.record({ method: fc.constant('HEAD'), path: fc.constant('/api/echo/head') }),
    fc.record({ method: fc.constant('GET'), path: fc.stringMatching(/^[a-z0-9]{1,6}$/).map((s) => `/v/${s}`) }),
    fc.record({ method: fc.constant('POST'), path: fc.constant('/api/small'), body: fc.string({ maxLength: 200 }) }),
    fc.record({ method: fc.constant('GET'), path: fc.constantFrom('/api/nothing-here', '/api/echo/', '/api/%zz') }),
  )
  await fc.assert(
    fc.asyncProperty(fc.array(one, { minLength: 1, maxLength: 8 }), async (reqs) => {
      const raw = reqs.map((r, i) => {
        const body = 'body' in r ? Buffer.from(JSON.stringify({ s: r.body })) : null
        const last = i === reqs.length - 1
        const lines = [`${r.method} ${r.path} HTTP/1.1`, 'Host: 127.0.0.1', `X-Index: ${i}`]
        if (last) lines.push('Connection: close')
        if (body) lines.push('Content-Type: application/json', `Content-Length: ${body.length}`)
        return `${lines.join('\r\n')}\r\n\r\n${body ? body.toString('latin1') : ''}`
      })
      const ex = await pipelined(server.port, raw)
      assert.equal(ex.answers.length, reqs.length, `${JSON.stringify(reqs)}: ${ex.answers.length} answers`)
      assert.equal(ex.leftover, '', 'bytes after the last answer')
      ex.answers.forEach((a, i) => {
        const r = reqs[i]!
        assert.ok(a.status < 500, `${r.method} ${r.path}: ${a.status}`)
        if (r.method === 'HEAD') assert.equal(a.body, '')
        else if (r.path.startsWith('/api/echo/') && a.status === 200) assert.equal(decodeURIComponent(a.headers['x-seen-url']!), r.path)
        else if (r.path.startsWith('/v/')) assert.equal(new URL(JSON.parse(a.body).url).pathname, r.path)
        else if ('body' in r && a.status === 200) assert.deepEqual(JSON.parse(a.body), { body: { s: r.body } })
      })
    }),
    { numRuns: 60, seed },
  )
})
