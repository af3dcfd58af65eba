// A Next.js middleware or proxy file is not run by Slugline: build, dev and start each say so,
// naming the file, rather than serving as if it were not there.
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

const MIDDLEWARE = "export function middleware() {}\nexport const config = { matcher: '/api/:path*' }\n"
const warning = (file: string) => `Warning: ${file} is not run: Slugline does not support Next.js middleware or proxy yet`

describe('middleware and proxy files', () => {
  it('build, start, start --workers and dev warn about each, naming it', async () => {
    const dir = writeApp({ 'middleware.ts': MIDDLEWARE, 'src/proxy.js': MIDDLEWARE, 'proxy.config.json': '{}', 'src/middleware-utils.ts': '' })
    const built = runCli(['build', dir])
    assert.equal(built.status, 0, built.stderr)
    assert.ok(built.stderr.includes(warning('middleware.ts')), built.stderr)
    assert.ok(built.stderr.includes(warning('src/proxy.js')), built.stderr)
    assert.equal(built.stderr.match(/^Warning:/gm)?.length, 2, built.stderr)

    for (const options of [{}, { args: ['--workers', '1'] }, { mode: 'dev' as const }]) {
      const server = await serve(dir, options)
      try {
        await server.waitForLog(warning('middleware.ts'))
        await server.waitForLog(warning('src/proxy.js'))
        assert.equal(server.log().match(/^Warning: .* is not run/gm)?.length, 2, server.log())
      } finally {
        await server.stop()
      }
    }
  })

  it('an app without them gets no warning', () => {
    const dir = writeApp({ 'lib/middleware.ts': MIDDLEWARE })
    const built = runCli(['build', dir])
    assert.equal(built.status, 0, built.stderr)
    assert.equal(built.stderr, '')
  })
})
