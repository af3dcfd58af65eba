#!/usr/bin/env node
// What `slugline start --log` costs: CPU per request with the request log off, as text and as
// JSON (pino-http fields), measured as bench/http.mjs does (server on core 0, autocannon -c 10
// -p 10 on core 1, the server's CPU from /proc over a fixed number of requests, lower quartiles
// over interleaved rounds, every server started afresh each round and warmed up), with the
// hand-written node:http server as the baseline of the same run. The log goes to a pipe that
// this process reads, as a container runtime or a log shipper reads a server's stdout.
//   node bench/request-log.mjs [--rounds 5] [--requests 10000] [--warmup 10000] [--json]
import { createBenchApp, removeApp } from './lib/app.mjs'
import { measure, warm } from './lib/load.mjs'
import { canPin, pinSelf } from './lib/proc.mjs'
import { startServer } from './lib/server.mjs'
import { arg, fmt, has, median, quantile, table } from './lib/stats.mjs'

const rounds = Number(arg('--rounds', '5'))
const amount = Number(arg('--requests', '10000'))
const warmup = Number(arg('--warmup', '10000'))
const log = (...a) => console.error(...a)

const CASES = [
  { id: 'dynamic', request: { path: '/api/r42/abc123' } },
  { id: 'app', request: { path: '/items/abc123' } },
]
const SERVERS = [
  { name: 'node:http', kind: 'raw', flags: [] },
  { name: 'slugline, log off', kind: 'slugline', flags: [] },
  { name: 'slugline --log', kind: 'slugline', flags: ['--log'] },
  { name: 'slugline --log json', kind: 'slugline', flags: ['--log', 'json'] },
]

export async function runRequestLogBench() {
  if (!pinSelf(1)) log('warning: taskset or a second core is missing; running unpinned, figures are not comparable')
  const dir = createBenchApp(100)
  const samples = new Map() // `${case}|${server}` -> cpuUs[]
  let lines = 0
  try {
    for (let r = 0; r < rounds; r++) {
      log(`request-log: round ${r + 1}/${rounds}`)
      const order = r % 2 ? [...SERVERS].reverse() : SERVERS
      const running = []
      for (const spec of order) {
        const s = await startServer(spec.kind, { dir, routes: 100, flags: spec.flags, core: canPin ? 0 : undefined, readyPath: '/api/health' })
        s.spec = spec
        running.push(s)
      }
      try {
        for (const c of CASES) for (const s of running) await warm(s, c.request, warmup)
        for (const c of CASES) {
          for (const s of r % 2 ? [...running].reverse() : running) {
            const x = await measure(s, c.request, amount)
            const key = `${c.id}|${s.spec.name}`
            ;(samples.get(key) ?? samples.set(key, []).get(key)).push(x.cpuUs)
          }
        }
        // The logs really were written: one line per request.
        for (const s of running) if (s.spec.flags.includes('--log')) lines = Math.max(lines, s.log().split('\n').length)
      } finally {
        await Promise.all(running.map((s) => s.stop()))
      }
    }
  } finally {
    removeApp(dir)
  }
  if (lines < amount) throw new Error(`the logging servers wrote only ${lines} lines`)
  return {
    rounds,
    requests: amount,
    cases: CASES.map((c) => {
      const p25 = (name) => quantile(samples.get(`${c.id}|${name}`), 0.25)
      const base = p25('node:http')
      const off = p25('slugline, log off')
      return {
        id: c.id,
        rows: SERVERS.map((spec) => ({
          server: spec.name,
          cpuUs: p25(spec.name),
          cpuUsMedian: median(samples.get(`${c.id}|${spec.name}`)),
          efficiency: base / p25(spec.name),
          overOff: spec.kind === 'slugline' ? p25(spec.name) / off - 1 : null,
        })),
      }
    }),
  }
}

export function formatRequestLog(result) {
  const rows = []
  for (const c of result.cases) {
    for (const r of c.rows) rows.push([c.id, r.server, fmt(r.cpuUs, 2), fmt(r.cpuUsMedian, 2), fmt(r.efficiency, 2), r.overOff === null ? '' : `${r.overOff >= 0 ? '+' : ''}${fmt(r.overOff * 100, 1)}%`])
  }
  return table(['case', 'server', 'CPU µs/req (p25)', 'CPU µs/req (median)', 'efficiency', 'CPU against log off'], rows)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runRequestLogBench()
  if (has('--json')) console.log(JSON.stringify(result))
  else console.log(formatRequestLog(result))
}
