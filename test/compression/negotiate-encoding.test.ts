// Which encoding each Accept-Encoding gets: Next.js's choice (gzip, deflate) where it has one,
// brotli where the client ranks it first; the recorded Next.js answers for these same headers
// are replayed in test/integration/compression.test.ts.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'
import { pickEncoding } from '../../src/compression/negotiate-encoding.ts'
import { forbidsTransform, isCompressibleType } from '../../src/compression/compressible-type.ts'

test('pickEncoding: gzip on ties, brotli when ranked first or alone, deflate only alone', () => {
  const cases: [string, string | null][] = [
    ['gzip, deflate, br, zstd', 'gzip'],
    ['br, gzip', 'gzip'],
    ['br', 'br'],
    ['br;q=1, gzip;q=0.5', 'br'],
    ['gzip;q=0.5, br;q=0.9, deflate', 'br'],
    ['deflate', 'deflate'],
    ['gzip;q=0.5, deflate', 'gzip'],
    ['*', 'gzip'],
    ['GZIP', 'gzip'],
    ['identity', null],
    ['gzip;q=0', null],
    ['x-gzip', null],
    ['compress', null],
    ['', null],
    ['gzip;q=zzz, ,;;', null],
  ]
  for (const [header, want] of cases) {
    assert.equal(pickEncoding(header), want, header)
    assert.equal(pickEncoding(header), want, `${header} (kept answer)`)
  }
})

test('isCompressibleType and forbidsTransform', () => {
  for (const t of ['application/json', 'application/json; charset=utf-8', 'text/plain', 'text/x-anything', 'image/svg+xml', 'application/vnd.api+json', 'text/event-stream', 'application/javascript']) {
    assert.equal(isCompressibleType(t), true, t)
  }
  for (const t of [undefined, 42, '', 'image/png', 'application/octet-stream', 'application/x-custom', 'video/mp4']) assert.equal(isCompressibleType(t), false, String(t))
  assert.equal(forbidsTransform('no-transform'), true)
  assert.equal(forbidsTransform('public, no-transform, max-age=1'), true)
  assert.equal(forbidsTransform('no-transformx'), false)
  assert.equal(forbidsTransform(undefined), false)
})

test('isCompressibleType answers as compressible over mime-db does, for every type mime-db knows', () => {
  const db = createRequire(import.meta.url)('mime-db') as Record<string, { compressible?: boolean }>
  const pattern = /^text\/|\+(?:json|text|xml)$/
  const wrong = Object.entries(db).filter(([type, entry]) => isCompressibleType(type) !== (entry.compressible ?? pattern.test(type)))
  assert.deepEqual(wrong.map(([type]) => type), [])
  assert.ok(Object.keys(db).length > 2000)
})
