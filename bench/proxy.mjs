#!/usr/bin/env node
// What proxy.ts costs per request, measured like bench/http.mjs (server pinned to core 0,
// autocannon pipelining 10 on core 1, the server's CPU from /proc, lower quartile over
// interleaved rounds, each server started afresh per round): the dynamic route of the bench
// app served by
//   node:http                 the bare baseline
//   slugline                  the app as it is (no proxy.ts, no next.config: no pipeline at all)
//   slugline, proxy unmatched the same app with a proxy.ts whose matcher (/admin/:path*) never
//                             matches the route: the pipeline runs, the proxy does not
//   slugline, proxy next()    a proxy.ts matching /api/:path* that reads nextUrl and a cookie and
//                             returns NextResponse.next() with a response header
//   slugline, main            (--compare path/to/bin/slugline.mjs) another build on the plain app
//
//   node bench/proxy.mjs [--rounds 6] [--requests 10000] [--warmup 10000] [--compare ../main/bin/slugline.mjs]
import fs from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { createBenchApp, cliPath, removeApp } from './lib/app.mjs'
import { measure, warm } from './lib/load.mjs'
import { canPin, machine, pinSelf } from './lib/proc.mjs'
import { get, startServer } from './lib/server.mjs'
import { arg, fmt, median, quantile, table } from './lib/stats.mjs'

const ROUTES = 100
const rounds = Number(arg('--rounds', '6'))
const amount = Number(arg('--requests', '10000'))
const warmupN = Number(arg('--warmup', '10000'))
const compare = arg('--compare', null)
const log = (...a) => console.error(...a)
const request = { path: '/api/r42/abc123', headers: { cookie: 'session=s1' } }

const proxySource = (matcher) => `import { NextResponse, type NextRequest } from 'next/server'

export function proxy(request: NextRequest) {
  if (request.nextUrl.pathname === '/api/blocked') return NextResponse.json({ error: 'unauthorized' }, { status: 401 })
  const res = NextResponse.next()
  res.headers.set('x-proxy', request.cookies.has('session') ? '1' : '0')
  return res
}

export const config = { matcher: ${JSON.stringify(matcher)} }
`

function appWithProxy(matcher) {
  const dir = createBenchApp(ROUTES)
  fs.writeFileSync(path.join(dir, 'proxy.ts'), proxySource(matcher))
  const r = spawnSync(process.execPath, [cliPath, 'build', dir], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`build failed:\n${r.stderr}`)
  return dir
}

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

if (!pinSelf(1)) log('warning: taskset or a second core is missing; running unpinned, figures are not comparable')
const plain = createBenchApp(ROUTES)
const unmatched = appWithProxy('/admin/:path*')
const matched = appWithProxy('/api/:path*')
const SERVERS = [
  { name: 'node:http', kind: 'raw' },
  { name: 'slugline', kind: 'slugline', dir: plain },
  { name: 'slugline, proxy unmatched', kind: 'slugline', dir: unmatched },
  { name: 'slugline, proxy next()', kind: 'slugline', dir: matched },
]
if (compare) SERVERS.push({ name: 'slugline, compared build', kind: 'slugline', dir: plain, cli: path.resolve(compare) })

const samples = new Map()
try {
  for (let r = 0; r < rounds; r++) {
    log(`proxy: round ${r + 1}/${rounds}`)
    const running = []
    for (const spec of shuffled(SERVERS, r)) {
      const s = await startServer(spec.kind, { dir: spec.dir ?? plain, routes: ROUTES, cli: spec.cli, core: canPin ? 0 : undefined, readyPath: '/api/health' })
      s.spec = spec
      running.push(s)
    }
    try {
      if (r === 0) {
        for (const s of running) {
          const a = await get(s.base + request.path, { headers: request.headers })
          if (a.status !== 200) throw new Error(`${s.spec.name} answered ${a.status}`)
          if (s.spec.name === 'slugline, proxy next()' && a.headers['x-proxy'] !== '1') throw new Error('the proxy did not run')
          if (s.spec.name === 'slugline, proxy unmatched' && a.headers['x-proxy'] !== undefined) throw new Error('the unmatched proxy ran')
        }
      }
      for (const s of running) await warm(s, request, warmupN)
      for (const s of shuffled(running, r * 7 + 3)) {
        const x = await measure(s, request, amount)
        ;(samples.get(s.spec.name) ?? samples.set(s.spec.name, []).get(s.spec.name)).push(x)
      }
    } finally {
      await Promise.all(running.map((s) => s.stop()))
    }
  }
} finally {
  for (const d of [plain, unmatched, matched]) removeApp(d)
}

const base = quantile(samples.get('node:http').map((x) => x.cpuUs), 0.25)
const plainUs = quantile(samples.get('slugline').map((x) => x.cpuUs), 0.25)
const rows = SERVERS.map(({ name }) => {
  const xs = samples.get(name)
  const cpuUs = quantile(xs.map((x) => x.cpuUs), 0.25)
  return [name, fmt(cpuUs, 2), fmt(median(xs.map((x) => x.cpuUs)), 2), fmt(base / cpuUs, 2), name.startsWith('slugline') ? `${cpuUs - plainUs >= 0 ? '+' : ''}${fmt(cpuUs - plainUs, 2)}` : '', fmt(median(xs.map((x) => x.rps)), 0)]
})
console.log(`\nproxy.ts cost, dynamic route ${request.path}, ${rounds} rounds x ${amount} requests, ${JSON.stringify(machine(path.resolve('.')))}`)
console.log(table(['server', 'CPU µs/req (q1)', 'median', 'efficiency vs node:http', 'vs slugline', 'req/s'], rows))
