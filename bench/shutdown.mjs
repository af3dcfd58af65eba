#!/usr/bin/env node
// Requests lost when `slugline start` stops or restarts under load (issue 12, items 5 and 6).
// Keep-alive clients on 127.0.0.1 send requests back to back to a route that takes 100 ms (so
// there are always requests in flight), and in the middle of it:
//   SIGTERM              to a single process, and to the primary of `--workers 2`: every request
//                        sent before the listener closed must be answered; after it, a client
//                        gets ECONNREFUSED on a new connection and stops (that request was never
//                        accepted, so it is not lost: a load balancer retries it elsewhere)
//   SIGHUP (--workers 2) a rolling restart: every worker replaced one at a time while the load
//                        runs; no request may fail at all
// Counted per round: answered, reset (ECONNRESET or a socket hang-up: a request the server
// accepted and dropped), refused, other errors, non-200 answers.
//   node bench/shutdown.mjs [--rounds 3] [--clients 20] [--json]
//   SHUTDOWN_ONLY=workers: only SIGTERM with --workers 2; SHUTDOWN_VERBOSE=1: print the server's
//   log for a round with a reset
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { cliPath } from './lib/app.mjs'
import { machine } from './lib/proc.mjs'
import { freePort } from './lib/server.mjs'
import { arg, has, table } from './lib/stats.mjs'

const rounds = Number(arg('--rounds', '3'))
const clients = Number(arg('--clients', '20'))
const ROUTE_MS = 100
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

function createApp() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-bench-shutdown-'))
  fs.mkdirSync(path.join(dir, 'pages/api'), { recursive: true })
  fs.writeFileSync(
    path.join(dir, 'pages/api/work.ts'),
    `export default async function handler(req: any, res: any) {\n  await new Promise((r) => setTimeout(r, ${ROUTE_MS}))\n  res.status(200).json({ pid: process.pid })\n}\n`,
  )
  fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n')
  const r = spawnSync(process.execPath, [cliPath, 'build', dir], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`)
  return dir
}

async function start(dir, workers) {
  const port = await freePort()
  const args = [cliPath, 'start', dir, '--port', String(port), ...(workers ? ['--workers', String(workers)] : [])]
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)))
  for (const end = Date.now() + 20_000; !out.includes('Slugline ready'); await sleep(10)) {
    if (Date.now() > end || child.exitCode !== null) throw new Error(`server did not start:\n${out}`)
  }
  return { base: `http://127.0.0.1:${port}`, child, exited, out: () => out }
}

/** Keep-alive clients sending back to back until `stopWhen()` or their request is refused. */
function load(base, stopWhen) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients })
  const c = { ok: 0, reset: 0, refused: 0, other: 0, non200: 0, pids: new Set() }
  const once = () =>
    new Promise((resolve) => {
      const req = http.get(`${base}/api/work`, { agent }, (res) => {
        let body = ''
        res.on('data', (d) => (body += d))
        res.on('end', () => {
          if (res.statusCode === 200) {
            c.ok++
            c.pids.add(JSON.parse(body).pid)
          } else c.non200++
          resolve('ok')
        })
      })
      req.on('error', (err) => {
        if (err.code === 'ECONNREFUSED') c.refused++
        else if (err.code === 'ECONNRESET' || err.message.includes('socket hang up')) c.reset++
        else c.other++
        resolve(err.code === 'ECONNREFUSED' ? 'refused' : 'error')
      })
    })
  const running = Array.from({ length: clients }, async () => {
    while (!stopWhen()) if ((await once()) === 'refused') return
  })
  return { counts: c, done: Promise.all(running).then(() => agent.destroy()) }
}

async function sigterm(dir, workers) {
  const s = await start(dir, workers)
  let stopped = false
  const l = load(s.base, () => stopped)
  await sleep(1_000)
  const t0 = performance.now()
  s.child.kill('SIGTERM')
  const code = await s.exited
  const exitMs = performance.now() - t0
  stopped = true
  await l.done
  if (process.env.SHUTDOWN_VERBOSE && l.counts.reset > 0) console.error(s.out())
  return { ...l.counts, exitCode: code, exitMs }
}

async function rolling(dir) {
  const s = await start(dir, 2)
  let stopped = false
  const l = load(s.base, () => stopped)
  await sleep(1_000)
  const before = new Set(l.counts.pids)
  s.child.kill('SIGHUP')
  for (const end = Date.now() + 20_000; !s.out().includes('Rolling restart done'); await sleep(20)) {
    if (Date.now() > end) throw new Error(`no rolling restart:\n${s.out()}`)
  }
  await sleep(500)
  stopped = true
  await l.done
  const after = [...l.counts.pids].filter((p) => !before.has(p)).length
  s.child.kill('SIGTERM')
  const code = await s.exited
  return { ...l.counts, newWorkers: after, exitCode: code }
}

const m = machine()
const dir = createApp()
const rows = []
const results = []
try {
  for (let r = 0; r < rounds; r++) {
    for (const [name, run] of (process.env.SHUTDOWN_ONLY === 'workers' ? [['SIGTERM, --workers 2', () => sigterm(dir, 2)]] : [
      ['SIGTERM, one process', () => sigterm(dir, null)],
      ['SIGTERM, --workers 2', () => sigterm(dir, 2)],
      ['SIGHUP rolling restart, --workers 2', () => rolling(dir)],
    ])) {
      const c = await run()
      results.push({ name, round: r + 1, ...c, pids: c.pids.size })
      rows.push([name, String(r + 1), String(c.ok), String(c.reset), String(c.refused), String(c.other + c.non200), c.exitMs ? `${Math.round(c.exitMs)} ms` : `${c.newWorkers} new workers served`, String(c.exitCode)])
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
if (has('--json')) console.log(JSON.stringify({ machine: m, results }, null, 2))
else {
  console.log(`${m.date}, ${m.model} x${m.cores}, Node ${m.node}; ${clients} keep-alive clients, a ${ROUTE_MS} ms route, load average ${os.loadavg()[0].toFixed(1)}\n`)
  console.log(table(['scenario', 'round', 'answered', 'reset', 'refused (after close)', 'other errors / non-200', 'exit after signal', 'exit code'], rows))
  const lost = results.reduce((s, r) => s + r.reset + r.other + r.non200, 0)
  console.log(`\nrequests reset or failed, all rounds: ${lost} (target 0: ${lost === 0 ? 'met' : 'MISSED'})`)
}
