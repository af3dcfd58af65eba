// `slugline build` on an app that uses every kind of source a Next.js API folder may hold:
// TypeScript, TSX/JSX, CommonJS (with and without a page config), JSON imports, local modules
// outside pages/, tsconfig `paths` aliases and an npm package that must stay external.
// The build runs as a real process, then the built app is served and every handler answers.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { copyApp, repoRoot, runCli, serve, type CliResult, type RunningServer } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'

const fixture = path.join(repoRoot, 'test', 'fixtures', 'cli-app')
// Only fake-pkg's own source holds this text: finding it in .slugline/ means the package was inlined.
const PKG_CANARY = 'fake-pkg-canary-5d1e'

/** node_modules is ignored by git, so the fake package is written into the copied app. */
function addFakePackage(dir: string): void {
  const pkg = path.join(dir, 'node_modules', 'fake-pkg')
  fs.mkdirSync(pkg, { recursive: true })
  fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'fake-pkg', version: '1.0.0', main: 'index.js' }))
  fs.writeFileSync(path.join(pkg, 'index.js'), `exports.greet = function greet() { return 'hello from ${PKG_CANARY}' }\n`)
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
}

const expectedRoutes = [
  '/api',
  '/api/alias',
  '/api/cjs',
  '/api/cjs-config',
  '/api/docs/[...slug]',
  '/api/hello',
  '/api/items/[id]',
  '/api/json',
  '/api/jsx-page',
  '/api/legacy',
  '/api/local',
  '/api/opt/[[...parts]]',
  '/api/pkg',
]

describe('slugline build (pages/api)', () => {
  let dir: string
  let result: CliResult
  let server: RunningServer

  before(async () => {
    dir = copyApp(fixture)
    addFakePackage(dir)
    result = runCli(['build', dir])
    assert.equal(result.status, 0, `build failed:\n${result.stdout}\n${result.stderr}`)
    server = await serve(dir)
  })

  after(async () => {
    await server?.stop()
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })

  it('prints the route table with every route', () => {
    for (const pattern of expectedRoutes) assert.ok(result.stdout.includes(pattern), `stdout lacks ${pattern}:\n${result.stdout}`)
  })

  it('writes .slugline/manifest.json listing the routes but not .d.ts or test files', () => {
    const manifestPath = path.join(dir, '.slugline', 'manifest.json')
    assert.ok(fs.existsSync(manifestPath), 'manifest.json missing')
    const text = fs.readFileSync(manifestPath, 'utf8')
    JSON.parse(text)
    for (const pattern of expectedRoutes) assert.ok(text.includes(JSON.stringify(pattern)), `manifest lacks ${pattern}`)
    assert.ok(!text.includes('types.d.ts'), 'manifest mentions types.d.ts')
    assert.ok(!text.includes('hello.test'), 'manifest mentions hello.test.ts')
  })

  it('does not print .d.ts or test files as routes', () => {
    assert.ok(!result.stdout.includes('types.d'), result.stdout)
    assert.ok(!result.stdout.includes('/api/types'), result.stdout)
    assert.ok(!result.stdout.includes('hello.test'), result.stdout)
  })

  it('does not serve .d.ts or test files', async () => {
    assert.equal((await request(server.base, '/api/types')).status, 404)
    assert.equal((await request(server.base, '/api/types.d')).status, 404)
    assert.equal((await request(server.base, '/api/hello.test')).status, 404)
  })

  it('serves pages/api/index.ts at /api', async () => {
    const res = await request(server.base, '/api')
    assert.equal(res.status, 200)
    assert.deepEqual(res.json(), { root: true })
  })

  it('compiles TypeScript (enum, interfaces, generics, satisfies)', async () => {
    const res = await request(server.base, '/api/hello')
    assert.equal(res.status, 200)
    assert.deepEqual(res.json(), { value: { message: 'hello', language: 'typescript' } })
  })

  it('serves dynamic, catch-all and optional catch-all routes', async () => {
    const item = await request(server.base, '/api/items/42?q=x')
    assert.equal(item.status, 200)
    assert.deepEqual(item.json(), { id: '42', q: 'x' })

    const docs = await request(server.base, '/api/docs/a/b/c')
    assert.equal(docs.status, 200)
    assert.deepEqual(docs.json(), { slug: ['a', 'b', 'c'] })

    const bare = await request(server.base, '/api/opt')
    assert.equal(bare.status, 200)
    assert.deepEqual(bare.json(), { parts: null })
    const deep = await request(server.base, '/api/opt/x/y')
    assert.deepEqual(deep.json(), { parts: ['x', 'y'] })
  })

  it('compiles a .tsx handler with a local JSX factory', async () => {
    const res = await request(server.base, '/api/jsx-page')
    assert.equal(res.status, 200)
    assert.equal(res.body, '<p class="greeting">hello <b>tsx</b></p>')
  })

  it('compiles a .jsx handler', async () => {
    const res = await request(server.base, '/api/legacy')
    assert.equal(res.status, 200)
    assert.equal(res.body, '<em>jsx</em>')
  })

  it('runs a CommonJS handler (module.exports = fn) that requires a TypeScript module', async () => {
    const res = await request(server.base, '/api/cjs')
    assert.equal(res.status, 200)
    assert.deepEqual(res.json(), { style: 'commonjs', shouted: 'CJS!' })
  })

  it('reads module.exports.config from a CommonJS handler (bodyParser: false)', async () => {
    const res = await request(server.base, '/api/cjs-config', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    })
    assert.equal(res.status, 200)
    assert.deepEqual(res.json(), { bodyIsUndefined: true, raw: '{"a":1}' })
  })

  it('bundles JSON imports', async () => {
    const res = await request(server.base, '/api/json')
    assert.equal(res.status, 200)
    assert.deepEqual(res.json(), { name: 'from-json', count: 3 })
  })

  it('bundles local modules outside pages/', async () => {
    const res = await request(server.base, '/api/local')
    assert.equal(res.status, 200)
    assert.deepEqual(res.json(), { shouted: 'LOCAL!' })
  })

  it('resolves tsconfig.json paths aliases (@/lib/*)', async () => {
    const res = await request(server.base, '/api/alias')
    assert.equal(res.status, 200)
    assert.deepEqual(res.json(), { shouted: 'ALIAS!' })
  })

  it("keeps npm packages external and loads them from the app's node_modules", async () => {
    const res = await request(server.base, '/api/pkg')
    assert.equal(res.status, 200)
    assert.deepEqual(res.json(), { greeting: `hello from ${PKG_CANARY}` })

    const outDir = path.join(dir, '.slugline')
    const inlined = filesUnder(outDir).filter((f) => fs.readFileSync(f, 'utf8').includes(PKG_CANARY))
    assert.deepEqual(inlined, [], 'fake-pkg code was copied into the build output')
    const mentions = filesUnder(outDir).filter((f) => fs.readFileSync(f, 'utf8').includes('fake-pkg'))
    assert.ok(mentions.length > 0, 'no built file imports fake-pkg')
  })

  it('answers 404 with the JSON error body for an unknown route', async () => {
    const res = await request(server.base, '/api/nope')
    assert.equal(res.status, 404)
    assert.deepEqual(res.json(), { error: 'Not Found' })
  })
})

describe('slugline build (src/pages/api)', () => {
  let dir: string

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-src-'))
    const api = path.join(dir, 'src', 'pages', 'api')
    fs.mkdirSync(path.join(api, 'users'), { recursive: true })
    fs.writeFileSync(path.join(api, 'ping.ts'), `export default function handler(req: any, res: any) { res.status(200).json({ pong: true }) }\n`)
    fs.writeFileSync(
      path.join(api, 'users', '[id].ts'),
      `export default function handler(req: any, res: any) { res.status(200).json({ user: req.query.id }) }\n`,
    )
  })

  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('builds and serves src/pages/api when there is no pages/ folder', async () => {
    const result = runCli(['build', dir])
    assert.equal(result.status, 0, `build failed:\n${result.stdout}\n${result.stderr}`)
    assert.ok(result.stdout.includes('/api/ping'), result.stdout)
    assert.ok(result.stdout.includes('/api/users/[id]'), result.stdout)
    assert.ok(fs.existsSync(path.join(dir, '.slugline', 'manifest.json')), 'manifest.json missing')

    const server = await serve(dir)
    try {
      const ping = await request(server.base, '/api/ping')
      assert.equal(ping.status, 200)
      assert.deepEqual(ping.json(), { pong: true })
      const user = await request(server.base, '/api/users/ada')
      assert.deepEqual(user.json(), { user: 'ada' })
    } finally {
      await server.stop()
    }
  })
})
