// The targets from Slugline as a user has it: the packed tarball installed into a project of
// its own, `npx slugline build --target standalone|vercel` run there. What this covers that the
// other target tests do not: the runtime is bundled from the installed package's src/, found
// from dist/cli/build.cjs (bundle-runtime.ts), with the packages it needs resolved from the
// project's node_modules, and the output then runs with none of them.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { repoRoot } from '../../helpers/app-server.ts'
import { conformanceApp } from '../../helpers/golden.ts'
import { request } from '../../helpers/http.ts'
import { cleanEnv, isolatedDir, runOutput } from './output-process.ts'

const outputServer = path.join(repoRoot, 'test', 'build', 'targets', 'vercel-output-server.mjs')

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: cleanEnv(), timeout: 240_000 })
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`)
  return r.stdout
}

describe('targets from the installed package', () => {
  let work = ''
  let project = ''
  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-installed-'))
    project = path.join(work, 'project')
    fs.mkdirSync(project)
    // --ignore-scripts: `prepare` would rebuild dist/ under the tests running beside this one.
    const tarball = run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', work], repoRoot).trim().split('\n').pop()!
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'project', private: true, type: 'module' }))
    fs.cpSync(path.join(conformanceApp, 'pages'), path.join(project, 'pages'), { recursive: true })
    fs.cpSync(path.join(conformanceApp, 'app'), path.join(project, 'app'), { recursive: true })
    fs.writeFileSync(path.join(project, '.env'), 'GREETING=from the baked .env\n')
    fs.mkdirSync(path.join(project, 'pages', 'api', 'env'), { recursive: true })
    fs.writeFileSync(path.join(project, 'pages', 'api', 'env', 'greeting.js'), 'export default (req, res) => res.json({ greeting: process.env.GREETING })\n')
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(work, tarball)], project)
  })
  after(() => fs.rmSync(work, { recursive: true, force: true }))

  test('standalone: built with npx slugline, run from a copy', async () => {
    run('npx', ['slugline', 'build', '.', '--target', 'standalone'], project)
    const copy = isolatedDir('slugline-installed-standalone-')
    fs.cpSync(path.join(project, '.slugline', 'standalone'), copy, { recursive: true })
    const server = await runOutput(path.join(copy, 'server.mjs'))
    try {
      assert.deepEqual((await request(server.base, '/api/env/greeting')).json(), { greeting: 'from the baked .env' })
      assert.equal((await request(server.base, '/v2/hello')).status, 200)
    } finally {
      assert.equal(await server.stop(), 0)
      fs.rmSync(copy, { recursive: true, force: true })
    }
  })

  test('vercel: built with npx slugline, served from a copy of .vercel/output', async () => {
    run('npx', ['slugline', 'build', '.', '--target', 'vercel'], project)
    const copy = isolatedDir('slugline-installed-vercel-')
    fs.cpSync(path.join(project, '.vercel', 'output'), copy, { recursive: true })
    const server = await runOutput(outputServer, { args: [copy] })
    try {
      assert.deepEqual((await request(server.base, '/api/env/greeting')).json(), { greeting: 'from the baked .env' })
      assert.equal((await request(server.base, '/v2/hello')).status, 200)
    } finally {
      assert.equal(await server.stop(), 0)
      fs.rmSync(copy, { recursive: true, force: true })
    }
  })
})
