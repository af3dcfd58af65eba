// proxy.ts and middleware.ts, as files: the old name runs with Next.js 16's deprecation notice
// in build, dev and start; both at once fail the build with Next.js's message.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { runCli, serve } from '../helpers/app-server.ts'

const tempDirs: string[] = []
after(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true })
})

function writeApp(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-unsupported-'))
  tempDirs.push(dir)
  for (const [rel, text] of Object.entries({ 'pages/api/x.ts': 'export default (req: any, res: any) => res.json({})\n', ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    fs.writeFileSync(path.join(dir, rel), text)
  }
  return dir
}

const MIDDLEWARE =
  "import { NextResponse } from 'next/server'\nexport function middleware() { return NextResponse.json({ from: 'middleware' }) }\nexport const config = { matcher: '/api/:path*' }\n"
const NOTICE = 'Warning: The "middleware" file convention is deprecated. Please use "proxy" instead.'

describe('middleware and proxy files', () => {
  it('a middleware.ts runs, and build, start, start --workers and dev print the deprecation notice', async () => {
    const dir = writeApp({ 'middleware.ts': MIDDLEWARE, 'proxy.config.json': '{}', 'src/middleware-utils.ts': '' })
    const built = runCli(['build', dir])
    assert.equal(built.status, 0, built.stderr)
    assert.ok(built.stderr.includes(NOTICE), built.stderr)
    assert.ok(built.stderr.includes('npx @next/codemod@canary middleware-to-proxy .'), built.stderr)
    assert.equal(built.stderr.match(/^Warning:/gm)?.length, 1, built.stderr)

    for (const options of [{}, { args: ['--workers', '1'] }, { mode: 'dev' as const }]) {
      const server = await serve(dir, options)
      try {
        await server.waitForLog(NOTICE)
        const res = await fetch(`${server.base}/api/x`)
        assert.deepEqual(await res.json(), { from: 'middleware' })
      } finally {
        await server.stop()
      }
    }
  })

  it('src/proxy.js is found too, and runs without a notice', async () => {
    const dir = writeApp({ 'src/proxy.js': MIDDLEWARE.replace('function middleware', 'function proxy') })
    const built = runCli(['build', dir])
    assert.equal(built.status, 0, built.stderr)
    assert.equal(built.stderr, '')
    const server = await serve(dir)
    try {
      assert.deepEqual(await (await fetch(`${server.base}/api/x`)).json(), { from: 'middleware' })
    } finally {
      await server.stop()
    }
  })

  it('both a proxy and a middleware file fail the build with Next.js\'s message', () => {
    const dir = writeApp({ 'middleware.ts': MIDDLEWARE, 'proxy.ts': MIDDLEWARE })
    const built = runCli(['build', dir])
    assert.equal(built.status, 1, built.stdout)
    assert.ok(built.stderr.includes('Both middleware file "./middleware.ts" and proxy file "./proxy.ts" are detected. Please use "./proxy.ts" only.'), built.stderr)
  })

  it('a proxy file without a function export fails the build, naming the export', () => {
    const dir = writeApp({ 'proxy.ts': 'export const config = {}\n' })
    const built = runCli(['build', dir])
    assert.equal(built.status, 1, built.stdout)
    assert.ok(built.stderr.includes('The Proxy file "./proxy.ts" must export a function named `proxy` or a default function.'), built.stderr)
  })

  it('a proxy that keeps rewriting to a path it matches stops after 5 passes and serves the route', async () => {
    const dir = writeApp({
      'proxy.ts':
        "import { NextResponse, type NextRequest } from 'next/server'\nlet calls = 0\nexport function proxy(request: NextRequest) {\n  calls++\n  return NextResponse.rewrite(new URL('/api/x?calls=' + calls, request.url))\n}\n",
      'pages/api/x.ts': 'export default (req: any, res: any) => res.json({ calls: req.query.calls })\n',
    })
    const built = runCli(['build', dir])
    assert.equal(built.status, 0, built.stderr)
    const server = await serve(dir)
    try {
      assert.deepEqual(await (await fetch(`${server.base}/api/x`)).json(), { calls: '6' })
    } finally {
      await server.stop()
    }
  })

  it('an app without them gets no warning', () => {
    const dir = writeApp({ 'lib/middleware.ts': MIDDLEWARE })
    const built = runCli(['build', dir])
    assert.equal(built.status, 0, built.stderr)
    assert.equal(built.stderr, '')
  })
})
