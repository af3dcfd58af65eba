// The fetch adapter in this Node process, called as a function: the recorded Next.js answers
// through createFetchHandler (what the Lambda and Workers targets build on), routes whose
// modules the caller supplies (createFetchDispatcher, no manifest read), and the native
// Response coming back even when the App Router runtime's FastResponse is the global one.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, before, describe, it } from 'node:test'
import { buildApp } from '../../../src/build/build-app.ts'
import { createFetchDispatcher, createFetchHandler, type FetchHandler, type FetchRoute } from '../../../src/adapters/fetch/index.ts'
import { readManifest } from '../../../src/server/manifest.ts'
import { copyApp, repoRoot } from '../../helpers/app-server.ts'
import { compareAnswer, conformanceApp, goldenCases, type GoldenCase } from '../../helpers/golden.ts'

const StandardResponse = globalThis.Response

async function replay(handler: FetchHandler, c: GoldenCase): Promise<string[]> {
  let body: string | Buffer | undefined = c.bodyBase64 !== undefined ? Buffer.from(c.bodyBase64, 'base64') : c.body
  if (typeof body === 'string' && c.repeat !== undefined) body = body.repeat(c.repeat)
  if (typeof body === 'string' && c.wrap !== undefined) body = c.wrap[0] + body + c.wrap[1]
  const headers: Record<string, string> = { ...c.headers }
  for (const [k, v] of Object.entries(headers)) {
    if (v.startsWith('__ETAG_OF__:')) headers[k] = (await handler(new Request(`http://localhost${v.slice('__ETAG_OF__:'.length)}`))).headers.get('etag') ?? '"none"'
  }
  const method = c.method ?? 'GET'
  const init: RequestInit & { duplex?: 'half' } = { method, headers }
  if (body !== undefined) init.body = (typeof body === 'string' ? Buffer.from(body) : body) as unknown as BodyInit
  const res = await handler(new Request(`http://localhost${c.path}`, init))
  const got: Record<string, string | string[]> = {}
  for (const [name, value] of res.headers) if (name !== 'set-cookie') got[name] = value
  const cookies = res.headers.getSetCookie()
  if (cookies.length > 0) got['set-cookie'] = cookies
  return compareAnswer(c, { status: res.status, headers: got, body: method === 'HEAD' ? '' : await res.text() })
}

describe('createFetchHandler({ dir }) called in process', () => {
  let dir = ''
  let handler: FetchHandler
  before(async () => {
    dir = copyApp(conformanceApp)
    await buildApp(dir)
    handler = createFetchHandler({ dir, loadEnv: false })
  })
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  it(`answers the ${goldenCases().length} recorded cases as slugline start does`, async () => {
    const failures: string[] = []
    for (const c of goldenCases()) {
      // A Request carries its URL's host, not a Host header of the case's choosing.
      if (c.headers?.host !== undefined) continue
      const problems = await replay(handler, c)
      if (problems.length > 0) failures.push(`${c.name}: ${c.method ?? 'GET'} ${c.path}\n    ${problems.join('\n    ')}`)
    }
    assert.deepEqual(failures, [])
  })

  it('308 to the canonical path with Refresh, a 400 and a 404 as JSON', async () => {
    const moved = await handler(new Request('http://localhost/api/authors/234/?x=1'))
    assert.equal(moved.status, 308)
    assert.equal(moved.headers.get('location'), '/api/authors/234?x=1')
    assert.equal(moved.headers.get('refresh'), '0;url=/api/authors/234?x=1')
    const bad = await handler(new Request('http://localhost/api/authors/%E0%A4%A'))
    assert.equal(bad.status, 400)
    assert.deepEqual(await bad.json(), { error: 'Bad Request' })
    const missing = await handler(new Request('http://localhost/nowhere'))
    assert.equal(missing.status, 404)
    assert.equal(missing.headers.get('content-type'), 'application/json; charset=utf-8')
    assert.deepEqual(await missing.json(), { error: 'Not Found' })
  })
})

describe('createFetchDispatcher({ routes }) with modules the caller supplies', () => {
  let dir = ''
  let routes: FetchRoute[] = []
  const loads = new Map<string, number>()
  before(async () => {
    dir = copyApp(path.join(repoRoot, 'test', 'fixtures', 'fetch-app'))
    await buildApp(dir)
    // Imported up front, as a bundle imports them statically: load() only hands them over.
    const manifest = readManifest(dir)
    routes = await Promise.all(
      manifest.routes.map(async ({ module, ...route }) => {
        const mod = (await import(pathToFileURL(path.join(dir, '.slugline', module)).href)) as Record<string, unknown>
        return { ...route, load: () => (loads.set(route.file, (loads.get(route.file) ?? 0) + 1), Promise.resolve(mod)) }
      }),
    )
  })
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('serves pages and app routes, loading each module once', async () => {
    const fetch = createFetchDispatcher({ routes })
    for (let i = 0; i < 3; i++) {
      const peer = await fetch(new Request('http://localhost/api/peer?q=1'), { remoteAddress: '10.0.0.7' })
      assert.deepEqual(await peer.json(), { remoteAddress: '10.0.0.7', method: 'GET', url: '/api/peer?q=1', host: 'localhost' })
    }
    const stream = await fetch(new Request('http://localhost/x/stream'))
    assert.equal(await stream.text(), 'chunk0;chunk1;chunk2;')
    assert.equal(loads.get('pages/api/peer.js'), 1)
  })

  it('a module that is no handler answers 500, logged, and the rest keep answering', async () => {
    const broken: FetchRoute = { ...routes.find((r) => r.file === 'pages/api/bytes.js')!, load: () => Promise.resolve({ default: 42 }) }
    const fetch = createFetchDispatcher({ routes: routes.map((r) => (r.file === broken.file ? broken : r)) })
    const res = await fetch(new Request('http://localhost/api/bytes'))
    assert.equal(res.status, 500)
    assert.equal(await res.text(), 'Internal Server Error')
    assert.equal((await fetch(new Request('http://localhost/api/release'))).status, 200)
  })

  it('maxDuration: a pages and an app route past it answer 504 as start does', async () => {
    const slowPages = { config: { maxDuration: 0.2 }, default: async (_req: unknown, res: { json(x: unknown): void }) => (await new Promise((r) => setTimeout(r, 600)), res.json({ late: true })) }
    const slowApp = { maxDuration: 0.2, GET: () => new Promise(() => {}) }
    const fetch = createFetchDispatcher({
      routes: routes.map((r) => (r.file === 'pages/api/bytes.js' ? { ...r, load: () => Promise.resolve(slowPages) } : r.file === 'app/x/stream/route.js' ? { ...r, load: () => Promise.resolve(slowApp) } : r)),
    })
    for (const path of ['/api/bytes', '/x/stream']) {
      const res = await fetch(new Request(`http://localhost${path}`))
      assert.equal(res.status, 504, path)
      assert.deepEqual(await res.json(), { error: 'Gateway Timeout' })
    }
  })

  it('instrumentation: register() before the first answer, onRequestError for pages and app crashes, a failed register() 500s', async () => {
    const seen: unknown[] = []
    let registered = 0
    const instrumentation = {
      file: 'instrumentation.ts',
      load: () =>
        Promise.resolve({
          register: async () => void (await new Promise((r) => setTimeout(r, 20)), registered++),
          onRequestError: (error: Error, request: unknown, context: unknown) => void seen.push({ message: error.message, request, context }),
        }),
    }
    const throwing = { default: () => { throw new Error('pages crash') } }
    const fetch = createFetchDispatcher({ routes: routes.map((r) => (r.file === 'pages/api/bytes.js' ? { ...r, load: () => Promise.resolve(throwing) } : r)), instrumentation })
    const first = await fetch(new Request('http://localhost/api/release'))
    assert.equal(first.status, 200)
    assert.equal(registered, 1)
    assert.equal((await fetch(new Request('http://localhost/api/bytes?a=1', { headers: { 'x-a': '1' } }))).status, 500)
    assert.equal((await fetch(new Request('http://localhost/x/crash', { method: 'GET' }))).status, 500)
    assert.deepEqual(seen, [
      {
        message: 'pages crash',
        request: { path: '/api/bytes?a=1', method: 'GET', headers: { 'x-a': '1', host: 'localhost' } },
        context: { routerKind: 'Pages Router', routePath: '/api/bytes', routeType: 'route', revalidateReason: undefined },
      },
      {
        message: 'app crash: secret detail',
        request: { path: '/x/crash', method: 'GET', headers: {} },
        context: { routerKind: 'App Router', routePath: '/x/crash', routeType: 'route', revalidateReason: undefined },
      },
    ])
    const failing = createFetchDispatcher({ routes, instrumentation: { file: 'instrumentation.ts', load: () => Promise.resolve({ register: () => { throw new Error('no db') } }) } })
    for (let i = 0; i < 2; i++) assert.equal((await failing(new Request('http://localhost/api/release'))).status, 500)
  })

  it('returns the native Response even when the App Router runtime installed its FastResponse', async () => {
    await import('../../../src/runtime/app/run-route.ts') // installs globalThis.Response = FastResponse
    assert.notEqual(globalThis.Response, StandardResponse)
    try {
      const mod = { GET: () => Response.json({ fast: true }, { headers: { 'x-a': '1' } }) }
      const route: FetchRoute = { ...routes.find((r) => r.file === 'app/x/stream/route.js')!, load: () => Promise.resolve(mod) }
      const res = await createFetchDispatcher({ routes: [route] })(new Request('http://localhost/x/stream'))
      assert.equal(res.constructor, StandardResponse)
      assert.equal(res.headers.get('x-a'), '1')
      assert.equal(res.headers.get('content-type'), 'application/json')
      assert.deepEqual(await res.json(), { fast: true })
    } finally {
      Object.defineProperty(globalThis, 'Response', { value: StandardResponse, writable: true, configurable: true, enumerable: false })
    }
  })
})
