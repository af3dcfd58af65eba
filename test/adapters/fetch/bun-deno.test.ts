// createFetchHandler under the real Bun.serve and Deno.serve (the `bun` and `deno` npm
// packages' binaries): the recorded Next.js answers the conformance app gives under `slugline
// start`, bad input answered as start answers it with the server still serving after, and
// `slugline start` itself under each runtime's Node compatibility.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { copyApp, runCli, type RunningServer } from '../../helpers/app-server.ts'
import { conformanceApp, goldenCases, replayGolden } from '../../helpers/golden.ts'
import { serveWith, type Runtime } from './runtime-server.ts'

let dir = ''
before(() => {
  dir = copyApp(conformanceApp)
  const built = runCli(['build', dir])
  if (built.status !== 0) throw new Error(`build failed:\n${built.stdout}\n${built.stderr}`)
})
after(() => fs.rmSync(dir, { recursive: true, force: true }))

async function text(res: Response): Promise<string> {
  return await res.text()
}

for (const runtime of ['bun', 'deno'] as Runtime[]) {
  describe(`${runtime}: ${runtime === 'bun' ? 'Bun.serve' : 'Deno.serve'}(createFetchHandler({ dir }))`, () => {
    let server: RunningServer | undefined
    before(async () => (server = await serveWith(runtime, dir)))
    after(() => server?.stop())

    test(`${goldenCases().length} recorded cases agree`, async () => {
      assert.deepEqual(await replayGolden(server!.base), [])
    })

    test('bad input gets what start gives, and the server keeps answering', async () => {
      const base = server!.base
      const bad = await fetch(`${base}/api/authors/%E0%A4%A`)
      assert.equal(bad.status, 400)
      assert.equal(await text(bad), '{"error":"Bad Request"}')

      const big = await fetch(`${base}/api/body/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `"${'x'.repeat(1024 * 1024)}"` })
      assert.equal(big.status, 413)
      assert.equal(await text(big), 'Body exceeded 1mb limit')

      for (const path of ['/api/errors/throws', '/api/errors/rejects']) {
        const crash = await fetch(base + path)
        assert.equal(crash.status, 500)
        const body = await text(crash)
        assert.equal(body, 'Internal Server Error')
        assert.doesNotMatch(body, /secret|boom|at handler/)
      }
      await server!.waitForLog('secret detail') // the error goes to the log, not the client

      const ok = await fetch(`${base}/api/start`)
      assert.equal(ok.status, 200)
      assert.deepEqual(await ok.json(), { message: 'Request successful' })
    })
  })

  describe(`${runtime}: slugline start (Node compatibility)`, () => {
    let server: RunningServer | undefined
    before(async () => (server = await serveWith(runtime, dir, 'start')))
    after(() => server?.stop())

    test('answers a pages route, an app route, a redirect, a 404, a 400, a 413 and a crash as recorded', async () => {
      const names = new Set([
        'seed: static route',
        'dynamic segment POST json',
        'encoded slash stays inside one segment',
        'trailing slash redirects to canonical path',
        'unknown api route is 404',
        'sizeLimit rejects large body with 413',
        'handler throw is 500 without leaking',
        'etag: matching If-None-Match gives 304',
        'app route dynamic params',
        'app route automatic OPTIONS lists methods',
      ])
      const cases = goldenCases((c) => names.has(c.name))
      assert.equal(cases.length, names.size)
      assert.deepEqual(await replayGolden(server!.base, cases), [])
      const bad = await fetch(`${server!.base}/api/authors/%E0%A4%A`)
      assert.equal(bad.status, 400)
    })
  })
}
