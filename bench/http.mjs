#!/usr/bin/env node
// CPU per request, the way the issue measures it: each server pinned to core 0, this process
// (autocannon, pipelining 10) pinned to core 1, the server's CPU read from /proc over a fixed
// number of requests. Each round starts every server afresh and warms it up, then runs every
// (case, server) pair once, servers in a new order each round (A/B interleaved). Efficiency =
// node:http's CPU per request (two identical processes pooled) / the server's, from lower
// quartiles over the rounds (see below).
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

/** The servers: name, kind (bench/servers/<kind>.mjs or the Slugline CLI), flags, and the
 *  cases it serves (all unless listed). */
const SERVERS = [
  { name: 'node:http', kind: 'raw' },
  { name: 'slugline', kind: 'slugline' },
  { name: 'fastify', kind: 'fastify' },
  { name: 'hono', kind: 'hono' },
  // The same node:http server again, started last. The baseline is both node:http processes
  // pooled: on this machine one process can come out up to ~8% cheaper than an identical one
  // started at another moment (measured; likely where its memory landed), and the first one
  // started should not set the bar alone. The two rows' spread is the noise of the run.
  { name: 'node:http, 2nd process', kind: 'raw' },
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

async function startAll(dir, round) {
  const specs = shuffled(SERVERS.filter((spec) => CASES.some((c) => serves(spec, c))), round)
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
    // over the rounds; efficiency compares lower quartiles, against both node:http processes
    // pooled. Their two rows show how close to 1.00 an identical server gets in the run. The
    // median is kept for reference.
    const samples = new Map() // `${case}|${server}` -> [{ cpuUs, rps, p50, p99 }]
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
      for (const c of CASES) {
        for (const s of shuffled(running.filter((x) => serves(x.spec, c)), r * 31 + c.id.length)) {
          const x = await measure(s, c.request, amount)
          if (process.env.BENCH_DEBUG) log(`  ${c.id} ${s.spec.name}: ${x.cpuUs.toFixed(2)} µs`)
          const key = `${c.id}|${s.spec.name}`
          ;(samples.get(key) ?? samples.set(key, []).get(key)).push(x)
        }
      }
      await Promise.all(running.map((s) => s.stop()))
      running = []
    }
    const names = SERVERS.map((spec) => spec.name)
    return {
      rounds,
      requests: amount,
      pinned: canPin,
      cases: CASES.map((c) => {
        const base = quantile([...samples.get(`${c.id}|node:http`), ...samples.get(`${c.id}|node:http, 2nd process`)].map((x) => x.cpuUs), 0.25)
        const rows = names
          .filter((name) => samples.has(`${c.id}|${name}`))
          .map((name) => {
            const xs = samples.get(`${c.id}|${name}`)
            const cpuUs = quantile(xs.map((x) => x.cpuUs), 0.25)
            return {
              server: name,
              cpuUs,
              cpuUsMedian: median(xs.map((x) => x.cpuUs)),
              efficiency: base / cpuUs,
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
      rows.push([c.id, r.server, fmt(r.cpuUs, 2), fmt(r.efficiency, 2), fmt(r.cpuUsMedian, 2), fmt(r.rps, 0), fmt(r.p50, 0), fmt(r.p99, 0)])
    }
  }
  return table(['case', 'server', 'CPU µs/req (p25)', 'efficiency', 'CPU µs/req (median)', 'req/s', 'p50 ms', 'p99 ms'], rows)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runHttpBench()
  if (has('--json')) console.log(JSON.stringify(result))
  else console.log(formatHttp(result))
}
