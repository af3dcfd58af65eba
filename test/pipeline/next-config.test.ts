// next.config and proxy.ts replayed from the answers `next start` gave (recorded.json beside
// each app), against `slugline start` and `slugline dev`:
// - test/fixtures/next-config: next.config.mjs in the function form (basePath, headers(),
//   redirects(), rewrites() in all three groups, env) and proxy.ts (every kind of answer,
//   matchers with has/missing); external rewrites go to a local echo server;
// - test/fixtures/next-config-ts: next.config.ts with trailingSlash and the array form of
//   rewrites(), and src/middleware.ts (the old name, a default export);
// - test/fixtures/next-config-cjs: a CommonJS next.config.js object with
//   skipTrailingSlashRedirect and a `host` condition.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { buildAndServe, copyApp, repoRoot, serve, stopAndRemove, type RunningServer } from '../helpers/app-server.ts'
import { startEchoUpstream } from '../helpers/echo-upstream.ts'
import { goldenCases, replayGolden } from '../helpers/golden.ts'

const runs = ['next-config', 'next-config-ts', 'next-config-cjs'].flatMap((name) => (['start', 'dev'] as const).map((mode) => ({ name, mode })))

for (const { name, mode } of runs) {
  const fixture = path.join(repoRoot, 'test', 'fixtures', name)
  const cases = goldenCases(() => true, path.join(fixture, 'recorded.json'))
  describe(`${name} against recorded Next.js answers: slugline ${mode}`, () => {
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

    if (name === 'next-config') {
      test('a proxy that throws is logged with its file', async () => {
        await fetch(`${server!.base}/base/api/p/throw`)
        await server!.waitForLog('Error in proxy.ts: Error: proxy failed on purpose')
      })
    }
  })
}
