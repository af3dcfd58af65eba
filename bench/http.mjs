#!/usr/bin/env node
// CPU per request, the way the issue measures it: each server pinned to core 0, this process
// (autocannon, pipelining 10) pinned to core 1, the server's CPU read from /proc over a fixed
// number of requests. Each round starts every server afresh and warms it up, then runs every
// (case, server) pair once, servers in a new order each round (A/B interleaved). Efficiency =
// node:http's CPU per request / the server's, from lower quartiles over the rounds, node:http,
// Slugline and Fastify each pooled over two identical processes (see below).
//
//   node bench/http.mjs [--rounds 6] [--requests 10000] [--warmup 10000] [--only dynamic,app]
//                       [--with-next] [--compare path/to/other/bin/slugline.mjs] [--json]
import path from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { createBenchApp, jsonBody1k, removeApp } from './lib/app.mjs'
import { createNextApp } from './lib/next-app.mjs'
import { measure, warm } from './lib/load.mjs'
import { canPin, pinSelf } from './lib/proc.mjs'
import { get, startServer } from './lib/server.mjs'
import { arg, fmt, has, median, quantile, table } from './lib/stats.mjs'

const ROUTES = 100
const rounds = Number(arg('--rounds', '6'))
const amount = Number(arg('--requests', '10000'))
const warmup = Number(arg('--warmup', '10000'))
const only = arg('--only', null)?.split(',')
const withNext = has('--with-next')
const log = (...a) => console.error(...a)

const body1k = jsonBody1k()

/** The cases; `target` is issue 5's efficiency target. */
export const CASES = [
  { id: 'dynamic', label: 'dynamic pages/api route, JSON + ETag', target: 0.95, request: { path: '/api/r42/abc123' } },
  { id: 'static', label: 'static pages/api route', target: 0.9, request: { path: '/api/health' } },
  { id: 'catch-all', label: 'catch-all pages/api route', target: 0.9, request: { path: '/api/files/docs/2024/report.txt' } },
  {
    id: 'post',
    label: 'POST, 1 KB JSON body',
    target: 0.9,
    request: { path: '/api/echo', method: 'POST', body: body1k, headers: { 'content-type': 'application/json' } },
  },
  { id: 'app', label: 'app route.ts, Response.json', target: 0.85, request: { path: '/items/abc123' } },
].filter((c) => !only || only.includes(c.id))

/** The servers: name, kind (bench/servers/<kind>.mjs or the Slugline CLI), flags, the cases it
 *  serves (all unless listed), and how many identical processes of it each round starts.
 *  Two processes, pooled: on this machine one process can run up to ~17% dearer than an
 *  identical one for its whole life (measured; likely where its memory landed), so neither the
 *  baseline nor a server held to a target against it should rest on one process's luck. */
const SERVERS = [
  { name: 'node:http', kind: 'raw', processes: 2 },
  { name: 'slugline', kind: 'slugline', processes: 2 },
  { name: 'fastify', kind: 'fastify', processes: 2 },
  { name: 'hono', kind: 'hono' },
  { name: 'fastify, no ETag', kind: 'fastify', flags: ['--no-etag'], cases: ['dynamic'] },
]
// `--with-next`: real Next.js 16, `next start`, on the same routes (installed on first use).
if (withNext) SERVERS.push({ name: 'next start', kind: 'next' })
// `--compare path/to/bin/slugline.mjs`: another Slugline build (a branch, an older commit) in
// the same rounds, serving the same build output: an A/B within one run's noise.
const compare = arg('--compare', null)
if (compare) SERVERS.push({ name: 'slugline, compared build', kind: 'slugline', cli: path.resolve(compare) })

/** A new order each round (seeded, so runs repeat): no server always follows the same one. */
function shuffled(list, seed) {
  const out = [...list]
  let x = (seed + 1) * 2654435761
  for (let i = out.length - 1; i > 0; i--) {
    x = (Math.imul(x ^ (x >>> 15), 2246822519) + 1) >>> 0
    const j = x % (i + 1)
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

const serves = (server, c) => !server.cases || server.cases.includes(c.id)

function normalType(t) {
  return (t ?? '').toLowerCase().replace(/\s+/g, '')
}

/** Every server must answer every case alike (body, status, ETag) before its cost means anything. */
async function checkSameAnswers(running) {
  const problems = []
  for (const c of CASES) {
    const answers = []
    for (const s of running) {
      if (!serves(s.spec, c)) continue
      const r = await get(s.base + c.request.path, { method: c.request.method, headers: c.request.headers, body: c.request.body })
      answers.push({ name: s.spec.name, status: r.status, etag: r.headers.etag, type: normalType(r.headers['content-type']), body: JSON.parse(r.body) })
    }
    const ref = answers[0]
    for (const a of answers.slice(1)) {
      if (a.status !== ref.status || !isDeepStrictEqual(a.body, ref.body)) {
        problems.push(`${c.id}: ${a.name} answered ${a.status} ${JSON.stringify(a.body)}, ${ref.name} ${ref.status} ${JSON.stringify(ref.body)}`)
      }
      const expectEtag = c.id !== 'app' && !a.name.includes('no ETag')
      // Next.js hashes its ETags another way; it only has to send one.
      if (a.name === 'next start') {
        if (expectEtag && a.etag === undefined) problems.push(`${c.id}: next start sent no ETag`)
      } else if (expectEtag && a.etag !== ref.etag) problems.push(`${c.id}: ${a.name} ETag ${a.etag}, ${ref.name} ${ref.etag}`)
      if (!expectEtag && a.etag !== undefined && c.id === 'app') problems.push(`${c.id}: ${a.name} sent an ETag`)
      if (a.type.split(';')[0] !== ref.type.split(';')[0]) problems.push(`${c.id}: ${a.name} content-type ${a.type}, ${ref.name} ${ref.type}`)
    }
  }
  return problems
}

/** One entry per process to start: `name` is the server's (shared by its processes). */
function processSpecs() {
  const out = []
  for (const spec of SERVERS) for (let i = 0; i < (spec.processes ?? 1); i++) out.push({ ...spec, process: i })
  return out
}

async function startAll(dir, round) {
  const specs = shuffled(processSpecs().filter((spec) => CASES.some((c) => serves(spec, c))), round)
  const running = []
  try {
    for (const spec of specs) {
      const s = await startServer(spec.kind, { dir: spec.dir ?? dir, routes: ROUTES, flags: spec.flags ?? [], cli: spec.cli, core: canPin ? 0 : undefined, readyPath: '/api/health' })
      s.spec = spec
      running.push(s)
    }
  } catch (err) {
    await Promise.all(running.map((s) => s.stop()))
    throw err
  }
  return running
}

export async function runHttpBench() {
  if (!pinSelf(1)) log('warning: taskset or a second core is missing; running unpinned, figures are not comparable')
  log(`http: building the bench app (${ROUTES} routes) ...`)
  const dir = createBenchApp(ROUTES)
  if (withNext) SERVERS.find((spec) => spec.kind === 'next').dir = createNextApp(ROUTES)
  let running = []
  try {
    // Every round starts every server afresh, in a new order, and visits every (case, server)
    // pair once in a new order. Measured on this kind of machine (virtual, shared, no steal
    // time reported): the cost of a CPU second jumps by a third from one second to the next,
    // and a whole process can land in a slow state for its lifetime (an identical node:http
    // process ran 35% dearer than its twin through one run, Hono twice its usual cost in
    // another). Contention only ever adds to a sample, so the estimate is the lower quartile
    // over the rounds (and over both processes, for the servers that run two); efficiency
    // compares lower quartiles. Each process's own figure is kept: the two node:http processes
    // show how close to 1.00 an identical server gets in the run. The median is kept for
    // reference.
    const samples = new Map() // `${case}|${server}|${process}` -> [{ cpuUs, rps, p50, p99 }]
    for (let r = 0; r < rounds; r++) {
      log(`http: round ${r + 1}/${rounds}`)
      running = await startAll(dir, r)
      if (r === 0) {
        const problems = await checkSameAnswers(running)
        for (const p of problems) log(`warning: ${p}`)
        if (problems.some((p) => p.includes('answered'))) throw new Error('servers disagree on an answer; not measuring')
      }
      // JIT warm-up of every route on every fresh server.
      for (const c of CASES) for (const s of running) if (serves(s.spec, c)) await warm(s, c.request, warmup)
      // The cases rotate: each round starts with the next one. Whichever case is measured
      // first after the warm-up meets whatever JIT and GC work the warm-up left behind (the
      // larger the process's code and heap, the more), and it was always the dynamic route.
      for (const c of [...CASES.slice(r % CASES.length), ...CASES.slice(0, r % CASES.length)]) {
        for (const s of shuffled(running.filter((x) => serves(x.spec, c)), r * 31 + c.id.length)) {
          const x = await measure(s, c.request, amount)
          if (process.env.BENCH_DEBUG) log(`  ${c.id} ${s.spec.name} #${s.spec.process + 1}: ${x.cpuUs.toFixed(2)} µs`)
          const key = `${c.id}|${s.spec.name}|${s.spec.process}`
          ;(samples.get(key) ?? samples.set(key, []).get(key)).push(x)
        }
      }
      await Promise.all(running.map((s) => s.stop()))
      running = []
    }
    /** Every sample of `name` for case `id`: all its processes' pooled, and each one's. */
    const samplesOf = (id, name) => {
      const each = []
      for (let i = 0; samples.has(`${id}|${name}|${i}`); i++) each.push(samples.get(`${id}|${name}|${i}`))
      return { all: each.flat(), each }
    }
    return {
      rounds,
      requests: amount,
      pinned: canPin,
      cases: CASES.map((c) => {
        const base = quantile(samplesOf(c.id, 'node:http').all.map((x) => x.cpuUs), 0.25)
        const rows = SERVERS.map((spec) => spec.name)
          .filter((name) => samples.has(`${c.id}|${name}|0`))
          .map((name) => {
            const { all: xs, each } = samplesOf(c.id, name)
            const cpuUs = quantile(xs.map((x) => x.cpuUs), 0.25)
            return {
              server: name,
              cpuUs,
              cpuUsMedian: median(xs.map((x) => x.cpuUs)),
              efficiency: base / cpuUs,
              // Each process on its own, when there are two: how far apart identical processes land.
              processes: each.length > 1 ? each.map((ys) => ({ cpuUs: quantile(ys.map((y) => y.cpuUs), 0.25), efficiency: base / quantile(ys.map((y) => y.cpuUs), 0.25) })) : null,
              rps: median(xs.map((x) => x.rps)),
              p50: median(xs.map((x) => x.p50)),
              p99: median(xs.map((x) => x.p99)),
            }
          })
        return { id: c.id, label: c.label, target: c.target, rows }
      }),
    }
  } finally {
    await Promise.all(running.map((s) => s.stop()))
    removeApp(dir)
  }
}

export function formatHttp(result) {
  const rows = []
  for (const c of result.cases) {
    for (const r of c.rows) {
      const each = r.processes ? r.processes.map((p) => fmt(p.cpuUs, 2)).join(' / ') : ''
      rows.push([c.id, r.server, fmt(r.cpuUs, 2), fmt(r.efficiency, 2), each, fmt(r.cpuUsMedian, 2), fmt(r.rps, 0), fmt(r.p50, 0), fmt(r.p99, 0)])
    }
  }
  return table(['case', 'server', 'CPU µs/req (p25)', 'efficiency', 'each process (p25)', 'CPU µs/req (median)', 'req/s', 'p50 ms', 'p99 ms'], rows)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runHttpBench()
  if (has('--json')) console.log(JSON.stringify(result))
  else console.log(formatHttp(result))
}
