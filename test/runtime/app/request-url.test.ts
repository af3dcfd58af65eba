// request.url: by default the server's own origin (`http://localhost:<port>`, as next start
// builds it), whatever Host the client sends; with proxy headers trusted, what undici gives
// back for scheme + host + target, with localhost for a missing or unusable host, whether
// requestHref takes its shortcut or parses.
import assert from 'node:assert/strict'
import type { IncomingMessage } from 'node:http'
import { after, before, describe, test } from 'node:test'
import { requestHref, requestUrl, trustProxyHeaders } from '../../../src/runtime/app/request-url.ts'

/** What the Request URL was before the shortcut: undici parses the URL, and a Host that makes
 *  no valid URL (or one with credentials) is replaced by localhost. */
function undiciHref(req: IncomingMessage): string {
  try {
    return new Request(requestUrl(req)).url
  } catch {
    return new Request(requestUrl(req, 'localhost')).url
  }
}

const targets = [
  '/', '/items/abc123', '/a/b?x=1&y=2', '/a%20b', '/%zz', '/a;b=c', '/~user', '/a?', '//x',
  '/a/./b', '/a/../b', '/a/%2e%2E/b', '/.well-known/x', '/a/..', '/a?/../b',
  '/a"b', "/a'b?c'd", '/a`b', '/a{b}', '/a|b^c[d]', '/a?b`{}|^\\', '/a\\b', '/a b', '/a\x7f',
  '/é', '/a?é', '/a#frag', '/a?b#c',
  'http://other.test/p?q', 'http://u:p@h.test/x', '*',
]
const hosts = [
  undefined, '', 'localhost', '127.0.0.1:3000', 'Example.COM:80', 'ex.com:080', '127.1', '0x7f.1', '[::1]:3000',
  'a_b.test', 'h.test.', 'xn--nxasmq6b', 'xn--abc', 'h:', 'h:65536', 'ÉX.com', 'a%41',
  'a b', 'a@b', 'u:p@h', 'a/b', 'a?b', 'a#b', 'a\\b',
]

describe('with proxy headers trusted', () => {
before(() => trustProxyHeaders(true))
after(() => trustProxyHeaders(false))

test('requestHref agrees with undici for every host and target', () => {
  for (const host of hosts) {
    for (const url of targets) {
      const req = { url, headers: host === undefined ? {} : { host } } as IncomingMessage
      assert.equal(requestHref(req), undiciHref(req), `Host ${JSON.stringify(host)}, target ${JSON.stringify(url)}`)
    }
  }
})

test('the host cache does not mix up two hosts', () => {
  const a = { url: '/p', headers: { host: 'a.test:1' } } as unknown as IncomingMessage
  const b = { url: '/p', headers: { host: 'B.test:80' } } as unknown as IncomingMessage
  assert.equal(requestHref(a), 'http://a.test:1/p')
  assert.equal(requestHref(b), 'http://b.test/p')
  assert.equal(requestHref(a), 'http://a.test:1/p')
})

test('X-Forwarded-Host wins over Host, X-Forwarded-Proto sets the scheme', () => {
  const req = { url: '/p', headers: { host: 'inner:3000', 'x-forwarded-host': 'api.example.com, proxy', 'x-forwarded-proto': 'https' } } as unknown as IncomingMessage
  assert.equal(requestHref(req), 'https://api.example.com/p')
})
})

describe('by default', () => {
  const socket = { localPort: 3901 }
  test('the origin is the server\'s own, whatever Host says (as next start does)', () => {
    for (const host of ['evil.example', 'localhost:3901', '', undefined]) {
      const req = { url: '/url?x=1', headers: host === undefined ? {} : { host }, socket } as unknown as IncomingMessage
      assert.equal(requestHref(req), 'http://localhost:3901/url?x=1', String(host))
    }
  })
  test('only the scheme comes from X-Forwarded-Proto; X-Forwarded-Host is ignored', () => {
    const req = { url: '/u', headers: { host: 'evil.example', 'x-forwarded-host': 'other.example', 'x-forwarded-proto': 'https' }, socket } as unknown as IncomingMessage
    assert.equal(requestHref(req), 'https://localhost:3901/u')
    const http = { url: '/u', headers: { 'x-forwarded-proto': 'http' }, socket } as unknown as IncomingMessage
    assert.equal(requestHref(http), 'http://localhost:3901/u')
  })
  test('an absolute-form target keeps the server\'s origin', () => {
    const req = { url: 'http://evil.example/a?b', headers: { host: 'evil.example' }, socket } as unknown as IncomingMessage
    assert.equal(requestHref(req), 'http://localhost:3901/a?b')
  })
})
