#!/usr/bin/env node
// Route matching at 10 / 1,000 / 10,000 routes: Slugline's tree matcher against find-my-way
// and Hono's RegExpRouter on equivalent patterns (bench/router/routes.mjs), one process per
// candidate and size. Slugline's matcher is bundled from src/ with esbuild first, as the
// build does, so no TypeScript loader sits in the timed code.
//   node bench/router.mjs [--sizes 10,1000,10000] [--json]
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { build } from 'esbuild'
import { repoRoot } from './lib/app.mjs'
import { arg, fmt, has, table } from './lib/stats.mjs'

const sizes = arg('--sizes', '10,1000,10000').split(',').map(Number)
const CANDIDATES = ['slugline', 'find-my-way', 'hono-regexp']

async function bundleSlugline() {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-router-')), 'matcher.mjs')
  await build({
    stdin: {
      contents: `export { createRouteTable } from './src/routes/create-route-table.ts'\nexport { createCompiledMatcher as createMatcher } from './src/matcher/compiled-matcher.ts'\n`,
      resolveDir: repoRoot,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: out,
    logLevel: 'warning',
  })
  return out
}

export async function runRouterBench() {
  const bundle = await bundleSlugline()
  const results = []
  try {
    for (const n of sizes) {
      for (const c of CANDIDATES) {
        console.error(`router: ${c} at ${n} routes`)
        const out = execFileSync(process.execPath, [path.join(repoRoot, 'bench/router/candidate.mjs'), c, String(n), bundle], { encoding: 'utf8', timeout: 300_000 })
        results.push(JSON.parse(out))
      }
    }
  } finally {
    fs.rmSync(path.dirname(bundle), { recursive: true, force: true })
  }
  return results
}

export function formatRouter(results) {
  return table(
    ['routes', 'router', 'static ns', '4-seg dynamic ns', 'catch-all ns', 'miss ns', '4-seg, mitata p50 ns', 'build ms'],
    results.map((r) => [
      r.routes,
      r.candidate,
      fmt(r.ns.static, 0),
      fmt(r.ns.dynamic4, 0),
      fmt(r.ns.catchAll, 0),
      fmt(r.ns.miss, 0),
      fmt(r.mitataP50.dynamic4, 0),
      fmt(r.buildMs, 1),
    ]),
  )
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await runRouterBench()
  if (has('--json')) console.log(JSON.stringify(results))
  else console.log(formatRouter(results))
}
