#!/usr/bin/env node
// `slugline start --workers N`: requests per second at 1 and 2 workers, several fixed-length
// rounds alternating between the two, medians reported. Nothing is pinned (the workers need
// both cores), so the load generator shares the two cores with them. Two routes:
//  - `work`: a handler spending ~0.2 ms of CPU per request. The load generator needs little
//    CPU per request here, so this shows whether throughput scales with worker processes.
//  - `dynamic`: the light JSON route. On a 2-core machine the load generator itself needs
//    about a core for it, so a second worker has no idle core to use: expect no gain (or a
//    loss) here; it needs more cores than this machine has to scale.
//   node bench/workers.mjs [--rounds 3] [--seconds 5] [--json]
import { createBenchApp, removeApp } from './lib/app.mjs'
import { throughput } from './lib/load.mjs'
import { cpuNs } from './lib/proc.mjs'
import { startServer } from './lib/server.mjs'
import { arg, fmt, has, median, table } from './lib/stats.mjs'

const rounds = Number(arg('--rounds', '3'))
const seconds = Number(arg('--seconds', '5'))
const COUNTS = [1, 2]
const ROUTES = [
  // Slow answers: a shallow queue (20 connections, no pipelining) still keeps both busy.
  { id: 'work', path: '/api/work', load: { connections: 20, pipelining: 1 } },
  { id: 'dynamic', path: '/api/r42/abc123' },
]

export async function runWorkersBench() {
  const dir = createBenchApp(100)
  const servers = []
  try {
    for (const n of COUNTS) {
      const s = await startServer('slugline', { dir, flags: ['--workers', String(n)], readyPath: '/api/health' })
      // Warm-up: JIT and every worker's module loads.
      for (const route of ROUTES) await throughput(s.base, route, 2, route.load)
      servers.push({ n, s })
    }
    const runs = new Map() // `${route}|${n}` -> [{ rps, p50, p99, cpuUs }]
    for (const route of ROUTES) {
      for (let r = 0; r < rounds; r++) {
        for (const { n, s } of r % 2 ? [...servers].reverse() : servers) {
          console.error(`workers: ${route.id}, ${n} worker(s), round ${r + 1}/${rounds}`)
          const before = cpuNs(s.pid)
          const t = await throughput(s.base, route, seconds, route.load)
          const cpu = cpuNs(s.pid) - before
          if (t.non2xx + t.errors > 0) throw new Error(`workers ${n}: ${t.non2xx} non-2xx, ${t.errors} errors`)
          const key = `${route.id}|${n}`
          if (!runs.has(key)) runs.set(key, [])
          runs.get(key).push({ ...t, cpuUs: cpu / 1000 / (t.rps * seconds) })
        }
      }
    }
    const rows = []
    for (const route of ROUTES) {
      for (const n of COUNTS) {
        const xs = runs.get(`${route.id}|${n}`)
        rows.push({
          route: route.id,
          workers: n,
          rps: median(xs.map((x) => x.rps)),
          p50: median(xs.map((x) => x.p50)),
          p99: median(xs.map((x) => x.p99)),
          cpuUs: median(xs.map((x) => x.cpuUs)),
        })
      }
    }
    const scaling = {}
    for (const route of ROUTES) {
      const [one, two] = COUNTS.map((n) => rows.find((x) => x.route === route.id && x.workers === n).rps)
      scaling[route.id] = two / one
    }
    return { rows, scaling }
  } finally {
    await Promise.all(servers.map(({ s }) => s.stop()))
    removeApp(dir)
  }
}

export function formatWorkers(r) {
  return (
    table(
      ['route', 'workers', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/req (all processes)'],
      r.rows.map((x) => [x.route, x.workers, fmt(x.rps, 0), fmt(x.p50, 0), fmt(x.p99, 0), fmt(x.cpuUs, 1)]),
    ) +
    '\n' +
    Object.entries(r.scaling)
      .map(([route, x]) => `${route}: 2 workers / 1 worker = ${fmt(x, 2)}x`)
      .join('\n')
  )
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runWorkersBench()
  if (has('--json')) console.log(JSON.stringify(r))
  else console.log(formatWorkers(r))
}
