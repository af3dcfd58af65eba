// `server-only` and `client-only` resolve as Next.js 16's server build resolves them (issue 11,
// item 4; recorded in test/fixtures/interop/next-recorded.json): `server-only` is an empty
// module in pages/api and route handlers, from lib/ files and from npm packages; `client-only`
// is an empty module for pages/api, and an app route reaching it fails the build with Next's
// message and import trace (in dev: that route answers 500 with it). Neither package is
// installed, as Next needs neither installed.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { runCli, serve, type RunningServer } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'
import { recorded } from './interop-app.ts'

const dirs: string[] = []
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

function writeApp(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-markers-')))
  dirs.push(dir)
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    fs.writeFileSync(path.join(dir, rel), text)
  }
  return dir
}

const SERVER_ONLY_APP = {
  'lib/secret.ts': `import 'server-only'\nexport const secret = () => 'only-on-server'\n`,
  'pages/api/so.ts': `import { secret } from '../../lib/secret'\nexport default function handler(req: any, res: any) { res.status(200).json({ secret: secret() }) }\n`,
  'app/so/route.ts': `import { secret } from '../../lib/secret'\nexport function GET() { return Response.json({ secret: secret() }) }\n`,
  'lib/browser.ts': `import 'client-only'\nexport const inBrowser = () => 'client'\n`,
  'pages/api/co.ts': `import { inBrowser } from '../../lib/browser'\nexport default function handler(req: any, res: any) { res.status(200).json({ v: inBrowser() }) }\n`,
  // A package declaring server-only is bundled, so its import resolves here too.
  'node_modules/guarded/package.json': JSON.stringify({ name: 'guarded', main: 'index.js', dependencies: { 'server-only': '0.0.1' } }),
  'node_modules/guarded/index.js': `require('server-only')\nexports.guarded = () => 'guarded package'\n`,
  'pages/api/pkg.ts': `import { guarded } from 'guarded'\nexport default function handler(req: any, res: any) { res.status(200).json({ v: guarded() }) }\n`,
}

describe('server-only, and client-only in pages/api', () => {
  let dir = ''
  const servers: Record<'start' | 'dev', RunningServer | undefined> = { start: undefined, dev: undefined }
  before(async () => {
    dir = writeApp(SERVER_ONLY_APP)
    const built = runCli(['build', dir])
    assert.equal(built.status, 0, built.stdout + built.stderr)
    ;[servers.start, servers.dev] = await Promise.all([serve(dir), serve(dir, { mode: 'dev' })])
  })
  after(() => Promise.all([servers.start?.stop(), servers.dev?.stop()]))

  for (const mode of ['start', 'dev'] as const) {
    for (const route of ['/api/so', '/so', '/api/co']) {
      it(`${mode}: answers ${route} as Next.js does`, async () => {
        const r = await request(servers[mode]!.base, route)
        const want = recorded()[`markers GET ${route}`]!
        assert.equal(r.status, want.status, r.body)
        assert.deepEqual(r.json(), want.body)
      })
    }
    it(`${mode}: a package importing server-only loads`, async () => {
      const r = await request(servers[mode]!.base, '/api/pkg')
      assert.equal(r.status, 200, r.body)
      assert.deepEqual(r.json(), { v: 'guarded package' })
    })
  }
})

/** Next's message, its second line, and its import trace (of a route importing lib/browser.ts). */
const clientOnlyWords = () => recorded()['markers build client-only from app route']!.body as string[]

describe('client-only reached from an app route', () => {
  const files = {
    'lib/browser.ts': `import 'client-only'\nexport const inBrowser = () => 'client'\n`,
    'lib/indirect.ts': `export { inBrowser } from './browser'\n`,
    'app/co/route.ts': `import { inBrowser } from '../../lib/indirect'\nexport function GET() { return Response.json({ v: inBrowser() }) }\n`,
    'pages/api/fine.ts': `import { inBrowser } from '../../lib/browser'\nexport default function handler(req: any, res: any) { res.json({ v: inBrowser() }) }\n`,
  }

  it('fails the build with Next’s message, the import’s line and the import trace', () => {
    const dir = writeApp(files)
    const built = runCli(['build', dir])
    assert.equal(built.status, 1, built.stdout)
    for (const part of clientOnlyWords().slice(0, 2)) assert.ok(built.stderr.includes(part), built.stderr)
    assert.match(built.stderr, /lib\/browser\.ts:1:7/)
    assert.match(built.stderr, /Import trace:\n\s+App Route:\n\s+\.\/lib\/browser\.ts\n\s+\.\/lib\/indirect\.ts\n\s+\.\/app\/co\/route\.ts/)
    assert.ok(!fs.existsSync(path.join(dir, '.slugline', 'server')), 'a failed build left compiled output')
  })

  it('fails the build when the import is inside an npm package that declares client-only', () => {
    const dir = writeApp({
      'node_modules/widget/package.json': JSON.stringify({ name: 'widget', type: 'module', exports: './index.js', peerDependencies: { 'client-only': '*' } }),
      'node_modules/widget/index.js': `import 'client-only'\nexport const widget = () => 'w'\n`,
      'app/w/route.ts': `import { widget } from 'widget'\nexport function GET() { return Response.json({ w: widget() }) }\n`,
    })
    const built = runCli(['build', dir])
    assert.equal(built.status, 1, built.stdout)
    assert.ok(built.stderr.includes(clientOnlyWords()[0]!), built.stderr)
    assert.match(built.stderr, /App Route:\n\s+\.\/node_modules\/widget\/index\.js\n\s+\.\/app\/w\/route\.ts/)
  })

  it('fails that route in dev with the same message; pages/api is unaffected', async () => {
    const dir = writeApp(files)
    const server = await serve(dir, { mode: 'dev' })
    try {
      const r = await request(server.base, '/co')
      assert.equal(r.status, 500)
      for (const part of clientOnlyWords().slice(0, 2)) assert.ok(r.json().error.includes(part), r.body)
      assert.match(r.json().error, /Import trace:\n\s+App Route:\n\s+\.\/lib\/browser\.ts\n\s+\.\/lib\/indirect\.ts\n\s+\.\/app\/co\/route\.ts/)
      assert.equal(r.json().file, 'lib/browser.ts')
      await request(server.base, '/co')
      await server.waitForLog("'client-only' cannot be imported from a Server Component module")
      assert.equal(server.log().split("'client-only' cannot be imported").length - 1, 1, 'printed more than once')
      const fine = await request(server.base, '/api/fine')
      assert.deepEqual(fine.json(), { v: 'client' })
    } finally {
      await server.stop()
    }
  })
})
