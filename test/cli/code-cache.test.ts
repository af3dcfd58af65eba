// `slugline start` loads its bundle from the V8 code cache the build makes (bin/load-cli.cjs,
// scripts/train-code-cache.mjs). Checked here: the build leaves a cache this Node accepts, and
// every way the cache can be wrong (rejected by V8, made for other bytes of the bundle, for
// another Node, or missing) leaves a CLI that compiles as usual and serves requests.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { repoRoot, runCli, serve } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'

/** What loadCli() in the package at `root` says became of the cache: used, rejected or none. */
function cacheOutcome(root: string): string {
  const loader = path.join(root, 'bin', 'load-cli.cjs')
  const r = spawnSync(process.execPath, ['-e', `console.log(require(${JSON.stringify(loader)}).loadCli().cache)`], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  return r.stdout.trim()
}

/** A copy of the package's launcher and build output: enough for `slugline start`. */
function copyPackage(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-pkg-'))
  for (const part of ['bin', 'dist', 'package.json']) fs.cpSync(path.join(repoRoot, part), path.join(root, part), { recursive: true })
  return root
}

describe('the CLI code cache', () => {
  let app = ''
  const copies: string[] = []
  before(() => {
    app = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-cache-app-'))
    fs.mkdirSync(path.join(app, 'pages', 'api', 'items'), { recursive: true })
    fs.writeFileSync(path.join(app, 'pages', 'api', 'items', '[id].ts'), `export default function handler(req: any, res: any) { res.status(200).json({ id: req.query.id }) }\n`)
    const built = runCli(['build', app])
    assert.equal(built.status, 0, built.stderr)
  })
  after(() => {
    fs.rmSync(app, { recursive: true, force: true })
    for (const dir of copies) fs.rmSync(dir, { recursive: true, force: true })
  })

  it('is made by the build and accepted by this Node', () => {
    const cache = path.join(repoRoot, 'dist', 'cli', 'main.cjs.cache')
    assert.ok(fs.statSync(cache).size > 10_000, 'the cache holds the compiled CLI')
    assert.equal(cacheOutcome(repoRoot), 'used')
  })

  const broken: Array<[string, string, (cacheFile: string, cliFile: string) => void]> = [
    ['V8 rejects it', 'rejected', (cacheFile, cliFile) => {
      // The header and the copy of the bundle still fit; the data behind them is not V8's.
      const data = fs.readFileSync(cacheFile)
      const v8DataStart = data.indexOf(10) + 1 + fs.statSync(cliFile).size
      fs.writeFileSync(cacheFile, Buffer.concat([data.subarray(0, v8DataStart), Buffer.alloc(data.length - v8DataStart, 7)]))
    }],
    ['the bundle changed but kept its size', 'none', (_cacheFile, cliFile) => {
      // One letter of a comment esbuild left: same length, other bytes, same behaviour.
      const text = fs.readFileSync(cliFile, 'utf8')
      const at = text.indexOf('// src/') + 3
      fs.writeFileSync(cliFile, text.slice(0, at) + 'S' + text.slice(at + 1))
    }],
    ['it was made for another Node', 'none', (cacheFile) => {
      const data = fs.readFileSync(cacheFile)
      fs.writeFileSync(cacheFile, Buffer.concat([Buffer.from('slugline-code-cache v0.0.1'), data.subarray(data.indexOf(' ', 20))]))
    }],
    ['it is missing', 'none', (cacheFile) => fs.rmSync(cacheFile)],
  ]
  for (const [what, outcome, breakCache] of broken) {
    it(`is left aside when ${what}, and the CLI still serves`, async () => {
      const root = copyPackage()
      copies.push(root)
      const cliFile = path.join(root, 'dist', 'cli', 'main.cjs')
      breakCache(`${cliFile}.cache`, cliFile)
      assert.equal(cacheOutcome(root), outcome)
      const server = await serve(app, { cli: path.join(root, 'bin', 'slugline.mjs') })
      try {
        const res = await request(server.base, '/api/items/42')
        assert.equal(res.status, 200, res.body)
        assert.deepEqual(res.json(), { id: '42' })
      } finally {
        await server.stop()
      }
    })
  }
})
