// `slugline start --workers N`: N processes share the port, a worker that dies is replaced,
// SIGHUP replaces every worker one at a time without a failed request, and SIGTERM to the
// primary drains them all and exits 0.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import http from 'node:http'
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

  it('SIGHUP: a rolling restart replaces every worker under keep-alive load, no request fails', async () => {
    const before = await pidsSeen(server.base, 10)
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 })
    const failures: string[] = []
    const seen = new Set<number>()
    let stop = false
    let answered = 0
    const client = async () => {
      while (!stop) {
        await new Promise<void>((resolve) => {
          const req = http.get(`${server.base}/api/pid`, { agent }, (res) => {
            let body = ''
            res.on('data', (d) => (body += d))
            res.on('end', () => {
              if (res.statusCode === 200) {
                answered++
                seen.add(JSON.parse(body).pid)
              } else failures.push(`status ${res.statusCode}`)
              resolve()
            })
          })
          req.on('error', (err) => {
            failures.push(err.message)
            resolve()
          })
        })
      }
    }
    const clients = Array.from({ length: 8 }, client)
    await new Promise((r) => setTimeout(r, 200))
    process.kill(server.child.pid!, 'SIGHUP')
    await server.waitForLog('Rolling restart done.', 30_000)
    await new Promise((r) => setTimeout(r, 200))
    stop = true
    await Promise.all(clients)
    agent.destroy()
    assert.deepEqual(failures, [], `${answered} answered`)
    const after = await pidsSeen(server.base, 10)
    assert.equal(after.size, 2, `pids after: ${[...after]}`)
    for (const pid of after) assert.ok(!before.has(pid), `worker ${pid} was not replaced`)
    assert.ok(answered > 50, `${answered} requests answered during the restart`)
  })

  it('SIGTERM to one worker: it is taken out of the rotation, finishes, and is replaced', async () => {
    const [victim] = await pidsSeen(server.base, 4)
    process.kill(victim!, 'SIGTERM')
    await server.waitForLog(`Worker ${victim} exited with code 0; starting a replacement`)
    const deadline = Date.now() + 15_000
    let pids = new Set<number>()
    while (Date.now() < deadline) {
      pids = await pidsSeen(server.base, 6)
      if (pids.size === 2) break
      await new Promise((r) => setTimeout(r, 100))
    }
    assert.equal(pids.size, 2, `pids: ${[...pids]}`)
    assert.ok(!pids.has(victim!))
  })

  it('a port in use: one line from the primary, exit 1, no worker started', () => {
    const r = runCli(['start', dir, '--port', String(server.port), '--workers', '2'])
    assert.equal(r.status, 1)
    assert.equal(r.stderr, `Error: Port ${server.port} is in use on 127.0.0.1: pass --port <n> for another one (or stop what is listening there).\n`)
    assert.doesNotMatch(r.stdout, /ready/)
  })

  it('exits 0 on SIGTERM', async () => {
    assert.equal(await server.stop('SIGTERM'), 0)
  })
})
