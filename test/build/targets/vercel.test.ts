// `slugline build --target vercel`, checked the way a deployment would run it: built by the real
// CLI, `.vercel/output` copied to a temp dir with no node_modules anywhere above it, then
// served by vercel-output-server.mjs (config.json's routes, then the function's handler with
// Node's req/res, as the Build Output API describes) in a process of its own. Every recorded
// Next.js case answers as `slugline start` does, bad input gets start's answers, and an app on
// a native addon (examples/library, better-sqlite3) runs from the function folder alone.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { copyApp, repoRoot } from '../../helpers/app-server.ts'
import { conformanceApp, goldenCases, replayGolden } from '../../helpers/golden.ts'
import { request } from '../../helpers/http.ts'
import { assertBadInputAnswersAsStart } from './bad-input.ts'
import { buildForTarget, isolatedDir, runOutput, type OutputProcess } from './output-process.ts'

const outputServer = path.join(repoRoot, 'test', 'build', 'targets', 'vercel-output-server.mjs')

function buildAndCopyOutput(app: string): { copy: string; stdout: string } {
  const stdout = buildForTarget(app, 'vercel')
  const copy = isolatedDir('slugline-vercel-')
  fs.cpSync(path.join(app, '.vercel', 'output'), copy, { recursive: true })
  fs.rmSync(app, { recursive: true, force: true })
  return { copy, stdout }
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'))

describe('vercel: the conformance app through the Build Output API', () => {
  let copy = ''
  let stdout = ''
  let server: OutputProcess | undefined
  before(async () => {
    const app = copyApp(conformanceApp)
    fs.mkdirSync(path.join(app, 'app', 'whoami'), { recursive: true })
    fs.writeFileSync(path.join(app, 'app', 'whoami', 'route.js'), 'export const GET = (request) => Response.json({ url: request.url })\n')
    ;({ copy, stdout } = buildAndCopyOutput(app))
    server = await runOutput(outputServer, { args: [copy] })
  })
  after(async () => {
    await server?.stop()
    fs.rmSync(copy, { recursive: true, force: true })
  })

  test('config.json and the function as the Build Output API v3 has them', () => {
    assert.match(stdout, /Vercel Build Output in \.vercel\/output \(one nodejs20\.x function; no packages; no \.env files\)/)
    assert.deepEqual(readJson(path.join(copy, 'config.json')), { version: 3, routes: [{ src: '^/(.*)$', dest: '/slugline' }] })
    const func = path.join(copy, 'functions', 'slugline.func')
    assert.deepEqual(readJson(path.join(func, '.vc-config.json')), {
      runtime: `nodejs${process.versions.node.split('.')[0]}.x`,
      handler: 'index.mjs',
      launcherType: 'Nodejs',
      shouldAddHelpers: false,
      supportsResponseStreaming: true,
    })
    assert.ok(fs.existsSync(path.join(func, 'index.mjs')))
    assert.ok(fs.existsSync(path.join(func, '.slugline', 'manifest.json')))
    assert.deepEqual(fs.readdirSync(path.join(copy, 'functions')), ['slugline.func'])
  })

  test(`${goldenCases().length} recorded cases agree`, async () => {
    assert.deepEqual(await replayGolden(server!.base), [])
  })

  test('bad input gets what start gives, and the function keeps answering', async () => {
    await assertBadInputAnswersAsStart(server!.base, server!.log)
  })

  test("request.url is the client's, from the headers Vercel's edge sets", async () => {
    const r = await request(server!.base, '/whoami?x=1', { headers: { 'x-forwarded-host': 'api.example.com', 'x-forwarded-proto': 'https' } })
    assert.deepEqual(r.json(), { url: 'https://api.example.com/whoami?x=1' })
  })

  test("a path naming the function is the app's 404 like any other", async () => {
    const r = await request(server!.base, '/slugline')
    assert.equal(r.status, 404)
    assert.deepEqual(r.json(), { error: 'Not Found' })
  })
})

describe('vercel: examples/library (better-sqlite3, .env) from the function folder alone', () => {
  let copy = ''
  let stdout = ''
  let dbDir = ''
  before(() => {
    const app = copyApp(path.join(repoRoot, 'examples', 'library'))
    for (const name of ['.slugline', 'data', 'node_modules']) fs.rmSync(path.join(app, name), { recursive: true, force: true })
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(app, 'node_modules'), 'dir')
    // A linked project's settings survive the build: only output/ is replaced.
    fs.mkdirSync(path.join(app, '.vercel', 'output'), { recursive: true })
    fs.writeFileSync(path.join(app, '.vercel', 'project.json'), '{"projectId":"p"}')
    fs.writeFileSync(path.join(app, '.vercel', 'output', 'stale.txt'), 'from an earlier build')
    stdout = buildForTarget(app, 'vercel')
    assert.equal(fs.readFileSync(path.join(app, '.vercel', 'project.json'), 'utf8'), '{"projectId":"p"}')
    assert.equal(fs.existsSync(path.join(app, '.vercel', 'output', 'stale.txt')), false)
    ;({ copy } = buildAndCopyOutput(app))
    dbDir = isolatedDir('slugline-vercel-db-')
  })
  after(() => {
    fs.rmSync(copy, { recursive: true, force: true })
    fs.rmSync(dbDir, { recursive: true, force: true })
  })

  test('the function carries better-sqlite3 with its addon, and only the packages the routes need', () => {
    assert.match(stdout, /packages: [^;]*better-sqlite3[^;]*; env from \.env\)/)
    const modules = fs.readdirSync(path.join(copy, 'functions', 'slugline.func', 'node_modules'))
    assert.ok(modules.includes('better-sqlite3'))
    for (const name of ['typescript', 'esbuild', 'tsx', '@vercel']) assert.ok(!modules.includes(name), name)
  })

  test('serves pages and app routes from SQLite; the environment wins over the baked .env', async () => {
    // On Vercel only /tmp is writable: the project's environment points the database there.
    const dbFile = path.join(dbDir, 'library.db')
    const server = await runOutput(outputServer, { args: [copy], env: { LIBRARY_DB_PATH: dbFile } })
    try {
      const start = await request(server.base, '/api/start')
      assert.equal(start.status, 200, start.body + server.log())
      assert.deepEqual(start.json(), { message: 'Request successful', authors: 3, books: 7 })
      assert.ok(fs.existsSync(dbFile))
      const health = await request(server.base, '/api/health')
      assert.deepEqual(health.json(), { ok: true, authors: 3, books: 7 })
      const bad = await request(server.base, '/api/authors', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' })
      assert.equal(bad.status, 400)
    } finally {
      assert.equal(await server.stop(), 0)
    }
  })

  test('without the environment, the baked .env value applies (relative to the function folder)', async () => {
    const server = await runOutput(outputServer, { args: [copy] })
    try {
      assert.equal((await request(server.base, '/api/start')).status, 200, server.log())
      assert.ok(fs.existsSync(path.join(copy, 'functions', 'slugline.func', 'data', 'library.db')))
    } finally {
      assert.equal(await server.stop(), 0)
    }
  })
})
