// `slugline build --target standalone`, as a user runs it: built by the real CLI, the folder
// copied to a temp dir with no node_modules anywhere above it, started as
// `node server.mjs --port N`, then driven over HTTP: every recorded Next.js case answers as
// `slugline start` does, bad input gets start's answers, SIGTERM stops it cleanly, and an app
// on a native addon (examples/library, better-sqlite3) runs from the copy with its .env baked in.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { copyApp, repoRoot } from '../../helpers/app-server.ts'
import { conformanceApp, goldenCases, replayGolden } from '../../helpers/golden.ts'
import { request } from '../../helpers/http.ts'
import { assertBadInputAnswersAsStart } from './bad-input.ts'
import { buildForTarget, cleanEnv, isolatedDir, runOutput, type OutputProcess } from './output-process.ts'

/** Builds a copy of `app` for the standalone target and copies the output somewhere else. */
function buildAndCopyStandalone(app: string): { app: string; copy: string; stdout: string } {
  const stdout = buildForTarget(app, 'standalone')
  const copy = isolatedDir('slugline-standalone-')
  fs.cpSync(path.join(app, '.slugline', 'standalone'), copy, { recursive: true })
  return { app, copy, stdout }
}

describe('standalone: the conformance app from a copied folder', () => {
  let app = ''
  let copy = ''
  let server: OutputProcess | undefined
  before(async () => {
    ;({ app, copy } = buildAndCopyStandalone(copyApp(conformanceApp)))
    // The app and its build are gone: the copy has to stand on its own.
    fs.rmSync(app, { recursive: true, force: true })
    server = await runOutput(path.join(copy, 'server.mjs'))
  })
  after(async () => {
    await server?.stop()
    fs.rmSync(copy, { recursive: true, force: true })
  })

  test('holds the server, its runtime and the build; node_modules only what the runtime loads on first use', () => {
    assert.ok(fs.existsSync(path.join(copy, 'server.mjs')))
    assert.ok(fs.existsSync(path.join(copy, '.slugline', 'manifest.json')))
    // The app imports no package; iconv-lite is Slugline's (non-UTF-8 bodies), one bundled file,
    // kept out of server.mjs so that a start does not parse it.
    assert.deepEqual(fs.readdirSync(path.join(copy, 'node_modules')), ['iconv-lite'])
    assert.deepEqual(fs.readdirSync(path.join(copy, 'node_modules', 'iconv-lite')).sort(), ['index.js', 'package.json'])
    assert.ok(fs.statSync(path.join(copy, 'server.mjs')).size < 200_000)
  })

  test(`${goldenCases().length} recorded cases agree`, async () => {
    assert.deepEqual(await replayGolden(server!.base), [])
  })

  test('bad input gets what start gives, and the server keeps serving', async () => {
    await assertBadInputAnswersAsStart(server!.base, server!.log)
  })

  test('SIGTERM lets an in-flight request finish, then exits 0', async () => {
    // A request whose body is still arriving when the signal does.
    const url = new URL(server!.base)
    const req = http.request({ host: url.hostname, port: url.port, method: 'POST', path: '/api/body/echo', headers: { 'content-type': 'text/plain' } })
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let body = ''
        res.on('data', (d) => (body += d))
        res.on('end', () => resolve({ status: res.statusCode!, body }))
      })
      req.on('error', reject)
    })
    req.write('first half, ')
    await new Promise((r) => setTimeout(r, 100))
    const exited = server!.stop('SIGTERM')
    await new Promise((r) => setTimeout(r, 100))
    req.end('second half')
    const res = await answered
    assert.equal(res.status, 200)
    assert.equal(JSON.parse(res.body).body, 'first half, second half')
    assert.equal(await exited, 0)
  })
})

describe('standalone: flags, as start takes them', () => {
  let copy = ''
  before(() => {
    const built = buildAndCopyStandalone(copyApp(conformanceApp))
    fs.rmSync(built.app, { recursive: true, force: true })
    copy = built.copy
  })
  after(() => fs.rmSync(copy, { recursive: true, force: true }))

  test('$PORT and $HOST', async () => {
    const server = await runOutput(path.join(copy, 'server.mjs'), { addressFromEnv: true })
    try {
      assert.equal((await request(server.base, '/api/start')).status, 200)
      assert.match(server.log(), new RegExp(`Slugline ready on ${server.base}\n`))
    } finally {
      assert.equal(await server.stop(), 0)
    }
  })

  test('--workers 2 serves from a cluster and drains it on SIGTERM', async () => {
    const server = await runOutput(path.join(copy, 'server.mjs'), { args: ['--workers', '2'] })
    try {
      const deadline = Date.now() + 10_000
      while (!server.log().includes('(2 workers)') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
      assert.match(server.log(), /Slugline ready on http:\/\/127\.0\.0\.1:\d+ \(2 workers\)/)
      assert.equal((await request(server.base, '/v2/hello')).status, 200)
    } finally {
      assert.equal(await server.stop(), 0)
    }
  })

  test('a busy port is one line saying what to do, and exit 1', async () => {
    const first = await runOutput(path.join(copy, 'server.mjs'))
    try {
      const port = new URL(first.base).port
      const r = spawnSync(process.execPath, [path.join(copy, 'server.mjs'), '--port', port], { encoding: 'utf8', env: cleanEnv(), timeout: 20_000 })
      assert.equal(r.status, 1, r.stderr)
      assert.match(r.stderr, new RegExp(`^Error: Port ${port} is in use on 127\\.0\\.0\\.1: pass --port <n>`))
      assert.equal((await request(first.base, '/api/start')).status, 200)
    } finally {
      assert.equal(await first.stop(), 0)
    }
  })

  test('a bad flag is a clear error and exit 1', () => {
    for (const [args, message] of [
      [['--port', 'eighty'], /Error: Invalid port "eighty"/],
      [['--workers', '0'], /Error: Invalid number of workers "0"/],
      [['somewhere'], /Error: Unexpected argument: somewhere/],
    ] as const) {
      const r = spawnSync(process.execPath, [path.join(copy, 'server.mjs'), ...args], { encoding: 'utf8', env: cleanEnv(), timeout: 20_000 })
      assert.equal(r.status, 1, r.stderr)
      assert.match(r.stderr, message)
      assert.match(r.stderr, /Usage: node server\.mjs/)
    }
  })
})

describe('standalone: examples/library (better-sqlite3, .env) from a copied folder', () => {
  let app = ''
  let copy = ''
  let stdout = ''
  before(() => {
    app = copyApp(path.join(repoRoot, 'examples', 'library'))
    for (const name of ['.slugline', 'data', 'node_modules']) fs.rmSync(path.join(app, name), { recursive: true, force: true })
    // As test/examples/library.test.ts does: the app's packages are the repo's, through a link.
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(app, 'node_modules'), 'dir')
    ;({ copy, stdout } = buildAndCopyStandalone(app))
    fs.rmSync(app, { recursive: true, force: true })
  })
  after(() => fs.rmSync(copy, { recursive: true, force: true }))

  test('the build says what it traced and baked in', () => {
    assert.match(stdout, /Standalone server in \.slugline\/standalone \(packages: [^)]*better-sqlite3[^)]*; env from \.env\)/)
  })

  test('brings better-sqlite3 with its native addon, and only the packages the routes need', () => {
    const modules = fs.readdirSync(path.join(copy, 'node_modules'))
    assert.ok(modules.includes('better-sqlite3'))
    // Not the repo's whole node_modules: none of Slugline's own dev tools.
    for (const name of ['typescript', 'esbuild', 'tsx', 'fastify', '@vercel']) assert.ok(!modules.includes(name), name)
    const addons = fs.readdirSync(path.join(copy, 'node_modules', 'better-sqlite3'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.node'))
    assert.ok(addons.length > 0, 'no .node file was copied')
  })

  test('serves pages and app routes from SQLite, the database where the baked .env puts it', async () => {
    const server = await runOutput(path.join(copy, 'server.mjs'))
    try {
      const start = await request(server.base, '/api/start')
      assert.equal(start.status, 200, start.body + server.log())
      assert.deepEqual(start.json(), { message: 'Request successful', authors: 3, books: 7 })
      // LIBRARY_DB_PATH=data/library.db from the app's .env, relative to the folder it runs in.
      assert.ok(fs.existsSync(path.join(copy, 'data', 'library.db')))
      const created = await request(server.base, '/api/authors', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Jorge Luis Borges', born: 1899 }),
      })
      assert.equal(created.status, 201, created.body)
      const health = await request(server.base, '/api/health')
      assert.equal(health.status, 200)
      assert.deepEqual(health.json(), { ok: true, authors: 4, books: 7 })
      const exported = await request(server.base, '/api/books/export')
      assert.equal(exported.status, 200)
      assert.equal(exported.body.trim().split('\n').length, 7)
    } finally {
      assert.equal(await server.stop(), 0)
    }
  })

  test('the process environment wins over the baked .env', async () => {
    const dbDir = isolatedDir('slugline-standalone-db-')
    const server = await runOutput(path.join(copy, 'server.mjs'), { env: { LIBRARY_DB_PATH: path.join(dbDir, 'elsewhere.db') } })
    try {
      assert.equal((await request(server.base, '/api/start')).status, 200)
      assert.ok(fs.existsSync(path.join(dbDir, 'elsewhere.db')))
    } finally {
      assert.equal(await server.stop(), 0)
      fs.rmSync(dbDir, { recursive: true, force: true })
    }
  })
})
