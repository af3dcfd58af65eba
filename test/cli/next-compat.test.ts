// A route file written for Next.js builds and runs unmodified without `next` installed: the
// build resolves next/server and next/headers to Slugline's own modules (and bundles what they
// need), and refuses any other next/* import, naming it and the file.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { runCli, serve, type RunningServer } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'

function writeApp(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-next-compat-'))
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    fs.writeFileSync(path.join(dir, rel), text)
  }
  return dir
}

describe('next/server and next/headers in a built app', () => {
  let dir = ''
  let server: RunningServer
  before(async () => {
    dir = writeApp({
      'app/api/who/route.ts': `
        import { NextRequest, NextResponse } from 'next/server'
        import { cookies, headers } from 'next/headers'
        export async function GET(request: NextRequest) {
          const jar = await cookies()
          const h = await headers()
          const res = NextResponse.json({
            path: request.nextUrl.pathname,
            q: request.nextUrl.searchParams.get('q'),
            fromRequest: request.cookies.get('session')?.value ?? null,
            fromHeaders: jar.get('session')?.value ?? null,
            agent: h.get('x-agent'),
          })
          res.cookies.set('seen', '1', { path: '/' })
          return res
        }`,
      'pages/api/legacy.ts': `
        import type { NextApiRequest, NextApiResponse } from 'next'
        export default function handler(req: NextApiRequest, res: NextApiResponse) { res.json({ ok: true }) }`,
    })
    const built = runCli(['build', dir])
    assert.equal(built.status, 0, built.stderr)
    server = await serve(dir)
  })
  after(async () => {
    await server?.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('answers with NextRequest, NextResponse, cookies() and headers()', async () => {
    const r = await request(server.base, '/api/who?q=1', { headers: { cookie: 'session=abc', 'x-agent': 'test' } })
    assert.equal(r.status, 200, r.body)
    assert.deepEqual(r.json(), { path: '/api/who', q: '1', fromRequest: 'abc', fromHeaders: 'abc', agent: 'test' })
    assert.match(String(r.headers['set-cookie']), /^seen=1; Path=\//)
  })

  it('serves a pages handler typed with the next types', async () => {
    const r = await request(server.base, '/api/legacy')
    assert.deepEqual(r.json(), { ok: true })
  })

  it('bundles the compat modules’ own packages: the output needs nothing from the app', () => {
    const out = fs.readFileSync(path.join(dir, '.slugline', 'server', 'app', 'api', 'who', 'route.mjs'), 'utf8')
    // Shared code lands in chunks/ when two routes share any; there may be none.
    const chunkDir = path.join(dir, '.slugline', 'server', 'chunks')
    const chunks = fs.existsSync(chunkDir) ? fs.readdirSync(chunkDir).map((f) => fs.readFileSync(path.join(chunkDir, f), 'utf8')) : []
    for (const text of [out, ...chunks]) assert.doesNotMatch(text, /from\s+["']cookie["']/)
  })
})

describe('unsupported next/* imports', () => {
  it('fail the build, naming the import and the file', () => {
    const dir = writeApp({
      'pages/api/nav.ts': `import { useRouter } from 'next/router'\nexport default function h(req: any, res: any) { res.json({ r: typeof useRouter }) }\n`,
    })
    try {
      const built = runCli(['build', dir])
      assert.equal(built.status, 1)
      assert.match(built.stderr, /"next\/router" is not available in Slugline/)
      assert.match(built.stderr, /pages\/api\/nav\.ts:1:/)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
