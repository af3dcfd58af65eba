// The programmatic API: an app built with the CLI, mounted with `createHandler({ dir })` in a
// node:http server the user owns.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { pathToFileURL } from 'node:url'
import { createHandler } from '../../src/index.ts'
import { repoRoot, runCli } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'

describe('createHandler({ dir })', () => {
  let dir: string
  let server: http.Server
  let base: string
  let framework: http.Server
  let frameworkBase: string

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-api-'))
    fs.mkdirSync(path.join(dir, 'pages', 'api', 'items'), { recursive: true })
    fs.writeFileSync(
      path.join(dir, 'pages', 'api', 'items', '[id].ts'),
      `export default function handler(req: any, res: any) { res.status(200).json({ id: req.query.id, sort: req.query.sort, session: req.cookies.session, env: req.env === process.env }) }\n`,
    )
    const r = runCli(['build', dir])
    assert.equal(r.status, 0, `build failed:\n${r.stdout}\n${r.stderr}`)

    // `await` accepts a handler returned directly or through a promise.
    const handler = await createHandler({ dir })
    server = http.createServer(handler)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    // A framework's request class, as Express 5 has one: `query` a getter with no setter.
    class FrameworkRequest extends http.IncomingMessage {
      get query(): string {
        return 'the framework query'
      }
    }
    framework = http.createServer({ IncomingMessage: FrameworkRequest }, handler)
    await new Promise<void>((resolve) => framework.listen(0, '127.0.0.1', resolve))
    frameworkBase = `http://127.0.0.1:${(framework.address() as AddressInfo).port}`
  })

  after(async () => {
    if (server) await new Promise((resolve) => server.close(resolve))
    if (framework) await new Promise((resolve) => framework.close(resolve))
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })

  it('serves a dynamic route with its query, cookies and env', async () => {
    const res = await request(base, '/api/items/7?sort=asc', { headers: { cookie: 'session=abc' } })
    assert.equal(res.status, 200)
    assert.deepEqual(res.json(), { id: '7', sort: 'asc', session: 'abc', env: true })
  })

  it('gives the same req inside a framework whose request class defines its own query', async () => {
    const res = await request(frameworkBase, '/api/items/8?sort=desc', { headers: { cookie: 'session=xyz' } })
    assert.equal(res.status, 200, res.body)
    assert.deepEqual(res.json(), { id: '8', sort: 'desc', session: 'xyz', env: true })
  })

  it('answers 404 with the JSON error body for an unknown route', async () => {
    const res = await request(base, '/api/unknown')
    assert.equal(res.status, 404)
    assert.deepEqual(res.json(), { error: 'Not Found' })
  })
})

describe('the package entry (dist/index.js)', () => {
  // buildApp is exported beside createHandler; a process that only serves must not load the
  // compiler (src/build/esbuild.ts). Checked in a fresh process, through require's cache.
  const check = (extra: string) =>
    spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { createHandler, buildApp } from ${JSON.stringify(pathToFileURL(path.join(repoRoot, 'dist', 'index.js')).href)}
         import { createRequire } from 'node:module'
         const require = createRequire(import.meta.url)
         ${extra}
         console.log(typeof createHandler, typeof buildApp, Object.keys(require.cache).some((k) => k.includes('/node_modules/esbuild/')))`,
      ],
      { encoding: 'utf8' },
    )

  it('loads without loading esbuild', () => {
    const r = check('')
    assert.equal(r.status, 0, r.stderr)
    assert.equal(r.stdout.trim(), 'function function false')
  })

  it('(the check sees esbuild once something loads it)', () => {
    const r = check(`createRequire(${JSON.stringify(path.join(repoRoot, 'package.json'))})('esbuild')`)
    assert.equal(r.status, 0, r.stderr)
    assert.equal(r.stdout.trim(), 'function function true')
  })
})

describe('createHandler({ dir }) and .env files', () => {
  let dir = ''
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-api-env-'))
    fs.mkdirSync(path.join(dir, 'pages', 'api'), { recursive: true })
    fs.writeFileSync(
      path.join(dir, 'pages', 'api', 'settings.ts'),
      'export default function handler(req: any, res: any) { res.json({ greeting: process.env.GREETING ?? null, kept: process.env.KEPT ?? null, mode: process.env.MODE_FILE ?? null }) }\n',
    )
    fs.writeFileSync(path.join(dir, '.env'), 'GREETING=from .env\nKEPT=from .env\nMODE_FILE=.env\n')
    fs.writeFileSync(path.join(dir, '.env.production'), 'MODE_FILE=.env.production\n')
    fs.writeFileSync(path.join(dir, '.env.development'), 'MODE_FILE=.env.development\n')
    assert.equal(runCli(['build', dir]).status, 0)
  })
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  /** Mounts the handler in a server of a fresh process, from another working directory, and
   *  prints what the route answers. */
  function mount(options: string, env: Record<string, string> = {}): unknown {
    const script = `import http from 'node:http'
      import { createHandler } from ${JSON.stringify(pathToFileURL(path.join(repoRoot, 'dist', 'index.js')).href)}
      const server = http.createServer(createHandler({ dir: ${JSON.stringify(dir)}, ...${options} }))
      server.listen(0, '127.0.0.1', () => {
        http.get('http://127.0.0.1:' + server.address().port + '/api/settings', (res) => {
          let body = ''
          res.on('data', (d) => (body += d)).on('end', () => { console.log(body); server.close() })
        })
      })`
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env }
    for (const k of ['GREETING', 'MODE_FILE']) if (!(k in env)) delete childEnv[k]
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: os.tmpdir(), encoding: 'utf8', env: childEnv, timeout: 20_000 })
    assert.equal(r.status, 0, r.stderr)
    return JSON.parse(r.stdout)
  }

  it('loads them as slugline start does, the environment winning', () => {
    assert.deepEqual(mount('{}', { KEPT: 'from the environment' }), { greeting: 'from .env', kept: 'from the environment', mode: '.env.production' })
  })

  it('loads the development files with dev: true', () => {
    assert.deepEqual(mount('{ dev: true }', { KEPT: 'k' }), { greeting: 'from .env', kept: 'k', mode: '.env.development' })
  })

  it('loads none with loadEnv: false', () => {
    assert.deepEqual(mount('{ loadEnv: false }', { KEPT: 'k' }), { greeting: null, kept: 'k', mode: null })
  })
})
