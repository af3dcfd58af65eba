// Graceful shutdown of `slugline start`: on SIGTERM or SIGINT the server stops accepting
// connections at once, lets the requests in flight finish (each the last on its connection),
// closes idle keep-alive connections, then exits with code 0 (what a container orchestrator
// or Ctrl-C expects) as soon as the last one is done.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { runCli, serve } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'

// Long enough that the signal is handled while the handler still waits, even on a busy machine.
const SLOW_MS = 600

const slowHandler = `export default async function handler(req: any, res: any) {
  console.log('slow request started')
  await new Promise((resolve) => setTimeout(resolve, ${SLOW_MS}))
  res.status(200).json({ finished: true })
}
`

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1', () => {
      sock.destroy()
      resolve(true)
    })
    sock.on('error', () => resolve(false))
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('slugline start: graceful shutdown', () => {
  let dir: string

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-stop-'))
    fs.mkdirSync(path.join(dir, 'pages', 'api'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'pages', 'api', 'slow.ts'), slowHandler)
    const r = runCli(['build', dir])
    assert.equal(r.status, 0, `build failed:\n${r.stdout}\n${r.stderr}`)
  })

  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal}: finishes the request in flight, refuses new connections, exits 0`, async () => {
      const server = await serve(dir)
      const inFlight = request(server.base, '/api/slow')
      await server.waitForLog('slow request started')
      const exited = server.stop(signal)
      let settled = false
      void inFlight.then(() => (settled = true), () => (settled = true))

      // The listening socket must close while the handler is still at work.
      const deadline = Date.now() + 3_000
      while (await connects(server.port)) {
        assert.ok(Date.now() < deadline, 'new connections are still accepted 3 s after the signal')
        await sleep(10)
      }
      assert.equal(settled, false, 'the request in flight had settled (answered or cut) before the listener closed')

      const res = await inFlight
      assert.equal(res.status, 200)
      assert.deepEqual(res.json(), { finished: true })

      assert.equal(await exited, 0, `exit code after ${signal}; log:\n${server.log()}`)
    })
  }
})

describe('slugline start: shutdown under keep-alive load', () => {
  let dir: string
  const ROUTE_MS = 300

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-stop-load-'))
    fs.mkdirSync(path.join(dir, 'pages', 'api'), { recursive: true })
    fs.writeFileSync(
      path.join(dir, 'pages', 'api', 'work.ts'),
      `export default async function handler(req: any, res: any) {
  await new Promise((resolve) => setTimeout(resolve, ${ROUTE_MS}))
  res.json({ done: true })
}
`,
    )
    const r = runCli(['build', dir])
    assert.equal(r.status, 0, `build failed:\n${r.stdout}\n${r.stderr}`)
  })

  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  for (const workers of [null, 2]) {
    it(`20 keep-alive clients, SIGTERM mid-request${workers ? `, --workers ${workers}` : ''}: every request in flight answered, none reset, exit at once`, async () => {
      const server = await serve(dir, { args: workers ? ['--workers', String(workers)] : [] })
      if (workers) await server.waitForLog('Slugline ready')
      const agent = new http.Agent({ keepAlive: true, maxSockets: 20 })
      const outcomes = { ok: 0, closeHeader: 0, refused: 0, reset: 0, other: [] as string[] }
      let signalledAt = 0
      const once = () =>
        new Promise<void>((resolve) => {
          const req = http.get(`${server.base}/api/work`, { agent }, (res) => {
            res.resume()
            res.on('end', () => {
              if (res.statusCode === 200) outcomes.ok++
              if (res.headers.connection === 'close') outcomes.closeHeader++
              resolve()
            })
          })
          req.on('error', (err: NodeJS.ErrnoException) => {
            if (err.code === 'ECONNREFUSED') outcomes.refused++
            else if (err.code === 'ECONNRESET' || err.message.includes('socket hang up')) outcomes.reset++
            else outcomes.other.push(err.message)
            resolve()
          })
        })
      // Each client sends requests back to back until its request is refused.
      const clients = Array.from({ length: 20 }, async () => {
        for (let i = 0; i < 50; i++) {
          const before = outcomes.refused
          await once()
          if (outcomes.refused > before || outcomes.reset > 0) return
        }
      })
      await sleep(ROUTE_MS * 2 + 100)
      signalledAt = Date.now()
      const exited = server.stop('SIGTERM')
      await Promise.all(clients)
      const code = await exited
      const took = Date.now() - signalledAt
      agent.destroy()
      assert.equal(outcomes.reset, 0, `reset requests: ${JSON.stringify(outcomes)}\n${server.log()}`)
      assert.deepEqual(outcomes.other, [])
      assert.ok(outcomes.closeHeader >= 1, `the requests in flight at the signal were told Connection: close: ${JSON.stringify(outcomes)}`)
      assert.ok(outcomes.ok >= 40, `requests answered: ${JSON.stringify(outcomes)}`)
      assert.equal(code, 0)
      assert.ok(took < ROUTE_MS + 1_500, `exited ${took} ms after the signal; the grace period is 10 s`)
    })
  }
})
