// `slugline start --workers N`: N processes share the port, a worker that dies is replaced, and
// SIGTERM to the primary drains them all and exits 0.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { runCli, serve, type RunningServer } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'

async function pidsSeen(base: string, requests: number): Promise<Set<number>> {
  const pids = new Set<number>()
  for (let i = 0; i < requests; i++) {
    const r = await request(base, '/api/pid')
    assert.equal(r.status, 200)
    pids.add(r.json().pid)
  }
  return pids
}

describe('start --workers', () => {
  let dir = ''
  let server: RunningServer
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-workers-'))
    fs.mkdirSync(path.join(dir, 'pages', 'api'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'pages', 'api', 'pid.js'), 'export default (req, res) => res.json({ pid: process.pid })\n')
    assert.equal(runCli(['build', dir]).status, 0)
    server = await serve(dir, { args: ['--workers', '2'] })
    await server.waitForLog('(2 workers)')
  })
  after(async () => {
    await server?.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('serves from two worker processes, neither of them the primary', async () => {
    const pids = await pidsSeen(server.base, 20)
    assert.equal(pids.size, 2, `pids: ${[...pids]}`)
    assert.ok(!pids.has(server.child.pid!))
  })

  it('replaces a worker that dies and keeps answering', async () => {
    const [victim] = await pidsSeen(server.base, 4)
    process.kill(victim, 'SIGKILL')
    // Give the primary a moment to see the exit: a connection handed to the worker as it
    // dies is lost with it.
    await new Promise((r) => setTimeout(r, 300))
    const deadline = Date.now() + 15_000
    let pids = new Set<number>()
    while (Date.now() < deadline) {
      pids = await pidsSeen(server.base, 6).catch(() => new Set<number>())
      if (pids.size === 2 && !pids.has(victim)) break
      await new Promise((r) => setTimeout(r, 100))
    }
    assert.equal(pids.size, 2, `pids: ${[...pids]}`)
    assert.ok(!pids.has(victim))
  })

  it('exits 0 on SIGTERM', async () => {
    assert.equal(await server.stop('SIGTERM'), 0)
  })
})
