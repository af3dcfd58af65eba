// request.url is what undici gives back for `http://` + Host + target, with 127.0.0.1 for a
// missing or unusable Host, whether requestHref takes its shortcut or parses.
import assert from 'node:assert/strict'
import type { IncomingMessage } from 'node:http'
import { test } from 'node:test'
import { requestHref, requestUrl } from '../../../src/runtime/app/request-url.ts'

/** What the Request URL was before the shortcut: undici parses the URL, and a Host that makes
 *  no valid URL (or one with credentials) is replaced by 127.0.0.1. */
function undiciHref(req: IncomingMessage): string {
  try {
    return new Request(requestUrl(req)).url
  } catch {
    return new Request(requestUrl(req, '127.0.0.1')).url
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
