// `slugline build` reads what it checks of a route module (exports, `export const config`)
// from the source, without running the module: top-level code that opens a database, writes a
// file or needs a secret runs where the app runs, not where it is built.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { runCli, serve } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'

const tempDirs: string[] = []
after(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true })
})

function writeApp(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-static-'))
  tempDirs.push(dir)
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    fs.writeFileSync(path.join(dir, rel), text)
  }
  return dir
}

const SIDE_EFFECTS = `import fs from 'node:fs'
fs.writeFileSync('top-level-ran-' + process.env.NODE_ENV, 'yes')
if (!process.env.API_SECRET) throw new Error('API_SECRET is not set')
`

describe('slugline build runs no route code', () => {
  it('builds routes whose top-level code has side effects or needs a secret, and start runs it', async () => {
    const dir = writeApp({
      'pages/api/secret.ts': `${SIDE_EFFECTS}
export const config = { api: { bodyParser: { sizeLimit: '10b' } } }
export default function handler(req: any, res: any) { res.json({ body: req.body }) }
`,
      'app/v2/secret/route.ts': `${SIDE_EFFECTS}
export function GET() { return Response.json({ ok: true }) }
`,
      'pages/api/legacy.js': `${SIDE_EFFECTS.replace("import fs from 'node:fs'", "const fs = require('node:fs')")}
module.exports = (req, res) => res.json({ legacy: true })
`,
    })
    const built = runCli(['build', dir], { env: { API_SECRET: '' } })
    assert.equal(built.status, 0, built.stdout + built.stderr)
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('top-level-ran')), [], 'the build ran top-level code')

    const server = await serve(dir, { env: { API_SECRET: 'set where the app runs' } })
    try {
      assert.equal((await request(server.base, '/api/legacy')).status, 200)
      assert.equal((await request(server.base, '/v2/secret')).status, 200)
      // The config, read statically at build, is the one start serves with.
      const big = await request(server.base, '/api/secret', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":"0123456789"}' })
      assert.equal(big.status, 413, big.body)
      assert.ok(fs.existsSync(path.join(dir, 'top-level-ran-production')))
    } finally {
      await server.stop()
    }
  })

  it('fails on an invalid literal config, naming the file and the value', () => {
    const dir = writeApp({
      'pages/api/ok.ts': 'export default function handler(req: any, res: any) { res.json({}) }\n',
      'pages/api/limits.ts': `throw new Error('must not run')
export const config = { api: { bodyParser: { sizeLimit: 'lots' } } } as const
export default function handler(req: any, res: any) { res.json({}) }
`,
    })
    const r = runCli(['build', dir])
    assert.equal(r.status, 1, r.stdout + r.stderr)
    assert.match(r.stderr, /^Error: Invalid bodyParser\.sizeLimit "lots" in the config of pages\/api\/limits\.ts/m, r.stderr)
    assert.doesNotMatch(r.stderr, /must not run/)
  })

  it('fails on an app route that exports no method, and on a default export that is a literal', () => {
    const app = writeApp({ 'app/v2/none/route.ts': "throw new Error('must not run')\nexport const dynamic = 'force-dynamic'\nexport function helper() {}\n" })
    const r = runCli(['build', app])
    assert.equal(r.status, 1)
    assert.match(r.stderr, /^Error: The route file app\/v2\/none\/route\.ts exports no HTTP method handler/m, r.stderr)
    const pages = writeApp({ 'pages/api/obj.ts': "throw new Error('must not run')\nexport default { handler() {} }\n" })
    const p = runCli(['build', pages])
    assert.equal(p.status, 1)
    assert.match(p.stderr, /^Error: The API route pages\/api\/obj\.ts default-exports an object: it must default-export a function/m, p.stderr)
  })

  it('leaves a config that is not a literal to start, which reads it when the module loads', async () => {
    const dir = writeApp({
      'pages/api/raw.ts': `const parse = process.env.PARSE_BODY === 'yes'
export const config = { api: { bodyParser: parse } }
export default async function handler(req: any, res: any) {
  let raw = ''
  if (!parse) for await (const chunk of req) raw += chunk
  res.json({ parsed: req.body ?? null, raw })
}
`,
    })
    const built = runCli(['build', dir])
    assert.equal(built.status, 0, built.stderr)
    const server = await serve(dir)
    try {
      const r = await request(server.base, '/api/raw', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' })
      assert.deepEqual(r.json(), { parsed: null, raw: '{"a":1}' })
    } finally {
      await server.stop()
    }
  })
})
