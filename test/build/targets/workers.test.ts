// `slugline build --target workers`, run by workerd (miniflare) with the settings of the
// generated wrangler.jsonc: built by the real CLI, the folder copied where no node_modules is
// above it, served on 127.0.0.1. Every recorded Next.js case answers as `slugline start` does,
// bad input gets start's answers, and an app on a native addon (examples/library,
// better-sqlite3) fails the build naming the package and the routes that import it.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { Miniflare } from 'miniflare'
import { copyApp, repoRoot, runCli } from '../../helpers/app-server.ts'
import { conformanceApp, goldenCases, replayGolden } from '../../helpers/golden.ts'
import { request } from '../../helpers/http.ts'
import { assertBadInputAnswersAsStart } from './bad-input.ts'
import { buildForTarget, isolatedDir } from './output-process.ts'

interface WranglerConfig {
  name: string
  main: string
  compatibility_date: string
  compatibility_flags: string[]
  no_bundle: boolean
}

// A fresh connection per request. The helpers send `Connection: close`, but Node's default
// agent (keep-alive since Node 19) still pools the socket when the answer does not say close,
// and local workerd keeps a connection whose request body the worker never read (the 400 for
// a refused charset) in a state where the next request on it is reset. Raw sockets, one per
// request, see no such thing; neither does the server.
http.globalAgent = new http.Agent({ keepAlive: false })

/** wrangler.jsonc: JSON after its one comment line. */
function readWrangler(dir: string): WranglerConfig {
  const text = fs.readFileSync(path.join(dir, 'wrangler.jsonc'), 'utf8')
  return JSON.parse(text.replace(/^\/\/.*\n/, '')) as WranglerConfig
}

describe('workers: the conformance app on workerd', () => {
  let copy = ''
  let stdout = ''
  let mf: Miniflare | undefined
  let base = ''
  let log = ''
  before(async () => {
    const app = copyApp(conformanceApp)
    fs.writeFileSync(path.join(app, 'package.json'), '{"name":"@acme/Conformance API","private":true}')
    fs.writeFileSync(path.join(app, '.env.production'), 'GREETING=from the baked env\n')
    fs.mkdirSync(path.join(app, 'app', 'env'), { recursive: true })
    // Read as the module loads, and per request.
    fs.writeFileSync(path.join(app, 'app', 'env', 'route.js'), 'const atLoad = process.env.GREETING ?? null\nexport const GET = () => Response.json({ atLoad, greeting: process.env.GREETING ?? null, nodeEnv: process.env.NODE_ENV })\n')
    // instrumentation.ts, as Next.js 15+ reads it: register() once before the first answer,
    // onRequestError for a crash, with the route and the request.
    fs.writeFileSync(
      path.join(app, 'instrumentation.js'),
      "export function register() { globalThis.__registered = (globalThis.__registered ?? 0) + 1; console.log('REGISTER ' + process.env.NEXT_RUNTIME) }\n" +
        "export async function onRequestError(error, request, context) { console.log('HOOK ' + JSON.stringify({ message: error.message, path: request.path, method: request.method, routePath: context.routePath, routerKind: context.routerKind })) }\n",
    )
    fs.mkdirSync(path.join(app, 'app', 'hook', 'registered'), { recursive: true })
    fs.writeFileSync(path.join(app, 'app', 'hook', 'registered', 'route.js'), 'export const GET = () => Response.json({ registered: globalThis.__registered ?? 0 })\n')
    fs.mkdirSync(path.join(app, 'app', 'hook', 'crash'), { recursive: true })
    fs.writeFileSync(path.join(app, 'app', 'hook', 'crash', 'route.js'), "export const GET = () => { throw new Error('worker boom') }\n")
    stdout = buildForTarget(app, 'workers')
    copy = isolatedDir('slugline-workers-')
    fs.cpSync(path.join(app, '.slugline', 'workers'), copy, { recursive: true })
    fs.rmSync(app, { recursive: true, force: true })
    const config = readWrangler(copy)
    mf = new Miniflare({
      modules: true,
      scriptPath: path.join(copy, config.main),
      modulesRoot: copy,
      compatibilityDate: config.compatibility_date,
      compatibilityFlags: config.compatibility_flags,
      handleRuntimeStdio(out: NodeJS.ReadableStream, err: NodeJS.ReadableStream) {
        out.on('data', (d: Buffer) => (log += d))
        err.on('data', (d: Buffer) => (log += d))
      },
    })
    base = String(await mf.ready).replace(/\/$/, '')
  })
  after(async () => {
    await mf?.dispose()
    fs.rmSync(copy, { recursive: true, force: true })
  })

  test('one file and a wrangler.jsonc for nodejs_compat, under 1 MB', () => {
    assert.deepEqual(fs.readdirSync(copy).sort(), ['index.mjs', 'wrangler.jsonc'])
    assert.deepEqual(readWrangler(copy), {
      name: 'conformance-api',
      main: 'index.mjs',
      compatibility_date: '2026-04-01',
      compatibility_flags: ['nodejs_compat'],
      no_bundle: true,
    })
    const size = fs.statSync(path.join(copy, 'index.mjs')).size
    assert.ok(size < 1024 * 1024, `${size} bytes`)
    assert.match(stdout, /Worker in \.slugline\/workers \(index\.mjs, \d+ KB; 44 routes; env from \.env\.production\)/)
    // Nothing is imported but Node's built-ins, which nodejs_compat provides.
    const imports = [...fs.readFileSync(path.join(copy, 'index.mjs'), 'utf8').matchAll(/\bfrom\s*"([^"]+)"/g)].map((m) => m[1]!)
    assert.deepEqual(imports.filter((i) => !i.startsWith('node:')), [])
  })

  test(`${goldenCases().length} recorded cases agree`, async () => {
    assert.deepEqual(await replayGolden(base), [])
  })

  test('bad input gets what start gives, and the worker keeps answering', async () => {
    await assertBadInputAnswersAsStart(base, () => log)
  })

  test('instrumentation.ts: register() once before the first answer, onRequestError for a crash with its route and request', async () => {
    assert.deepEqual((await request(base, '/hook/registered')).json(), { registered: 1 })
    const crash = await request(base, '/hook/crash?x=1')
    assert.equal(crash.status, 500)
    assert.ok(!crash.body.includes('worker boom'), crash.body)
    // Earlier tests' crashes (Invalid JSON, as Next reports it) are in the log too.
    for (let i = 0; i < 50 && !log.includes('worker boom'); i++) await new Promise((r) => setTimeout(r, 20))
    const hook = log.split('\n').find((l) => l.includes('HOOK ') && l.includes('worker boom'))
    assert.ok(hook !== undefined, log)
    assert.deepEqual(JSON.parse(hook.slice(hook.indexOf('HOOK ') + 5)), { message: 'worker boom', path: '/hook/crash?x=1', method: 'GET', routePath: '/hook/crash', routerKind: 'App Router' })
    assert.match(log, /REGISTER edge/)
    assert.equal(log.split('REGISTER').length - 1, 1, log)
    assert.equal((await request(base, '/hook/registered')).status, 200)
  })

  test('the production .env is baked in', async () => {
    assert.deepEqual((await request(base, '/env')).json(), { atLoad: 'from the baked env', greeting: 'from the baked env', nodeEnv: 'production' })
  })
})

test('workers: a native addon fails the build, naming the package and its routes', () => {
  const app = copyApp(path.join(repoRoot, 'examples', 'library'))
  try {
    for (const name of ['.slugline', 'data', 'node_modules']) fs.rmSync(path.join(app, name), { recursive: true, force: true })
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(app, 'node_modules'), 'dir')
    // --no-typecheck: what is under test is the bundle's refusal, not the example's types.
    const r = runCli(['build', app, '--target', 'workers', '--no-typecheck'])
    assert.equal(r.status, 1, r.stdout + r.stderr)
    assert.match(r.stderr, /The workers target cannot bundle native addons: Cloudflare Workers run JavaScript and WebAssembly only\./)
    assert.match(r.stderr, /better-sqlite3 \(a native addon: binding\.gyp\), imported by pages\/api\/[^\n]*\.ts/)
    assert.equal(fs.existsSync(path.join(app, '.slugline', 'workers')), false)
  } finally {
    fs.rmSync(app, { recursive: true, force: true })
  }
})
