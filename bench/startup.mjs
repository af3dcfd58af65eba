#!/usr/bin/env node
// Start-up: spawn to the first answered request (a 200 from /api/r0/x, which also loads that
// route's module), and resident memory at that moment, for `slugline start` serving a built
// app of 10 / 100 / 1,000 routes against the hand-written node:http server (bench/servers/
// raw.mjs) doing the same. Each size runs several rounds, raw and Slugline alternating, the
// server on core 0 and this poller (one GET every 2 ms) on core 1; figures are medians.
//   node bench/startup.mjs [--sizes 10,100,1000] [--rounds 7] [--json]
import { createBenchApp, removeApp } from './lib/app.mjs'
import { canPin, pinSelf, rssBytes } from './lib/proc.mjs'
import { startServer } from './lib/server.mjs'
import { arg, fmt, has, median, table } from './lib/stats.mjs'

const sizes = arg('--sizes', '10,100,1000').split(',').map(Number)
const rounds = Number(arg('--rounds', '7'))

async function once(kind, dir, routes) {
  const s = await startServer(kind, { dir, routes, readyPath: '/api/r0/x', pollMs: 2, core: canPin ? 0 : undefined })
  const rss = rssBytes(s.pid)
  await s.stop()
  return { ms: s.startMs, rssMb: rss / 1024 / 1024 }
}

export async function runStartupBench() {
  pinSelf(1)
  const results = []
  for (const n of sizes) {
    console.error(`startup: ${n} routes`)
    const dir = createBenchApp(n, { extras: false })
    try {
      const raw = []
      const ours = []
      for (let r = 0; r < rounds; r++) {
        // Alternate which goes first, so neither always runs on a cache the other warmed.
        if (r % 2 === 0) {
          raw.push(await once('raw', dir, n))
          ours.push(await once('slugline', dir, n))
        } else {
          ours.push(await once('slugline', dir, n))
          raw.push(await once('raw', dir, n))
        }
      }
      const m = (xs, k) => median(xs.map((x) => x[k]))
      results.push({ routes: n, rawMs: m(raw, 'ms'), sluglineMs: m(ours, 'ms'), rawRssMb: m(raw, 'rssMb'), sluglineRssMb: m(ours, 'rssMb') })
    } finally {
      removeApp(dir)
    }
  }
  return results
}

export function formatStartup(results) {
  return table(
    ['routes', 'node:http ms', 'slugline ms', 'Δ ms (target ≤ 20)', 'node:http RSS MB', 'slugline RSS MB', 'Δ MB (target ≤ 10)'],
    results.map((r) => [r.routes, fmt(r.rawMs, 0), fmt(r.sluglineMs, 0), fmt(r.sluglineMs - r.rawMs, 0), fmt(r.rawRssMb, 1), fmt(r.sluglineRssMb, 1), fmt(r.sluglineRssMb - r.rawRssMb, 1)]),
  )
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await runStartupBench()
  if (has('--json')) console.log(JSON.stringify(results))
  else console.log(formatStartup(results))
}
