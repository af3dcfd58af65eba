// next.config (basePath, headers(), redirects(), rewrites() in all three groups, env, the
// function form) and proxy.ts (every kind of answer, matchers with has/missing), replayed from
// the answers `next start` gave for test/fixtures/next-config/app (recorded.json), against
// `slugline start` and `slugline dev`. External rewrites go to a local echo server.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { buildAndServe, copyApp, repoRoot, serve, stopAndRemove, type RunningServer } from '../helpers/app-server.ts'
import { startEchoUpstream } from '../helpers/echo-upstream.ts'
import { goldenCases, replayGolden } from '../helpers/golden.ts'

const fixture = path.join(repoRoot, 'test', 'fixtures', 'next-config')
const cases = goldenCases(() => true, path.join(fixture, 'recorded.json'))

for (const mode of ['start', 'dev'] as const) {
  describe(`next.config and proxy.ts against recorded Next.js answers: slugline ${mode}`, () => {
    let dir = ''
    let server: RunningServer | undefined
    let upstream: Awaited<ReturnType<typeof startEchoUpstream>> | undefined
    before(async () => {
      upstream = await startEchoUpstream()
      const env = { UPSTREAM_ORIGIN: upstream.origin }
      if (mode === 'start') ({ dir, server } = await buildAndServe(path.join(fixture, 'app'), { env }))
      else {
        dir = copyApp(path.join(fixture, 'app'))
        server = await serve(dir, { mode: 'dev', env })
      }
    })
    after(async () => {
      await stopAndRemove(dir, server)
      await upstream?.close()
    })

    test(`${cases.length} cases agree`, async () => {
      assert.deepEqual(await replayGolden(server!.base, cases, { dev: mode === 'dev' }), [])
    })

    test('a proxy that throws is logged with its file', async () => {
      await fetch(`${server!.base}/base/api/p/throw`)
      await server!.waitForLog('Error in proxy.ts: Error: proxy failed on purpose')
    })
  })
}
