#!/usr/bin/env node
// The deploy targets against the same runtime's bare handler: `slugline build --target
// standalone` (node .slugline/standalone/server.mjs, copied away from the app) and `--target
// vercel` (the function's handler in a plain node:http server, as Vercel's Node launcher runs
// it: bench/servers/vercel-launcher.mjs), beside `slugline start` and the hand-written
// node:http server (bench/servers/raw.mjs) serving the same app (bench/lib/app.mjs, 100 routes).
//
// - Cold start: spawn to the first 200 from /api/r0/x (which loads that route's module), and
//   RSS then; each server on core 0, this poller on core 1; servers in a new order each round;
//   lower quartile and median over the rounds.
// - lambda and workers (bench/lib/serverless.mjs): `--target lambda`'s index.mjs against a
//   hand-written Lambda handler (bench/servers/lambda-raw.mjs), invoked in a process of their
//   own; `--target workers`'s index.mjs against a hand-written worker (fetch-raw.mjs's handler)
//   under workerd: init, cold start, CPU per invocation or request; and the worker's size.
// - CPU per request: as bench/http.mjs measures it (autocannon -c 10 -p 10 on core 1, the
//   server's CPU from /proc over a fixed number of requests, after a warm-up), every server
//   started afresh each round; lower quartile over the rounds (contention only adds).
//
//   node bench/targets.mjs [--rounds 5] [--cold-rounds 21] [--requests 10000] [--warmup 10000]
//                          [--only cold|cpu|lambda|workers] [--json]
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { cliPath, createBenchApp, jsonBody1k, removeApp, repoRoot } from './lib/app.mjs'
import { measure, warm } from './lib/load.mjs'
import { canPin, machine, pinSelf, rssBytes } from './lib/proc.mjs'
import { serversDir, startServer } from './lib/server.mjs'
import { bareWorker, invokeLambda, measureWorker, startWorker, warmWorker } from './lib/serverless.mjs'
import { arg, fmt, has, median, quantile, table } from './lib/stats.mjs'

const ROUTES = 100
const rounds = Number(arg('--rounds', '5'))
const coldRounds = Number(arg('--cold-rounds', '21'))
const only = arg('--only', null)
const amount = Number(arg('--requests', '10000'))
const warmup = Number(arg('--warmup', '10000'))
const log = (...a) => console.error(...a)

const CASES = [
  { id: 'dynamic', request: { path: '/api/r42/abc123' } },
  { id: 'post', request: { path: '/api/echo', method: 'POST', body: jsonBody1k(), headers: { 'content-type': 'application/json' } } },
  { id: 'app', request: { path: '/items/abc123' } },
]

function build(dir, target) {
  const r = spawnSync(process.execPath, [cliPath, 'build', dir, '--target', target], { encoding: 'utf8', timeout: 300_000 })
  if (r.status !== 0) throw new Error(`slugline build --target ${target} failed:\n${r.stdout}\n${r.stderr}`)
}

/** The app, and each target's output copied where nothing of the app is. */
function prepare() {
  const dir = createBenchApp(ROUTES)
  const outputs = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-bench-targets-'))
  build(dir, 'standalone')
  fs.cpSync(path.join(dir, '.slugline', 'standalone'), path.join(outputs, 'standalone'), { recursive: true })
  build(dir, 'lambda')
  fs.cpSync(path.join(dir, '.slugline', 'lambda'), path.join(outputs, 'lambda'), { recursive: true })
  build(dir, 'workers')
  fs.cpSync(path.join(dir, '.slugline', 'workers'), path.join(outputs, 'workers'), { recursive: true })
  // Last, so dir/.slugline is a plain build again for `slugline start`.
  build(dir, 'vercel')
  fs.cpSync(path.join(dir, '.vercel', 'output'), path.join(outputs, 'vercel'), { recursive: true })
  return { dir, outputs }
}

function servers(dir, outputs) {
  return [
    { name: 'node:http', kind: 'raw', options: { routes: ROUTES } },
    { name: 'slugline start', kind: 'slugline', options: { dir } },
    { name: 'standalone', kind: 'script', options: { script: path.join(outputs, 'standalone', 'server.mjs'), cwd: os.tmpdir() } },
    {
      name: 'vercel function',
      kind: 'script',
      options: { script: path.join(serversDir, 'vercel-launcher.mjs'), flags: ['--func', path.join(outputs, 'vercel', 'functions', 'slugline.func')] },
    },
  ]
}

const rotated = (list, r) => list.map((_, i) => list[(i + r) % list.length])

async function coldStarts(list) {
  const seen = new Map(list.map((s) => [s.name, []]))
  for (let r = 0; r < coldRounds; r++) {
    for (const s of rotated(list, r)) {
      const started = await startServer(s.kind, { ...s.options, readyPath: '/api/r0/x', pollMs: 2, core: canPin ? 0 : undefined })
      const rss = rssBytes(started.pid) / 1024 / 1024
      await started.stop()
      seen.get(s.name).push({ ms: started.startMs, rssMb: rss })
    }
  }
  return list.map((s) => {
    const xs = seen.get(s.name)
    return { server: s.name, p25: quantile(xs.map((x) => x.ms), 0.25), ms: median(xs.map((x) => x.ms)), rssMb: median(xs.map((x) => x.rssMb)) }
  })
}

async function cpuPerRequest(list) {
  const seen = new Map()
  for (let r = 0; r < rounds; r++) {
    log(`targets: CPU round ${r + 1}/${rounds}`)
    const running = []
    for (const s of list) running.push({ s, server: await startServer(s.kind, { ...s.options, readyPath: '/api/health', core: canPin ? 0 : undefined }) })
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
    const base = quantile(seen.get(`${c.id}\0node:http`).map((m) => m.cpuUs), 0.25)
    for (const s of list) {
      const ms = seen.get(`${c.id}\0${s.name}`)
      const p25 = quantile(ms.map((m) => m.cpuUs), 0.25)
      rows.push({ case: c.id, server: s.name, cpuUs: p25, efficiency: base / p25, medianUs: median(ms.map((m) => m.cpuUs)), rps: median(ms.map((m) => m.rps)) })
    }
  }
  return rows
}

async function lambdaFigures(outputs) {
  const list = [
    { name: 'hand-written handler', file: path.join(serversDir, 'lambda-raw.mjs') },
    { name: 'slugline lambda', file: path.join(outputs, 'lambda', 'index.mjs') },
  ]
  const cold = new Map(list.map((l) => [l.name, []]))
  for (let r = 0; r < coldRounds; r++) for (const l of rotated(list, r)) cold.get(l.name).push(await invokeLambda(l.file, { routes: ROUTES }))
  const cpu = new Map()
  for (let r = 0; r < rounds; r++) {
    log(`targets: lambda CPU round ${r + 1}/${rounds}`)
    for (const l of rotated(list, r)) {
      const out = await invokeLambda(l.file, { cpu: amount, cases: CASES.map((c) => ({ id: c.id, ...c.request })), routes: ROUTES })
      for (const c of out.cases) (cpu.get(`${c.case}\0${l.name}`) ?? cpu.set(`${c.case}\0${l.name}`, []).get(`${c.case}\0${l.name}`)).push(c.cpuUs)
    }
  }
  return {
    cold: list.map((l) => {
      const xs = cold.get(l.name)
      return { handler: l.name, initMs: median(xs.map((x) => x.initMs)), coldP25: quantile(xs.map((x) => x.coldMs), 0.25), coldMs: median(xs.map((x) => x.coldMs)) }
    }),
    cpu: CASES.flatMap((c) => {
      const base = quantile(cpu.get(`${c.id}\0${list[0].name}`), 0.25)
      return list.map((l) => {
        const p25 = quantile(cpu.get(`${c.id}\0${l.name}`), 0.25)
        return { case: c.id, handler: l.name, cpuUs: p25, ratio: p25 / base }
      })
    }),
  }
}

async function workersFigures(outputs) {
  const list = [
    { name: 'hand-written worker', file: await bareWorker(outputs) },
    { name: 'slugline worker', file: path.join(outputs, 'workers', 'index.mjs') },
  ]
  const cold = new Map(list.map((l) => [l.name, []]))
  for (let r = 0; r < Math.min(coldRounds, 9); r++) {
    for (const l of rotated(list, r)) {
      const w = await startWorker(l.file)
      await w.stop()
      cold.get(l.name).push(w.coldMs)
    }
  }
  const cpu = new Map()
  for (let r = 0; r < rounds; r++) {
    log(`targets: workers CPU round ${r + 1}/${rounds}`)
    for (const l of rotated(list, r)) {
      const w = await startWorker(l.file)
      try {
        for (const c of CASES) {
          await warmWorker(w, c.request, warmup)
          const m = await measureWorker(w, c.request, amount)
          ;(cpu.get(`${c.id}\0${l.name}`) ?? cpu.set(`${c.id}\0${l.name}`, []).get(`${c.id}\0${l.name}`)).push(m.cpuUs)
        }
      } finally {
        await w.stop()
      }
    }
  }
  return {
    sizeKb: fs.statSync(list[1].file).size / 1024,
    cold: list.map((l) => ({ worker: l.name, coldP25: quantile(cold.get(l.name), 0.25), coldMs: median(cold.get(l.name)) })),
    cpu: CASES.flatMap((c) => {
      const base = quantile(cpu.get(`${c.id}\0${list[0].name}`), 0.25)
      return list.map((l) => {
        const p25 = quantile(cpu.get(`${c.id}\0${l.name}`), 0.25)
        return { case: c.id, worker: l.name, cpuUs: p25, ratio: p25 / base }
      })
    }),
  }
}

export function formatTargets({ machine: m, load, cold, cpu, lambda, workers }) {
  const out = [`Machine: ${m.model}, ${m.cores} cores; Node ${m.node}; ${m.date}; Slugline ${m.commit}; load average at start ${load}`]
  if (cold) {
    const bare = cold.find((x) => x.server === 'node:http')
    out.push(
      '',
      `### Cold start: spawn to first 200 from /api/r0/x, and RSS then (${coldRounds} rounds)`,
      '',
      table(
        ['server', 'ms (p25)', 'Δ ms vs node:http (p25)', 'ms (median)', 'RSS MB (median)', 'Δ MB vs node:http'],
        cold.map((x) => [x.server, fmt(x.p25, 0), fmt(x.p25 - bare.p25, 0), fmt(x.ms, 0), fmt(x.rssMb, 1), fmt(x.rssMb - bare.rssMb, 1)]),
      ),
    )
  }
  if (cpu) {
    out.push(
      '',
      `### CPU per request (${rounds} rounds of ${amount.toLocaleString('en-US')} requests; lower quartile over the rounds; efficiency = node:http / server)`,
      '',
      table(
        ['case', 'server', 'CPU µs/req (p25)', 'efficiency', 'CPU µs/req (median)', 'req/s (median)'],
        cpu.map((x) => [x.case, x.server, fmt(x.cpuUs, 2), fmt(x.efficiency, 2), fmt(x.medianUs, 2), fmt(x.rps, 0)]),
      ),
    )
  }
  if (lambda) {
    out.push(
      '',
      `### Lambda: init (module load to ready), cold start (spawn to the first invocation answered, /api/r0/x), ${coldRounds} rounds`,
      '',
      table(
        ['handler', 'init ms (median)', 'cold ms (p25)', 'cold ms (median)'],
        lambda.cold.map((x) => [x.handler, fmt(x.initMs, 1), fmt(x.coldP25, 0), fmt(x.coldMs, 0)]),
      ),
      '',
      `### Lambda: CPU per invocation (${rounds} rounds of ${amount.toLocaleString('en-US')} payload 2.0 events; lower quartile; ratio = handler / hand-written)`,
      '',
      table(['case', 'handler', 'CPU µs/invocation (p25)', 'ratio'], lambda.cpu.map((x) => [x.case, x.handler, fmt(x.cpuUs, 2), fmt(x.ratio, 2)])),
    )
  }
  if (workers) {
    out.push(
      '',
      `### Workers (workerd ${'from miniflare'}): cold start (new Miniflare() to the first 200 from /api/r0/x); index.mjs ${fmt(workers.sizeKb, 0)} KB`,
      '',
      table(['worker', 'cold ms (p25)', 'cold ms (median)'], workers.cold.map((x) => [x.worker, fmt(x.coldP25, 0), fmt(x.coldMs, 0)])),
      '',
      `### Workers: CPU per request (workerd's CPU from /proc; ${rounds} rounds of ${amount.toLocaleString('en-US')} requests; lower quartile; ratio = worker / hand-written)`,
      '',
      table(['case', 'worker', 'CPU µs/req (p25)', 'ratio'], workers.cpu.map((x) => [x.case, x.worker, fmt(x.cpuUs, 2), fmt(x.ratio, 2)])),
    )
  }
  return out.join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  pinSelf(1)
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ')
  const { dir, outputs } = prepare()
  try {
    const list = servers(dir, outputs)
    log('targets: cold start')
    const cold = only === null || only === 'cold' ? await coldStarts(list) : null
    const cpu = only === null || only === 'cpu' ? await cpuPerRequest(list) : null
    const lambda = only === null || only === 'lambda' ? await lambdaFigures(outputs) : null
    const workers = only === null || only === 'workers' ? await workersFigures(outputs) : null
    const result = { machine: machine(repoRoot), load, cold, cpu, lambda, workers }
    console.log(has('--json') ? JSON.stringify(result) : formatTargets(result))
  } finally {
    removeApp(dir)
    fs.rmSync(outputs, { recursive: true, force: true })
  }
}
