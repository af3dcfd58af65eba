// Installing Slugline from a fresh clone, `npm install /path/to/clone` (issue #14, item 7).
// npm links the folder and runs its `prepare` before, and without, installing the folder's own
// dependencies; scripts/prepare.mjs installs them from the lockfile and builds. The clone
// here is a copy of the working tree with no node_modules and no dist/, as `git clone` gives.
//
// The consumer allows the folder's script (npm 11 asks for every dependency's install
// script), so a clean install prints no warning at all. Then the installed package works:
// the CLI builds and serves a route, and the library imports.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { request } from '../helpers/http.ts'
import { serve, type RunningServer } from '../helpers/app-server.ts'
import { copyWorkingTree, INSTALL_FLAGS, npm, npmComplaints, run, tempDir, type CommandResult } from './consumer.ts'

describe('npm install <folder of a fresh clone>', () => {
  let work: string
  let clone: string
  let app: string
  let install: CommandResult
  let server: RunningServer | undefined

  before(async () => {
    work = tempDir('folder-install')
    clone = copyWorkingTree(path.join(work, 'slugline'))
    app = path.join(work, 'app')
    fs.mkdirSync(path.join(app, 'pages', 'api', 'items'), { recursive: true })
    const spec = `file:${clone}`
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module', allowScripts: { esbuild: true, [spec]: true } }))
    fs.writeFileSync(path.join(app, 'pages', 'api', 'items', '[id].ts'), `export default function handler(req: any, res: any) { res.status(200).json({ id: req.query.id }) }\n`)
    install = await npm(['install', ...INSTALL_FLAGS, clone], app)
  })

  after(async () => {
    await server?.stop()
    if (work) fs.rmSync(work, { recursive: true, force: true })
  })

  it('installs without an error or a warning', () => {
    assert.equal(install.status, 0, `npm install failed:\n${install.stdout}\n${install.stderr}`)
    assert.deepEqual(npmComplaints(install), [])
    assert.ok(fs.existsSync(path.join(clone, 'dist', 'index.d.ts')), 'prepare did not build the clone')
  })

  it('gives a working CLI and library', async () => {
    const cli = path.join(app, 'node_modules', 'slugline', 'bin', 'slugline.mjs')
    const built = await run(process.execPath, [cli, 'build', '.'], { cwd: app })
    assert.equal(built.status, 0, built.stdout + built.stderr)
    server = await serve(app, { cli })
    const res = await request(server.base, '/api/items/7')
    assert.equal(res.status, 200)
    assert.deepEqual(res.json(), { id: '7' })
    const lib = await run(process.execPath, ['--input-type=module', '-e', `const m = await import('slugline'); console.log(typeof m.createHandler)`], { cwd: app })
    assert.equal(lib.stdout.trim(), 'function', lib.stderr)
  })
})
