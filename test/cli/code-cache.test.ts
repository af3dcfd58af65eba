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

/** A copy of the package's launcher and build output: enough for `slugline start`. Its cache
 *  names the repo's bundle, as a cache in a package npm installed names where it was built;
 *  `asIfMadeHere` rewrites that to the copy's path, as if the cache were made in place. */
function copyPackage(asIfMadeHere = false): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-pkg-'))
  for (const part of ['bin', 'dist', 'package.json']) fs.cpSync(path.join(repoRoot, part), path.join(root, part), { recursive: true })
  if (asIfMadeHere) {
    const cacheFile = path.join(root, 'dist', 'cli', 'main.cjs.cache')
    const data = fs.readFileSync(cacheFile)
    const end = data.indexOf(10)
    const header = data.toString('utf8', 0, end).replace(path.join(repoRoot, 'dist', 'cli', 'main.cjs'), path.join(root, 'dist', 'cli', 'main.cjs'))
    fs.writeFileSync(cacheFile, Buffer.concat([Buffer.from(header, 'utf8'), data.subarray(end)]))
  }
  return root
}

/** The first line of a stack trace that runs through the CLI's bundle. */
function cliFrame(log: string): string {
  const frame = /^\s+at .*\/dist\/cli\/main\.cjs:\d+:\d+\)?$/m.exec(log)
  assert.ok(frame, `no frame of the CLI bundle in:\n${log}`)
  return frame[0]
}

describe('the CLI code cache', () => {
  let app = ''
  const copies: string[] = []
  before(() => {
    app = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-cache-app-'))
    fs.mkdirSync(path.join(app, 'pages', 'api', 'items'), { recursive: true })
    fs.writeFileSync(path.join(app, 'pages', 'api', 'items', '[id].ts'), `export default function handler(req: any, res: any) { res.status(200).json({ id: req.query.id }) }\n`)
    fs.writeFileSync(path.join(app, 'pages', 'api', 'boom.ts'), `export default function handler() { throw new Error('boom for a stack trace') }\n`)
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
      const root = copyPackage(true)
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

  it('is set aside when made for the bundle at another path: stack traces name the installed files', async () => {
    const root = copyPackage()
    copies.push(root)
    assert.equal(cacheOutcome(root), 'none')
    // No new cache during this test: a start makes one only after it has run a while.
    const server = await serve(app, { cli: path.join(root, 'bin', 'slugline.mjs'), env: { SLUGLINE_CODE_CACHE_DELAY_MS: '600000' } })
    try {
      assert.equal((await request(server.base, '/api/boom')).status, 500)
      await server.waitForLog('boom for a stack trace')
      const frame = cliFrame(server.log())
      assert.ok(frame.includes(path.join(root, 'dist', 'cli', 'main.cjs')), frame)
    } finally {
      await server.stop()
    }
  })

  it('is made again in place by a start that found none for its path, and the next start uses it', async () => {
    const root = copyPackage()
    copies.push(root)
    const cli = path.join(root, 'bin', 'slugline.mjs')
    const cacheFile = path.join(root, 'dist', 'cli', 'main.cjs.cache')
    const first = await serve(app, { cli, env: { SLUGLINE_CODE_CACHE_DELAY_MS: '300' } })
    try {
      assert.equal((await request(first.base, '/api/items/1')).status, 200)
      const deadline = Date.now() + 10_000
      while (!fs.readFileSync(cacheFile).subarray(0, 500).toString('utf8').includes(root)) {
        assert.ok(Date.now() < deadline, 'no new cache was written')
        await new Promise((r) => setTimeout(r, 50))
      }
    } finally {
      await first.stop()
    }
    assert.equal(cacheOutcome(root), 'used')
    assert.deepEqual(fs.readdirSync(path.dirname(cacheFile)).filter((f) => f.endsWith('.tmp')), [])
    const second = await serve(app, { cli })
    try {
      assert.equal((await request(second.base, '/api/boom')).status, 500)
      await second.waitForLog('boom for a stack trace')
      const frame = cliFrame(second.log())
      assert.ok(frame.includes(path.join(root, 'dist', 'cli', 'main.cjs')), frame)
    } finally {
      await second.stop()
    }
  })
})
