// `slugline start`'s module environment for route code (src/build/module-env-plugin.ts): the
// source file's path, wherever the built app folder has been moved since the build, and stack
// traces that still point at the right line of the source.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { runCli, serve, type RunningServer } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'

describe('start: __filename and friends in a moved build', () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-module-env-')))
  const builtAt = path.join(root, 'built-here')
  const movedTo = path.join(root, 'moved-there')
  let server: RunningServer
  before(async () => {
    fs.mkdirSync(path.join(builtAt, 'pages', 'api'), { recursive: true })
    fs.writeFileSync(
      path.join(builtAt, 'pages', 'api', 'where.ts'),
      `type Unused = { a: number }
const dir: string = __dirname

export default function handler(req: any, res: any) {
  if (req.query.fail) throw new Error('failing on purpose')
  res.json({ filename: __filename, dir, url: import.meta.url })
}
`,
    )
    const built = runCli(['build', builtAt])
    assert.equal(built.status, 0, built.stderr)
    fs.renameSync(builtAt, movedTo)
    server = await serve(movedTo)
  })
  after(async () => {
    await server?.stop()
    fs.rmSync(root, { recursive: true, force: true })
  })

  it('names the source file where the app is now', async () => {
    const r = await request(server.base, '/api/where')
    assert.equal(r.status, 200, r.body)
    assert.deepEqual(r.json(), {
      filename: path.join(movedTo, 'pages', 'api', 'where.ts'),
      dir: path.join(movedTo, 'pages', 'api'),
      url: `file://${path.join(movedTo, 'pages', 'api', 'where.ts')}`,
    })
  })

  it('a stack trace points at the source line', async () => {
    const r = await request(server.base, '/api/where?fail=1')
    assert.equal(r.status, 500)
    await server.waitForLog('failing on purpose')
    await server.waitForLog('where.ts:5:')
    assert.match(server.log(), /pages\/api\/where\.ts:5:\d+/, server.log())
  })
})
