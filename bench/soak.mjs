#!/usr/bin/env node
// Memory soak: `slugline start` serving the 100-route bench app takes a fixed number of
// requests (default 1,000,000; about half a minute here) spread over every route, with
// changing ids and query strings, while this process samples the server's RSS from /proc
// every 250 ms. The first half of the requests is warm-up: V8 grows its heap in steps while
// it settles (measured over 3M requests: one step of ~8 MB near 450k requests, then flat
// within 0.5 MB to 3M). Reported: RSS after warm-up, the highest RSS after it, RSS at the
// end, and the slope of a least-squares line through the post-warm-up samples (MB per 100k
// requests).
//   node bench/soak.mjs [--requests 1000000] [--json]
import autocannon from 'autocannon'
import { createBenchApp, removeApp } from './lib/app.mjs'
import { PIPELINING } from './lib/load.mjs'
import { canPin, pinSelf, rssBytes } from './lib/proc.mjs'
import { startServer } from './lib/server.mjs'
import { arg, fmt, has, table } from './lib/stats.mjs'

const ROUTES = 100
const total = Number(arg('--requests', '1000000'))
const WARMUP_SHARE = 0.5

function slope(points) {
  const n = points.length
  const mx = points.reduce((s, p) => s + p.x, 0) / n
  const my = points.reduce((s, p) => s + p.y, 0) / n
  let num = 0
  let den = 0
  for (const p of points) {
    num += (p.x - mx) * (p.y - my)
    den += (p.x - mx) ** 2
  }
  return den === 0 ? 0 : num / den
}

export async function runSoak() {
  pinSelf(1)
  const dir = createBenchApp(ROUTES)
  const server = await startServer('slugline', { dir, readyPath: '/api/health', core: canPin ? 0 : undefined })
  try {
    let sent = 0
    let done = 0
    const samples = []
    console.error(`soak: ${total} requests over ${ROUTES} routes`)
    const timer = setInterval(() => samples.push({ x: done, y: rssBytes(server.pid) / 1024 / 1024 }), 250)
    const result = await new Promise((resolve, reject) => {
      const instance = autocannon(
        {
          url: server.base,
          connections: 10,
          pipelining: PIPELINING,
          amount: total,
          requests: [
            {
              // A different route, id and query on every request.
              setupRequest: (req) => {
                const i = sent++
                return { ...req, path: `/api/r${i % ROUTES}/${i}?page=${i % 7}&sort=${i & 1 ? 'asc' : 'desc'}` }
              },
            },
          ],
        },
        (err, res) => (err ? reject(err) : resolve(res)),
      )
      instance.on('response', () => done++)
    })
    clearInterval(timer)
    if (process.env.BENCH_DEBUG) for (const x of samples.filter((_, i) => i % 8 === 0)) console.error(`  ${x.x} ${x.y.toFixed(1)}`)
    if (result.non2xx + result.errors > 0) throw new Error(`soak: ${result.non2xx} non-2xx, ${result.errors} errors`)
    const after = samples.filter((s) => s.x >= total * WARMUP_SHARE)
    return {
      requests: result.requests.total,
      seconds: result.duration,
      rssStartMb: samples[0]?.y,
      rssWarmMb: after[0]?.y,
      rssMaxMb: Math.max(...after.map((s) => s.y)),
      rssEndMb: samples[samples.length - 1].y,
      mbPer100k: slope(after) * 100_000,
    }
  } finally {
    await server.stop()
    removeApp(dir)
  }
}

export function formatSoak(r) {
  return table(
    ['requests', 'seconds', 'RSS after warm-up MB', 'max after MB', 'end MB', 'slope MB/100k req'],
    [[fmt(r.requests, 0), fmt(r.seconds, 0), fmt(r.rssWarmMb, 1), fmt(r.rssMaxMb, 1), fmt(r.rssEndMb, 1), fmt(r.mbPer100k, 2)]],
  )
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runSoak()
  if (has('--json')) console.log(JSON.stringify(r))
  else console.log(formatSoak(r))
}
