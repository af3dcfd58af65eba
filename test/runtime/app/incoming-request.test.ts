// The lazy IncomingRequest against a Request built by undici from the same node request
// (toEagerRequest): every property, every way of reading the body, reading it twice, cloning,
// copying into `new Request(url, request)`, and headers changed before or after undici's
// Request exists. Each scenario runs once per kind on a real server; the answers must match.
import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import util from 'node:util'
import { after, describe, test } from 'node:test'
import { NextRequest } from '../../../src/compat/next-request.ts'
import { IncomingRequest, lazyRequestsWork } from '../../../src/runtime/app/incoming-request.ts'
import { toEagerRequest } from '../../../src/runtime/app/to-web-request.ts'

const PROPERTIES = [
  'url', 'method', 'destination', 'referrer', 'referrerPolicy', 'mode', 'credentials', 'cache', 'redirect',
  'integrity', 'keepalive', 'isReloadNavigation', 'isHistoryNavigation', 'duplex', 'bodyUsed',
] as const

const message = (e: unknown) => `${(e as Error).constructor.name}: ${(e as Error).message}`
const settle = (p: Promise<unknown>) => p.then((v) => ({ value: v }), (e: unknown) => ({ error: message(e) }))

/** What a handler can observe, doing `scenario` first (before anything builds undici's Request). */
async function observe(r: Request, scenario: string): Promise<Record<string, unknown>> {
  // Nothing here may touch `body` or undici's getters before the scenario: they build undici's
  // Request, and the scenario would no longer test the lazy one.
  const seen: Record<string, unknown> = { usedBefore: r.bodyUsed }
  switch (scenario) {
    case 'text-twice':
      seen.first = await settle(r.text())
      seen.second = await settle(r.text())
      break
    case 'json':
      seen.json = await settle(r.json())
      break
    case 'arrayBuffer': {
      const buffer = await r.arrayBuffer()
      seen.bytes = [buffer.constructor.name, buffer.byteLength, [...new Uint8Array(buffer)]]
      break
    }
    case 'bytes': {
      const bytes = await (r as Request & { bytes(): Promise<Uint8Array> }).bytes()
      seen.bytes = [bytes.constructor.name, bytes.buffer.byteLength, [...bytes]]
      break
    }
    case 'blob': {
      const blob = await r.blob()
      seen.blob = [blob.type, await blob.text()]
      break
    }
    case 'form': {
      const form = await r.formData()
      seen.form = [...form].map(([k, v]) => [k, typeof v === 'string' ? v : v.name])
      break
    }
    case 'stream': {
      let size = 0
      if (r.body !== null) for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>) size += chunk.byteLength
      seen.size = size
      break
    }
    case 'read-then-reuse':
      seen.text = await r.text()
      seen.locked = r.body?.locked
      try {
        r.clone()
      } catch (e) {
        seen.clone = message(e)
      }
      try {
        void new Request('http://upstream.test/', r)
      } catch (e) {
        seen.copy = message(e)
      }
      break
    case 'clone': {
      const copy = r.clone()
      seen.clone = [copy.url, copy.method, [...copy.headers], await copy.text(), copy.signal.aborted]
      seen.text = await r.text()
      break
    }
    case 'copy': {
      const copy = new Request('http://upstream.test/in', r)
      seen.copy = [copy.url, copy.method, [...copy.headers], await copy.text()]
      seen.after = await settle(r.text())
      break
    }
    case 'headers-changed': {
      r.headers.set('x-before', '1')
      const copy = r.clone() // builds undici's Request from the headers so far
      r.headers.set('x-after', '2') // must reach undici's Request as well
      seen.clone = [...copy.headers]
      seen.cloneAfter = [...r.clone().headers]
      seen.copy = [...new Request(r).headers] // reads undici's state (as fetch(r) does)
      seen.copyWithUrl = [...new Request('http://upstream.test/', r).headers] // reads r.headers
      break
    }
    case 'clone-first': {
      const copy = r.clone() // undici's Request built before anything read the headers
      seen.clone = [...copy.headers]
      seen.same = r.headers === r.headers
      break
    }
    case 'inspect':
      seen.inspect = util.inspect(r, { colors: false })
      break
  }
  seen.bodyIsNull = r.body === null
  for (const name of PROPERTIES) seen[name] = (r as unknown as Record<string, unknown>)[name]
  seen.headers = [...r.headers]
  seen.types = [r instanceof Request, r instanceof NextRequest, Object.prototype.toString.call(r)]
  const next = r as NextRequest
  seen.next = [next.nextUrl.pathname, next.nextUrl.search, next.cookies.getAll()]
  seen.signal = r.signal.aborted
  return seen
}

describe('IncomingRequest answers like a Request built by undici', async () => {
  const server = http.createServer(async (req, res) => {
    const scenario = new URL(req.url!, 'http://x').searchParams.get('do')!
    const kind = req.headers['x-kind']
    delete req.headers['x-kind'] // which kind to build is not part of the request compared
    const r = kind === 'lazy' ? (new IncomingRequest(req, res) as unknown as Request) : toEagerRequest(req, res)
    const seen = await observe(r, scenario).catch((e: unknown) => ({ failed: message(e) }))
    // A multipart boundary is random per request.
    res.end(JSON.stringify(seen).replace(/formdata-undici-\d+/g, 'B'))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  after(() => new Promise<void>((resolve) => server.close(() => resolve())))

  const form = () => {
    const f = new FormData()
    f.append('a', '1')
    f.append('file', new Blob(['xx']), 'n.txt')
    return f
  }
  const chunked = () =>
    new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode('chunk1,'))
        c.enqueue(new TextEncoder().encode('chunk2'))
        c.close()
      },
    })
  const cases: Array<[string, string, () => RequestInit]> = [
    ['GET: every property', 'none', () => ({ headers: { cookie: 'a=1; b=x%20y' } })],
    ['GET: text() twice reads empty', 'text-twice', () => ({})],
    ['GET: json() fails on the empty body', 'json', () => ({})],
    ['GET: clone', 'clone', () => ({})],
    ['GET: inspect', 'inspect', () => ({})],
    ['DELETE without a body', 'stream', () => ({ method: 'DELETE' })],
    ['POST: text() twice', 'text-twice', () => ({ method: 'POST', body: 'once' })],
    ['POST: json()', 'json', () => ({ method: 'POST', body: '{"a":[1,2]}' })],
    ['POST: json() with a BOM', 'json', () => ({ method: 'POST', body: '\uFEFF{"bom":1}' })],
    ['POST: json() of bad JSON', 'json', () => ({ method: 'POST', body: '{bad' })],
    ['POST: text() of two BOMs and bad UTF-8', 'text-twice', () => ({ method: 'POST', body: new Uint8Array([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x41, 0xff, 0xc3]) })],
    ['POST: arrayBuffer()', 'arrayBuffer', () => ({ method: 'POST', body: 'hello' })],
    ['POST: bytes()', 'bytes', () => ({ method: 'POST', body: 'hey' })],
    ['POST: blob()', 'blob', () => ({ method: 'POST', body: 'abc', headers: { 'content-type': 'text/x' } })],
    ['POST: formData() multipart', 'form', () => ({ method: 'POST', body: form() })],
    ['POST: formData() urlencoded', 'form', () => ({ method: 'POST', body: new URLSearchParams('x=1&y=2') })],
    ['POST: the body stream, chunked', 'stream', () => ({ method: 'POST', body: chunked(), duplex: 'half' }) as RequestInit],
    ['POST: read, then clone or copy', 'read-then-reuse', () => ({ method: 'POST', body: 'abc' })],
    ['POST: clone, both read', 'clone', () => ({ method: 'POST', body: 'hello' })],
    ['POST: new Request(url, request)', 'copy', () => ({ method: 'POST', body: 'forwarded' })],
    ['GET: headers changed around the clone', 'headers-changed', () => ({})],
    ['POST: clone before reading the headers', 'clone-first', () => ({ method: 'PUT', body: 'b', headers: { 'x-a': '1' } })],
  ]
  for (const [name, scenario, init] of cases) {
    test(name, async () => {
      const ask = async (kind: string) => {
        const i = init()
        const res = await fetch(`${base}/p/1?do=${scenario}`, { ...i, headers: { ...(i.headers as Record<string, string>), 'x-kind': kind } })
        return JSON.parse(await res.text()) as Record<string, unknown>
      }
      const eager = await ask('eager')
      assert.equal(eager.failed, undefined, 'the scenario itself must run through')
      assert.deepEqual(await ask('lazy'), eager)
    })
  }
})

test('undici 6 (Node 20) accepts the lazy requests, so the server uses them', () => {
  const undiciMajor = Number(process.versions.undici?.split('.')[0])
  if (undiciMajor === 6) assert.equal(lazyRequestsWork(), true)
  else assert.equal(typeof lazyRequestsWork(), 'boolean') // either way toWebRequest answers alike
})
