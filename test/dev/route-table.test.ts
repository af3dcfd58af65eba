// `slugline dev` keeps the route table in step with the files: a new route file is served, a
// removed one answers 404, a renamed one moves, and a table Next.js would refuse answers every
// request with 500 and the reason until it is fixed.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { runCli, serve, type RunningServer } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'
import { waitForAnswer, writeApp, writeFiles } from './dev-app.ts'

const ok = (name: string) => `export default function handler(_req: any, res: any) {\n  res.status(200).json({ ok: '${name}' })\n}\n`

describe('slugline dev: no routes folder', () => {
  it('exits 1 naming what it looked for', () => {
    const dir = writeApp({ 'lib/x.ts': 'export const x = 1\n' })
    const r = runCli(['dev', dir, '--port', '0'])
    assert.equal(r.status, 1, r.stdout + r.stderr)
    assert.match(r.stderr, /^Error: No routes found in .*pages\/api/m)
  })
})

describe('slugline dev: the route table', () => {
  let dir: string
  let server: RunningServer
  before(async () => {
    dir = writeApp({ 'pages/api/a.ts': ok('a'), 'pages/api/items/[id].ts': ok('item') })
    server = await serve(dir, { mode: 'dev' })
  })
  after(() => server.stop())

  it('prints the URL and the route table on start', async () => {
    await server.waitForLog(`ready on ${server.base}`)
    await server.waitForLog('pages/api/items/[id].ts')
    assert.match(server.log(), /\/api\/items\/\[id\]\s+dynamic\s+pages\/api\/items\/\[id\]\.ts/)
  })

  it('serves an added route file, and answers 404 once it is removed', async () => {
    assert.equal((await request(server.base, '/api/added')).status, 404)
    writeFiles(dir, { 'pages/api/added.ts': ok('added') })
    await waitForAnswer(server.base, '/api/added', (r) => r.status === 200 && r.json().ok === 'added')
    await server.waitForLog('+ /api/added pages/api/added.ts')
    fs.rmSync(path.join(dir, 'pages/api/added.ts'))
    await waitForAnswer(server.base, '/api/added', (r) => r.status === 404)
    await server.waitForLog('- /api/added pages/api/added.ts')
  })

  it('moves a renamed route file to its new URL', async () => {
    fs.renameSync(path.join(dir, 'pages/api/a.ts'), path.join(dir, 'pages/api/b.ts'))
    await waitForAnswer(server.base, '/api/b', (r) => r.status === 200 && r.json().ok === 'a')
    assert.equal((await request(server.base, '/api/a')).status, 404)
  })

  it('gives a new static route precedence over a dynamic one', async () => {
    assert.equal((await request(server.base, '/api/items/new')).json().ok, 'item')
    writeFiles(dir, { 'pages/api/items/new.ts': ok('new') })
    await waitForAnswer(server.base, '/api/items/new', (r) => r.json().ok === 'new')
    assert.equal((await request(server.base, '/api/items/7')).json().ok, 'item')
  })

  it('answers every request with 500 naming both files of a conflict, until it is fixed', async () => {
    writeFiles(dir, { 'pages/api/b.js': ok('b-js') })
    const r = await waitForAnswer(server.base, '/api/b', (r) => r.status === 500)
    assert.match(r.json().error, /pages\/api\/b\.js/)
    assert.match(r.json().error, /pages\/api\/b\.ts/)
    // Every route, not only the two in conflict.
    const other = await request(server.base, '/api/items/1')
    assert.equal(other.status, 500)
    assert.deepEqual(other.json(), r.json())
    await server.waitForLog('Every request answers 500 until this is fixed')

    fs.rmSync(path.join(dir, 'pages/api/b.js'))
    await waitForAnswer(server.base, '/api/b', (r) => r.status === 200 && r.json().ok === 'a')
    assert.equal((await request(server.base, '/api/items/1')).status, 200)
  })

  it('serves App Router route files too, and reloads them', async () => {
    writeFiles(dir, {
      'app/v2/hello/route.ts': `import { NextResponse, type NextRequest } from 'next/server'
export async function GET(request: NextRequest) {
  return NextResponse.json({ hello: request.nextUrl.searchParams.get('name'), version: 1 })
}
`,
    })
    const r = await waitForAnswer(server.base, '/v2/hello?name=dev', (r) => r.status === 200)
    assert.deepEqual(r.json(), { hello: 'dev', version: 1 })
    assert.equal((await request(server.base, '/v2/hello', { method: 'POST' })).status, 405)
    fs.writeFileSync(
      path.join(dir, 'app/v2/hello/route.ts'),
      "export async function GET() {\n  return Response.json({ version: 2 })\n}\n",
    )
    await waitForAnswer(server.base, '/v2/hello', (r) => r.status === 200 && r.json().version === 2)
  })

  it('exits 0 on SIGTERM', async () => {
    assert.equal(await server.stop(), 0)
  })
})
