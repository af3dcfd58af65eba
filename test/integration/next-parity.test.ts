// Answers recorded from next start (16.4.6) for test/fixtures/next-parity/app, replayed against
// `slugline start` and `slugline dev`: the request URL's origin (never the client's Host),
// prototype-named query keys, the pages `req.url` query as Next.js rewrites it, static
// segments compared as sent (`/api/enc/%61` is `[id]`, not `a`), an optional catch-all's
// `index`, body charsets and byte-order marks, where a malformed escape is a 400 and where a
// 404, `await params` on a static route, and the redirect chain for `//`. Where an answer here
// differs from Next.js's on purpose, the case's `note` says why.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { buildAndServe, copyApp, repoRoot, serve, stopAndRemove, type RunningServer } from '../helpers/app-server.ts'
import { goldenCases, replayGolden } from '../helpers/golden.ts'

const fixture = path.join(repoRoot, 'test', 'fixtures', 'next-parity')
const cases = goldenCases(() => true, path.join(fixture, 'recorded.json'))

describe('recorded Next.js answers (next-parity): slugline start', () => {
  let dir = ''
  let server: RunningServer | undefined
  before(async () => ({ dir, server } = await buildAndServe(path.join(fixture, 'app'))))
  after(() => stopAndRemove(dir, server))

  test(`${cases.length} cases agree`, async () => {
    assert.deepEqual(await replayGolden(server!.base, cases), [])
  })
})

describe('recorded Next.js answers (next-parity): slugline dev', () => {
  let dir = ''
  let server: RunningServer | undefined
  before(async () => {
    dir = copyApp(path.join(fixture, 'app'))
    server = await serve(dir, { mode: 'dev' })
  })
  after(() => stopAndRemove(dir, server))

  test(`${cases.length} cases agree`, async () => {
    assert.deepEqual(await replayGolden(server!.base, cases, { dev: true }), [])
  })
})
