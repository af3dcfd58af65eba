// `slugline dev` never stops on an error in user code: it prints where the error is, answers the
// routes it breaks with a 500 that says the same as JSON, and serves the fixed code next.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { serve, type RunningServer } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'
import { waitForAnswer, writeApp, writeFiles } from './dev-app.ts'

const ok = (name: string) => `export default function handler(_req: any, res: any) {\n  res.status(200).json({ ok: '${name}' })\n}\n`

describe('slugline dev: errors in user code', () => {
  let dir: string
  let server: RunningServer
  before(async () => {
    dir = writeApp({
      'pages/api/a.ts': ok('a'),
      'pages/api/other.ts': ok('other'),
      'pages/api/imports.ts': ok('imports'),
      'pages/api/throws.ts': `export default function handler(_req: any, _res: any): void {\n  const reason: string = 'kaboom'\n  throw new Error(reason)\n}\n`,
    })
    server = await serve(dir, { mode: 'dev' })
  })
  after(() => server.stop())

  const write = (rel: string, text: string) => fs.writeFileSync(path.join(dir, rel), text)

  it('answers a syntax error with 500 naming file and line, keeps serving other routes, then serves the fix', async () => {
    await waitForAnswer(server.base, '/api/a', (r) => r.status === 200)
    write('pages/api/a.ts', "export default function handler(_req: any, res: any) {\n  res.status(200).json({ ok: 'a' )\n}\n")
    const r = await waitForAnswer(server.base, '/api/a', (r) => r.status === 500)
    assert.match(r.headers['content-type'] ?? '', /^application\/json/)
    const body = r.json()
    assert.equal(body.file, 'pages/api/a.ts')
    assert.equal(body.line, 2)
    assert.equal(typeof body.column, 'number')
    assert.match(body.error, /Failed to compile pages\/api\/a\.ts/)
    assert.match(body.error, /pages\/api\/a\.ts:2:\d+/)
    // esbuild's code frame: the offending line, quoted.
    assert.match(body.error, /res\.status\(200\)\.json\(\{ ok: 'a' \)/)
    await server.waitForLog('Failed to compile pages/api/a.ts')

    assert.equal((await request(server.base, '/api/other')).status, 200)
    write('pages/api/a.ts', ok('a-fixed'))
    await waitForAnswer(server.base, '/api/a', (r) => r.status === 200 && r.json().ok === 'a-fixed')
  })

  it('answers a handler that throws with 500, its message and a stack pointing into the source', async () => {
    const r = await request(server.base, '/api/throws')
    assert.equal(r.status, 500)
    const body = r.json()
    assert.equal(body.error, 'kaboom')
    // Source-mapped: the TypeScript file and the line of the throw, not the compiled code's.
    assert.ok(body.stack.includes(`${path.join(dir, 'pages/api/throws.ts')}:3:`), body.stack)
    await server.waitForLog('Error: kaboom')
  })

  it('answers an import of a missing file with 500 naming the import, then serves once the file exists', async () => {
    write('pages/api/imports.ts', "import { helper } from '../../lib/helper'\n\nexport default function handler(_req: any, res: any) {\n  res.status(200).json({ ok: helper() })\n}\n")
    const r = await waitForAnswer(server.base, '/api/imports', (r) => r.status === 500)
    const body = r.json()
    assert.match(body.error, /Could not resolve "\.\.\/\.\.\/lib\/helper"/)
    assert.equal(body.file, 'pages/api/imports.ts')
    assert.equal(body.line, 1)
    writeFiles(dir, { 'lib/helper.ts': "export const helper = (): string => 'found'\n" })
    await waitForAnswer(server.base, '/api/imports', (r) => r.status === 200 && r.json().ok === 'found')
  })

  it('answers an error in an imported module with 500 naming that module', async () => {
    write('lib/helper.ts', 'export const helper = (): string => {\n')
    const r = await waitForAnswer(server.base, '/api/imports', (r) => r.status === 500)
    assert.equal(r.json().file, 'lib/helper.ts')
    write('lib/helper.ts', "export const helper = (): string => 'fixed'\n")
    await waitForAnswer(server.base, '/api/imports', (r) => r.status === 200 && r.json().ok === 'fixed')
  })

  it('answers a module that throws while loading with 500 and its message, then the fix', async () => {
    write('pages/api/a.ts', "throw new Error('broken at load')\nexport default function handler() {}\n")
    const r = await waitForAnswer(server.base, '/api/a', (r) => r.status === 500)
    assert.equal(r.json().error, 'broken at load')
    write('pages/api/a.ts', ok('a-again'))
    await waitForAnswer(server.base, '/api/a', (r) => r.status === 200 && r.json().ok === 'a-again')
  })

  it('answers a route file with no handler with 500 saying so', async () => {
    write('pages/api/a.ts', 'export const notAHandler = 1\n')
    const r = await waitForAnswer(server.base, '/api/a', (r) => r.status === 500)
    assert.match(r.json().error, /pages\/api\/a\.ts has no default export/)
    write('pages/api/a.ts', ok('a'))
    await waitForAnswer(server.base, '/api/a', (r) => r.status === 200)
  })

  it('refuses top-level await with a message naming the file and line', async () => {
    write('pages/api/a.ts', "const value = await Promise.resolve('x')\nexport default function handler(_req: any, res: any) { res.status(200).json({ value }) }\n")
    const r = await waitForAnswer(server.base, '/api/a', (r) => r.status === 500)
    const body = r.json()
    assert.match(body.error, /Top-level await is not supported by `slugline dev`/)
    assert.equal(body.file, 'pages/api/a.ts')
    assert.equal(body.line, 1)
    write('pages/api/a.ts', ok('a'))
    await waitForAnswer(server.base, '/api/a', (r) => r.status === 200)
  })

  it('refuses a next/* import Slugline does not provide, naming it and the file', async () => {
    write('pages/api/a.ts', "import { useRouter } from 'next/router'\nexport default function handler(_req: any, res: any) { res.status(200).json({ t: typeof useRouter }) }\n")
    const r = await waitForAnswer(server.base, '/api/a', (r) => r.status === 500)
    assert.match(r.json().error, /"next\/router" is not available in Slugline/)
    assert.equal(r.json().file, 'pages/api/a.ts')
    write('pages/api/a.ts', ok('a'))
    await waitForAnswer(server.base, '/api/a', (r) => r.status === 200)
  })

  it('keeps running when user code throws outside any request', async () => {
    write('pages/api/a.ts', "export default function handler(_req: any, res: any) {\n  setTimeout(() => { throw new Error('late failure') }, 1)\n  res.status(200).json({ ok: 'late' })\n}\n")
    await waitForAnswer(server.base, '/api/a', (r) => r.status === 200 && r.json().ok === 'late')
    await server.waitForLog('late failure')
    assert.equal((await request(server.base, '/api/other')).status, 200)
  })
})
