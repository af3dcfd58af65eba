// `slugline dev` keeps proxy.ts and next.config live: an edit to the proxy (or to a module it
// imports) changes the next answer, its matcher is read again, a new or deleted proxy file
// takes effect at once, and saving next.config reloads its rules. A proxy that fails to
// compile answers 500 with the error until it is fixed, and the server keeps serving.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { serve, type RunningServer } from '../helpers/app-server.ts'
import { waitForAnswer, writeApp, writeFiles } from '../dev/dev-app.ts'

const proxy = (tag: string, matcher: string) => `import { NextResponse } from 'next/server'
import { tagOf } from './lib/tag'
export function proxy() {
  const res = NextResponse.next()
  res.headers.set('x-proxy', tagOf(${JSON.stringify(tag)}))
  return res
}
export const config = { matcher: ${JSON.stringify(matcher)} }
`
const nextConfig = (value: string) => `export default { async headers() { return [{ source: '/api/:path*', headers: [{ key: 'x-config', value: ${JSON.stringify(value)} }] }] } }\n`

describe('dev reloads proxy.ts and next.config', () => {
  let dir = ''
  let server: RunningServer | undefined
  before(async () => {
    dir = writeApp({
      'pages/api/a.ts': 'export default (req: any, res: any) => res.json({ a: 1 })\n',
      'pages/api/b.ts': 'export default (req: any, res: any) => res.json({ b: 1 })\n',
      'lib/tag.ts': 'export const tagOf = (t: string) => `v1-${t}`\n',
      'proxy.ts': proxy('one', '/api/a'),
      'next.config.mjs': nextConfig('first'),
    })
    server = await serve(dir, { mode: 'dev' })
  })
  after(() => server?.stop())

  it('serves the first versions', async () => {
    const r = await waitForAnswer(server!.base, '/api/a', (x) => x.status === 200)
    assert.equal(r.headers['x-proxy'], 'v1-one')
    assert.equal(r.headers['x-config'], 'first')
    const b = await waitForAnswer(server!.base, '/api/b', (x) => x.status === 200)
    assert.equal(b.headers['x-proxy'], undefined)
  })

  it('an edit to the proxy, to a module it imports, and to its matcher', async () => {
    writeFiles(dir, { 'proxy.ts': proxy('two', '/api/:path*') })
    await waitForAnswer(server!.base, '/api/b', (x) => x.headers['x-proxy'] === 'v1-two')
    writeFiles(dir, { 'lib/tag.ts': 'export const tagOf = (t: string) => `v2-${t}`\n' })
    await waitForAnswer(server!.base, '/api/a', (x) => x.headers['x-proxy'] === 'v2-two')
  })

  it('a proxy that fails to compile answers 500 until fixed', async () => {
    writeFiles(dir, { 'proxy.ts': 'export function proxy( {\n' })
    const broken = await waitForAnswer(server!.base, '/api/a', (x) => x.status === 500)
    assert.match(broken.body, /proxy\.ts/)
    writeFiles(dir, { 'proxy.ts': proxy('three', '/api/:path*') })
    await waitForAnswer(server!.base, '/api/a', (x) => x.status === 200 && x.headers['x-proxy'] === 'v2-three')
  })

  it('next.config is read again on save', async () => {
    writeFiles(dir, { 'next.config.mjs': nextConfig('second') })
    await waitForAnswer(server!.base, '/api/a', (x) => x.headers['x-config'] === 'second')
    await server!.waitForLog('Reloaded next.config')
  })

  it('a deleted proxy file stops running', async () => {
    fs.rmSync(path.join(dir, 'proxy.ts'))
    await waitForAnswer(server!.base, '/api/a', (x) => x.status === 200 && x.headers['x-proxy'] === undefined)
  })
})
