// npm packages import as Next's bundler imports them, the same in `start` and `dev` (issue 11,
// item 7): a CommonJS default import honours `__esModule` (next-auth 4's providers, a fixture
// package compiled from ESM), a dual package gives its ES module build to `import` and its
// CommonJS build to `require()` (formidable, a fixture package), `server-only` is an empty
// module from app files and from packages, and a package that imports `next/server` gets
// Slugline's. Answers as recorded from Next.js 16.4.6 (test/fixtures/interop/next-recorded.json).
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { runCli, serve, type RunningServer } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'
import { waitForAnswer } from '../dev/dev-app.ts'
import { installInteropApp, recorded } from './interop-app.ts'

function multipart(boundary: string): string {
  return [
    `--${boundary}`,
    'Content-Disposition: form-data; name="title"',
    '',
    'hello',
    `--${boundary}`,
    'Content-Disposition: form-data; name="doc"; filename="notes.txt"',
    'Content-Type: text/plain',
    '',
    'twelve bytes',
    `--${boundary}--`,
    '',
  ].join('\r\n')
}

describe('CommonJS and dual packages, start and dev', () => {
  let dir = ''
  let build = { status: 0 as number | null, stdout: '', stderr: '' }
  const servers: Record<'start' | 'dev', RunningServer | undefined> = { start: undefined, dev: undefined }
  before(async () => {
    dir = installInteropApp('cjs-app')
    build = runCli(['build', dir])
    assert.equal(build.status, 0, build.stdout + build.stderr)
    ;[servers.start, servers.dev] = await Promise.all([serve(dir), serve(dir, { mode: 'dev' })])
  })
  after(async () => {
    await Promise.all([servers.start?.stop(), servers.dev?.stop()])
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })

  it('warns at build time of a next/* import a package makes that Slugline lacks, naming both', () => {
    assert.match(build.stderr, /"next\/navigation" is not available in Slugline; next-helper\/index\.js imports it/)
  })

  for (const mode of ['start', 'dev'] as const) {
    describe(mode, () => {
      for (const path of ['/api/interop', '/interop', '/api/required']) {
        it(`answers ${path} as Next.js does`, async () => {
          const r = await request(servers[mode]!.base, path)
          const want = recorded()[`GET ${path}`]!
          assert.equal(r.status, want.status, r.body)
          assert.deepEqual(r.json(), want.body)
        })
      }

      it('parses a multipart upload with formidable’s default import', async () => {
        const boundary = 'interopboundary'
        const r = await request(servers[mode]!.base, '/api/upload', {
          method: 'POST',
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
          body: multipart(boundary),
        })
        assert.equal(r.status, 200, r.body)
        assert.deepEqual(r.json(), recorded()['POST /api/upload']!.body)
      })

      it('serves next-auth 4’s [...nextauth] handler with its CredentialsProvider', async () => {
        const providers = await request(servers[mode]!.base, '/api/auth/providers')
        assert.equal(providers.status, 200, providers.body)
        assert.deepEqual(Object.keys(providers.json()), ['credentials'])
        assert.equal(providers.json().credentials.name, 'Password')
        const csrf = await request(servers[mode]!.base, '/api/auth/csrf')
        assert.match(csrf.json().csrfToken, /^[0-9a-f]{64}$/)
      })

      it('answers 500 when code calls a next/* export Slugline lacks, naming it in the log', async () => {
        const r = await request(servers[mode]!.base, '/interop/navigate')
        assert.equal(r.status, 500)
        await servers[mode]!.waitForLog('redirect is not available in Slugline (from "next/navigation")')
      })
    })
  }

  it('dev picks the same builds after an edit (the relinked compile)', async () => {
    // lib/imports.ts holds every package import: an edit recompiles it from its recorded
    // resolutions rather than resolving again.
    const file = path.join(dir, 'lib', 'imports.ts')
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('secret: secret(),', 'secret: secret(), edited: true,'))
    const r = await waitForAnswer(servers.dev!.base, '/api/interop', (a) => a.status === 200 && a.json().edited === true)
    assert.deepEqual(r.json(), { ...(recorded()['GET /api/interop']!.body as object), edited: true })
  })

  it('dev warns of the missing next/* import too, once', async () => {
    await servers.dev!.waitForLog('"next/navigation" is not available in Slugline; next-helper/index.js imports it')
    assert.equal(servers.dev!.log().split('next-helper/index.js imports it').length - 1, 1)
  })
})
