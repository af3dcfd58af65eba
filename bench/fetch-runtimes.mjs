#!/usr/bin/env node
// Slugline's fetch adapter on Bun and Deno against the same runtime's bare handler: per
// runtime, Bun.serve / Deno.serve with createFetchHandler over the bench app (bench/lib/app.mjs,
// 100 routes; bench/servers/fetch-slugline.mjs) beside the same server with a hand-written
// fetch handler doing the same work (bench/servers/fetch-raw.mjs), all in one run.
//
// CPU per request as bench/http.mjs and bench/targets.mjs measure it: each server pinned to
// core 0, autocannon -c 10 -p 10 on core 1, the server's CPU (every thread) from /proc over a
// fixed number of requests after a warm-up; every server started afresh each round, in a new
// order; lower quartile over the rounds (contention only adds). Cold start: spawn to the first
// 200 from /api/r0/x.
//
//   node bench/fetch-runtimes.mjs [--rounds 5] [--cold-rounds 11] [--requests 10000] [--warmup 10000]
//                                 [--only cold|cpu] [--json]
import os from 'node:os'
import path from 'node:path'
import { createBenchApp, jsonBody1k, removeApp, repoRoot } from './lib/app.mjs'
import { measure, warm } from './lib/load.mjs'
import { canPin, machine, pinSelf } from './lib/proc.mjs'
import { serversDir, startServer } from './lib/server.mjs'
import { arg, fmt, has, median, quantile, table } from './lib/stats.mjs'

const ROUTES = 100
const rounds = Number(arg('--rounds', '5'))
const coldRounds = Number(arg('--cold-rounds', '11'))
const only = arg('--only', null)
const amount = Number(arg('--requests', '10000'))
const warmup = Number(arg('--warmup', '10000'))
const log = (...a) => console.error(...a)

const CASES = [
  { id: 'dynamic', request: { path: '/api/r42/abc123' } },
  { id: 'post', request: { path: '/api/echo', method: 'POST', body: jsonBody1k(), headers: { 'content-type': 'application/json' } } },
  { id: 'app', request: { path: '/items/abc123' } },
]

const bin = (name) => path.join(repoRoot, 'node_modules', '.bin', name)
const RUNTIMES = [
  { runtime: 'bun', run: (script) => [bin('bun'), [script]] },
  { runtime: 'deno', run: (script) => [bin('deno'), ['run', '-A', script]] },
]

function servers(dir) {
  return RUNTIMES.flatMap(({ runtime, run }) => [
    { runtime, name: `${runtime} bare`, bare: true, command: run(path.join(serversDir, 'fetch-raw.mjs')), flags: [] },
    { runtime, name: `${runtime} + createFetchHandler`, bare: false, command: run(path.join(serversDir, 'fetch-slugline.mjs')), flags: ['--dir', dir] },
  ])
}

const rotated = (list, r) => list.map((_, i) => list[(i + r) % list.length])
const start = (s, readyPath, extra = {}) => startServer('command', { command: s.command, routes: ROUTES, flags: s.flags, readyPath, core: canPin ? 0 : undefined, ...extra })

async function coldStarts(list) {
  const seen = new Map(list.map((s) => [s.name, []]))
  for (let r = 0; r < coldRounds; r++) {
    for (const s of rotated(list, r)) {
      const started = await start(s, '/api/r0/x', { pollMs: 2 })
      await started.stop()
      seen.get(s.name).push(started.startMs)
    }
  }
  return list.map((s) => ({ runtime: s.runtime, server: s.name, bare: s.bare, p25: quantile(seen.get(s.name), 0.25), ms: median(seen.get(s.name)) }))
}

async function cpuPerRequest(list) {
  const seen = new Map()
  for (let r = 0; r < rounds; r++) {
    log(`fetch-runtimes: CPU round ${r + 1}/${rounds}`)
    const running = []
    for (const s of list) running.push({ s, server: await start(s, '/api/health') })
    try {
      for (const c of CASES) {
        for (const { s, server } of rotated(running, r)) {
          if (r === 0) await warm(server, c.request, warmup)
          const m = await measure(server, c.request, amount)
          const key = `${c.id}\0${s.name}`
          if (!seen.has(key)) seen.set(key, [])
          seen.get(key).push(m)
        }
      }
    } finally {
      for (const { server } of running) await server.stop()
    }
  }
  const rows = []
  for (const c of CASES) {
    for (const s of list) {
      const bare = list.find((b) => b.runtime === s.runtime && b.bare)
      const base = quantile(seen.get(`${c.id}\0${bare.name}`).map((m) => m.cpuUs), 0.25)
      const ms = seen.get(`${c.id}\0${s.name}`)
      const p25 = quantile(ms.map((m) => m.cpuUs), 0.25)
      rows.push({ case: c.id, server: s.name, cpuUs: p25, efficiency: base / p25, medianUs: median(ms.map((m) => m.cpuUs)), rps: median(ms.map((m) => m.rps)) })
    }
  }
  return rows
}

export function formatFetchRuntimes({ machine: m, versions, load, cold, cpu }) {
  const out = [`Machine: ${m.model}, ${m.cores} cores; ${versions}; ${m.date}; Slugline ${m.commit}; load average at start ${load}`]
  if (cold) {
    out.push(
      '',
      `### Cold start: spawn to first 200 from /api/r0/x (${coldRounds} rounds)`,
      '',
      table(
        ['server', 'ms (p25)', 'Δ ms vs bare (p25)', 'ms (median)'],
        cold.map((x) => [x.server, fmt(x.p25, 0), fmt(x.p25 - cold.find((b) => b.runtime === x.runtime && b.bare).p25, 0), fmt(x.ms, 0)]),
      ),
    )
  }
  if (cpu) {
    out.push(
      '',
      `### CPU per request (${rounds} rounds of ${amount.toLocaleString('en-US')} requests; lower quartile over the rounds; efficiency = bare / server, same runtime)`,
      '',
      table(
        ['case', 'server', 'CPU µs/req (p25)', 'efficiency', 'CPU µs/req (median)', 'req/s (median)'],
        cpu.map((x) => [x.case, x.server, fmt(x.cpuUs, 2), fmt(x.efficiency, 2), fmt(x.medianUs, 2), fmt(x.rps, 0)]),
      ),
    )
  }
  return out.join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  pinSelf(1)
  const { spawnSync } = await import('node:child_process')
  const version = (b, args) => spawnSync(bin(b), args, { encoding: 'utf8' }).stdout.split('\n')[0].trim()
  const versions = `Bun ${version('bun', ['--version'])}; ${version('deno', ['--version'])}`
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ')
  const dir = createBenchApp(ROUTES)
  try {
    const list = servers(dir)
    log('fetch-runtimes: cold start')
    const cold = only === 'cpu' ? null : await coldStarts(list)
    const cpu = only === 'cold' ? null : await cpuPerRequest(list)
    const result = { machine: machine(repoRoot), versions, load, cold, cpu }
    console.log(has('--json') ? JSON.stringify(result) : formatFetchRuntimes(result))
  } finally {
    removeApp(dir)
  }
}
