#!/usr/bin/env node
// `slugline dev`: how fast it starts, how fast an edit is live, and whether memory stays flat.
// The real CLI on a generated app of 100 routes (each importing lib/value.ts), files written
// the way an editor saves them (fs.writeFileSync), answers polled over HTTP:
//   start-up      spawn to the first 200 of /api/r0/x (that route compiled on demand), and the
//                 CPU the dev process and esbuild used by then; `slugline start` on the same app
//                 (built), in alternate rounds, for reference on a machine that may be busy
//   reload        after writing a handler (or lib/value.ts), until a request shows the new code
//   stale window  requests sent right after the write that still saw the old code
//   memory        heap after a forced GC (the app's /api/mem route calls gc()), after 200 and
//                 1,000 reloads, against the heap after a warm-up of 20 reloads
//   node bench/dev-reload.mjs [--rounds 7] [--reloads 100] [--memory 1000] [--json]
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { cliPath, repoRoot } from './lib/app.mjs'
import { cpuNs, machine } from './lib/proc.mjs'
import { freePort } from './lib/server.mjs'
import { arg, fmt, has, median, table } from './lib/stats.mjs'

const ROUTES = 100
const rounds = Number(arg('--rounds', '7'))
const reloads = Number(arg('--reloads', '100'))
const memoryReloads = Number(arg('--memory', '1000'))
const log = (...a) => console.error(...a)

const route = (i, version) => `import type { NextApiRequest, NextApiResponse } from 'next'
import { value } from '../../../lib/value'

export default function handler(req: NextApiRequest, res: NextApiResponse) {
  res.status(200).json({ route: ${i}, id: req.query.id, version: ${version}, value: value() })
}
`
const lib = (version) => `// A module every route imports.
export function value(): number {
  return ${version}
}
`
const MEM_ROUTE = `export default function handler(_req: any, res: any) {
  ;(globalThis as any).gc()
  res.status(200).json(process.memoryUsage())
}
`

function write(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
}

function createApp() {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-dev-bench-')))
  for (let i = 0; i < ROUTES; i++) write(path.join(dir, 'pages/api', `r${i}`, '[id].ts'), route(i, 0))
  write(path.join(dir, 'lib/value.ts'), lib(0))
  write(path.join(dir, 'pages/api/mem.ts'), MEM_ROUTE)
  return dir
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })

function get(base, urlPath) {
  return new Promise((resolve, reject) => {
    const req = http.get(base + urlPath, { agent }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d) => (body += d))
      res.on('end', () => resolve({ status: res.statusCode, body }))
    })
    req.on('error', reject)
  })
}

async function startServer(dir, mode = 'dev') {
  const port = await freePort()
  const started = performance.now()
  const child = spawn(process.execPath, ['--expose-gc', cliPath, mode, dir, '--port', String(port), '--host', '127.0.0.1'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`slugline ${mode} exited:\n${out}`)
    if (Date.now() > deadline) throw new Error(`slugline ${mode} did not answer:\n${out}`)
    const r = await get(base, '/api/r0/x').catch(() => null)
    if (r?.status === 200) break
    await new Promise((r) => setTimeout(r, 2))
  }
  const startMs = performance.now() - started
  return {
    base,
    startMs,
    startCpuMs: cpuNs(child.pid) / 1e6,
    output: () => out,
    stop: () => new Promise((resolve) => {
      child.once('exit', resolve)
      child.kill('SIGTERM')
    }),
  }
}

/** Writes, then polls until the answer carries `version`; returns ms and whether the very first
 *  request after the write was already new. */
async function reloadOnce(server, file, text, urlPath, version) {
  write(file, text)
  const t0 = performance.now()
  let first = true
  let firstFresh = false
  for (;;) {
    const r = await get(server.base, urlPath)
    const fresh = r.status === 200 && r.body.includes(`"version":${version}`)
    if (first) firstFresh = fresh
    first = false
    if (fresh) return { ms: performance.now() - t0, firstFresh }
    if (r.status !== 200) throw new Error(`${urlPath} answered ${r.status}: ${r.body}`)
    if (performance.now() - t0 > 10_000) throw new Error(`${urlPath} never showed version ${version}`)
  }
}

let version = 0
function handlerEdit(server, dir) {
  version++
  return reloadOnce(server, path.join(dir, 'pages/api/r0/[id].ts'), route(0, version), '/api/r0/x', version)
}
function libEdit(server, dir) {
  version++
  // Route 1 answers the lib's value as its version (see main).
  return reloadOnce(server, path.join(dir, 'lib/value.ts'), lib(version), '/api/r1/x', version)
}

async function heap(server) {
  const r = await get(server.base, '/api/mem')
  return JSON.parse(r.body)
}

const mb = (bytes) => bytes / 1024 / 1024

async function main() {
  const m = machine()
  const host = `${m.model} x${m.cores}, Node ${m.node}, ${os.platform()} ${os.release()}`
  log(`machine: ${host}`)
  const load = () => os.loadavg()[0]
  const dir = createApp()
  try {
    // Route 1 reports the lib's value as its version, so a lib edit is visible on its own.
    write(path.join(dir, 'pages/api/r1/[id].ts'), route(1, 0).replace('version: 0', 'version: value()'))

    log(`start-up: ${rounds} rounds, dev and start alternating`)
    const built = spawnSync(process.execPath, [cliPath, 'build', dir], { encoding: 'utf8' })
    if (built.status !== 0) throw new Error(`build failed:\n${built.stderr}`)
    const loadBefore = load()
    const starts = []
    const startCpu = []
    const prodStarts = []
    for (let r = 0; r < rounds; r++) {
      const s = await startServer(dir, 'dev')
      starts.push(s.startMs)
      startCpu.push(s.startCpuMs)
      await s.stop()
      const p = await startServer(dir, 'start')
      prodStarts.push(p.startMs)
      await p.stop()
    }
    const loadDuring = Math.max(loadBefore, load())

    const server = await startServer(dir)
    log(`reloads: ${reloads} handler edits, ${reloads} lib edits`)
    await get(server.base, '/api/r1/x')
    const handler = []
    const libs = []
    for (let i = 0; i < reloads; i++) {
      handler.push(await handlerEdit(server, dir))
      libs.push(await libEdit(server, dir))
    }

    log(`memory: ${memoryReloads} reloads`)
    for (let i = 0; i < 10; i++) {
      await handlerEdit(server, dir)
      await libEdit(server, dir)
    }
    const base = await heap(server)
    const samples = [{ reloads: 0, ...base }]
    for (let i = 1; i <= memoryReloads; i++) {
      await (i % 2 ? handlerEdit(server, dir) : libEdit(server, dir))
      if (i % 100 === 0 || i === 200) samples.push({ reloads: i, ...(await heap(server)) })
    }
    await server.stop()

    const stale = [...handler, ...libs].filter((r) => !r.firstFresh).length
    const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]
    const hms = handler.map((r) => r.ms)
    const lms = libs.map((r) => r.ms)
    const at = (n) => samples.find((s) => s.reloads === n)
    const growth = (n) => mb(at(n).heapUsed - base.heapUsed)
    // The trend: heap growth per 100 reloads over the second half of the run.
    const half = samples.filter((s) => s.reloads >= memoryReloads / 2)
    const slope = half.length > 1 ? mb(half[half.length - 1].heapUsed - half[0].heapUsed) / ((half[half.length - 1].reloads - half[0].reloads) / 100) : NaN

    const rows = [
      ['start-up, spawn to first answer (100 routes)', `${fmt(median(starts), 0)} ms`, `min ${fmt(Math.min(...starts), 0)} / max ${fmt(Math.max(...starts), 0)} ms`, '< 300 ms'],
      ['  CPU used by then (node + esbuild)', `${fmt(median(startCpu), 0)} ms`, '', ''],
      ['  `slugline start`, same app, same rounds', `${fmt(median(prodStarts), 0)} ms`, `min ${fmt(Math.min(...prodStarts), 0)} ms`, ''],
      ['reload after a handler edit', `${fmt(median(hms))} ms`, `p90 ${fmt(q(hms, 0.9))} ms`, '< 10 ms median'],
      ['reload after a lib edit', `${fmt(median(lms))} ms`, `p90 ${fmt(q(lms, 0.9))} ms`, '< 10 ms median'],
      ['first request after the write saw old code', `${stale} / ${handler.length + libs.length}`, '', ''],
      ['heap growth after 200 reloads', `${fmt(growth(200), 2)} MB`, `heap ${fmt(mb(at(200).heapUsed))} MB, rss ${fmt(mb(at(200).rss))} MB`, '< 10 MB'],
      [`heap growth after ${memoryReloads} reloads`, `${fmt(growth(memoryReloads), 2)} MB`, `rss ${fmt(mb(at(memoryReloads).rss))} MB`, 'no trend'],
      [`heap trend, reloads ${memoryReloads / 2}-${memoryReloads}`, `${fmt(slope, 3)} MB / 100 reloads`, '', '~0'],
    ]
    const result = { machine: host, date: new Date().toISOString(), loadAverage: loadDuring, starts, startCpu, prodStarts, handler: hms, lib: lms, stale, samples }
    if (has('--json')) console.log(JSON.stringify(result, null, 2))
    else {
      console.log(`slugline dev, ${m.date}, ${host}, load average ${fmt(loadDuring, 2)} during start-up\n`)
      console.log(table(['measure', 'median / value', 'spread', 'target'], rows))
      console.log(`\nheap after forced GC (MB), by reloads: ${samples.map((s) => `${s.reloads}: ${fmt(mb(s.heapUsed))}`).join(', ')}`)
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
    agent.destroy()
  }
}

await main()
