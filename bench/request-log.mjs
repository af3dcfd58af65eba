#!/usr/bin/env node
// What `slugline start --log` costs: CPU per request with the request log off, as text and as
// JSON (pino-http fields), measured as bench/http.mjs does (server on core 0, autocannon -c 10
// -p 10 on core 1, the server's CPU from /proc over a fixed number of requests, lower quartiles
// over interleaved rounds, every server started afresh each round and warmed up), with the
// hand-written node:http server as the baseline of the same run. The log goes to a pipe that
// this process reads, as a container runtime or a log shipper reads a server's stdout. Each
// server runs as two identical processes, pooled (bench/http.mjs says why: one process can run
// dearer than its twin for its whole life).
// Then the same three modes in one process that switches between them (lib/request-log-server.ts),
// A/B in quick succession: the figure that the noise between processes cannot swamp. And the
// log path's own CPU per request measured alone (lib/request-log-cost.ts), as a share of the
// server's CPU per request: the figure a busy machine cannot swamp at all.
//   node bench/request-log.mjs [--rounds 5] [--requests 10000] [--warmup 10000] [--only-switched] [--json]
import { spawn, spawnSync } from 'node:child_process'
import path from 'node:path'
import { createBenchApp, removeApp, repoRoot } from './lib/app.mjs'
import { measure, warm } from './lib/load.mjs'
import { canPin, pinned, pinSelf } from './lib/proc.mjs'
import { freePort, get, startServer, stopChild } from './lib/server.mjs'
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

/** Part two: one process serving all three modes in turn (lib/request-log-server.ts). */
async function startSwitchable(dir) {
  const port = await freePort()
  const args = ['--import', 'tsx', path.join(repoRoot, 'bench/lib/request-log-server.ts'), dir, '--port', String(port)]
  const [cmd, pargs] = canPin ? pinned(0, process.execPath, args) : [process.execPath, args]
  const child = spawn(cmd, pargs, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } })
  let lines = 0
  child.stdout.on('data', (d) => (lines += d.toString().split('\n').length - 1))
  const base = `http://127.0.0.1:${port}`
  for (;;) {
    try {
      if ((await get(base + '/api/health')).status === 200) break
    } catch {}
    await new Promise((r) => setTimeout(r, 20))
  }
  return { kind: 'switchable', pid: child.pid, base, lines: () => lines, stop: () => stopChild(child) }
}

export async function runSwitchedBench(dir) {
  const samples = new Map() // `${case}|${mode}` -> cpuUs[]
  const servers = [await startSwitchable(dir), await startSwitchable(dir)]
  try {
    for (const s of servers) for (const c of CASES) await warm(s, c.request, warmup)
    for (let r = 0; r < rounds * 2; r++) {
      log(`request-log, one process: round ${r + 1}/${rounds * 2}`)
      for (const c of CASES) {
        for (const s of servers) {
          const modes = r % 3 === 0 ? ['off', 'text', 'json'] : r % 3 === 1 ? ['json', 'off', 'text'] : ['text', 'json', 'off']
          for (const mode of r % 2 ? modes.reverse() : modes) {
            await get(`${s.base}/__log/${mode}`)
            const x = await measure(s, c.request, amount)
            const key = `${c.id}|${mode}`
            ;(samples.get(key) ?? samples.set(key, []).get(key)).push(x.cpuUs)
          }
        }
      }
    }
    if (servers.some((s) => s.lines() < amount)) throw new Error('the switchable servers did not log')
  } finally {
    await Promise.all(servers.map((s) => s.stop()))
  }
  return CASES.map((c) => {
    const stat = (mode) => ({ p25: quantile(samples.get(`${c.id}|${mode}`), 0.25), median: median(samples.get(`${c.id}|${mode}`)) })
    const off = stat('off')
    return { id: c.id, rows: ['off', 'text', 'json'].map((mode) => ({ mode, ...stat(mode), overOff: stat(mode).p25 / off.p25 - 1, overOffMedian: stat(mode).median / off.median - 1 })) }
  })
}

/** Part three: the log path's own cost per request (lib/request-log-cost.ts). */
function runCostBench() {
  const args = ['--import', 'tsx', path.join(repoRoot, 'bench/lib/request-log-cost.ts')]
  const [cmd, pargs] = canPin ? pinned(0, process.execPath, args) : [process.execPath, args]
  const r = spawnSync(cmd, pargs, { cwd: repoRoot, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`request-log-cost failed:\n${r.stderr}`)
  return JSON.parse(r.stdout)
}

export async function runRequestLogBench() {
  if (!pinSelf(1)) log('warning: taskset or a second core is missing; running unpinned, figures are not comparable')
  const dir = createBenchApp(100)
  const samples = new Map() // `${case}|${server}` -> cpuUs[]
  let lines = 0
  let switched = []
  let cost = null
  try {
    for (let r = 0; r < (has('--only-switched') ? 0 : rounds); r++) {
      log(`request-log: round ${r + 1}/${rounds}`)
      const twice = SERVERS.flatMap((spec) => [spec, spec])
      const order = r % 2 ? twice.reverse() : twice
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
    switched = await runSwitchedBench(dir)
    log('request-log: the log path alone')
    cost = runCostBench()
  } finally {
    removeApp(dir)
  }
  if (!has('--only-switched') && lines < amount) throw new Error(`the logging servers wrote only ${lines} lines`)
  return {
    rounds,
    requests: amount,
    switched,
    cost,
    cases: CASES.map((c) => {
      const p25 = (name) => quantile(samples.get(`${c.id}|${name}`) ?? [], 0.25)
      const base = p25('node:http')
      const off = p25('slugline, log off')
      return {
        id: c.id,
        rows: SERVERS.map((spec) => ({
          server: spec.name,
          cpuUs: p25(spec.name),
          cpuUsMedian: median(samples.get(`${c.id}|${spec.name}`) ?? []),
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
  const pct = (x) => `${x >= 0 ? '+' : ''}${fmt(x * 100, 1)}%`
  const switchedRows = result.switched.flatMap((c) => c.rows.map((r) => [c.id, r.mode, fmt(r.p25, 2), fmt(r.median, 2), r.mode === 'off' ? '' : pct(r.overOff), r.mode === 'off' ? '' : pct(r.overOffMedian)]))
  return [
    'Separate processes (`slugline start`, `--log`, `--log json`, two processes each):',
    '',
    table(['case', 'server', 'CPU µs/req (p25)', 'CPU µs/req (median)', 'efficiency', 'CPU against log off'], rows),
    '',
    'One process switching between the modes (bench/lib/request-log-server.ts, two processes):',
    '',
    table(['case', 'log', 'CPU µs/req (p25)', 'CPU µs/req (median)', 'against off (p25)', 'against off (median)'], switchedRows),
    '',
    'The log path alone (bench/lib/request-log-cost.ts, minimum CPU over repetitions), against slugline\'s own CPU per request above (log off, p25):',
    '',
    table(
      ['case', 'log', 'added ns/req', 'share of a request'],
      result.switched.flatMap((c) => {
        const off = c.rows.find((r) => r.mode === 'off').p25 * 1000
        return ['text', 'json'].map((mode) => {
          const added = result.cost[mode] - result.cost.off
          return [c.id, mode, fmt(added, 0), `+${fmt((added / off) * 100, 1)}%`]
        })
      }),
    ),
  ].join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runRequestLogBench()
  if (has('--json')) console.log(JSON.stringify(result))
  else console.log(formatRequestLog(result))
}
