// Graceful shutdown of `slugline start`: on SIGTERM or SIGINT the server stops accepting
// connections at once, lets the request in flight finish, then exits with code 0 (what a
// container orchestrator or Ctrl-C expects).
import assert from 'node:assert/strict'
import fs from 'node:fs'
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
