#!/usr/bin/env node
// The whole benchmark suite, each part in its own process, then one report: CPU per request
// and efficiency against node:http per case, route matching, start-up, the memory soak and
// --workers, with every target of issue 5 marked met or missed. About ten minutes in all
// (--quick: about three; --with-next: a quarter of an hour). Every load run stops by itself
// after a fixed request count or duration; servers listen on 127.0.0.1 only. Needs Linux
// (/proc, taskset) and 2+ cores for comparable figures.
//
//   node bench/run.mjs                    everything
//   node bench/run.mjs --only http,router one or more of: http router startup soak workers
//   node bench/run.mjs --quick            fewer rounds and requests (a smoke run, noisier)
//   node bench/run.mjs --write            also rewrite bench/RESULTS.md with the figures
//   node bench/run.mjs --with-next        also Next.js 16 (`next start`) in the CPU table: installs
//                                         next with npm into the temp dir on first use (~1 min)
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { formatHttp } from './http.mjs'
import { repoRoot } from './lib/app.mjs'
import { machine } from './lib/proc.mjs'
import { arg, fmt, has } from './lib/stats.mjs'
import { formatRouter } from './router.mjs'
import { formatSoak } from './soak.mjs'
import { formatStartup } from './startup.mjs'
import { formatWorkers } from './workers.mjs'

const quick = has('--quick')
const PARTS = {
  // 5 rounds of two processes each for node:http, Slugline and Fastify: 10 samples per figure,
  // in the time 7 rounds of one process took (with one process, even 7 rounds left single runs
  // 10% apart on this shared VM: bench/RESULTS.md, notes).
  http: quick ? ['--rounds', '2', '--requests', '10000', '--warmup', '10000'] : ['--rounds', '5', '--requests', '10000', '--warmup', '10000'],
  router: [],
  startup: quick ? ['--rounds', '3'] : ['--rounds', '5'],
  // Fewer than ~600k requests end inside V8's heap warm-up (see soak.mjs); at 1M its one step
  // sometimes landed after the midpoint, where the slope is measured, and read as growth.
  soak: quick ? ['--requests', '600000'] : ['--requests', '2000000'],
  workers: quick ? ['--rounds', '1', '--seconds', '3'] : ['--rounds', '3', '--seconds', '4'],
}
const only = arg('--only', null)?.split(',') ?? Object.keys(PARTS)
for (const p of only) if (!(p in PARTS)) throw new Error(`unknown part ${p}; parts: ${Object.keys(PARTS).join(', ')}`)

if (has('--with-next')) PARTS.http.push('--with-next')

function runPart(name) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bench', `${name}.mjs`), ...PARTS[name], '--json'], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench/${name}.mjs exited with ${code}`))
      resolve(JSON.parse(out.trim().split('\n').pop()))
    })
  })
}

const mark = (ok) => (ok ? 'met' : 'MISSED')

/** Each target of issue 5 against the figures; one line each. */
function verdicts(r) {
  const lines = []
  if (r.http) {
    for (const c of r.http.cases) {
      const ours = c.rows.find((x) => x.server === 'slugline')
      const each = (name) => c.rows.find((x) => x.server === name).processes.map((p) => fmt(p.efficiency, 2)).join(', ')
      let line = `${c.label}: efficiency ${fmt(ours.efficiency, 2)} (target ≥ ${c.target}) ${mark(ours.efficiency >= c.target)} [each process: node:http ${each('node:http')}; slugline ${each('slugline')}]`
      const next = c.rows.find((x) => x.server === 'next start')
      if (next) line += `; Next.js ${fmt(next.efficiency, 2)}, Slugline ${fmt(next.cpuUs / ours.cpuUs, 1)}x cheaper`
      if (c.id === 'dynamic') {
        const fastify = c.rows.find((x) => x.server === 'fastify')
        const plain = c.rows.find((x) => x.server === 'fastify, no ETag')
        line += `; vs Fastify doing the same work: ${fmt(ours.cpuUs, 2)} against ${fmt(fastify.cpuUs, 2)} µs ${mark(ours.cpuUs < fastify.cpuUs)}`
        if (plain) line += ` (idiomatic Fastify without an ETag: ${fmt(plain.cpuUs, 2)} µs)`
      }
      lines.push(line)
    }
  }
  if (r.router) {
    const ours = r.router.filter((x) => x.candidate === 'slugline')
    const d = ours.map((x) => x.ns.dynamic4)
    const flat = Math.max(...d) / Math.min(...d)
    lines.push(
      `route matching, 4-segment dynamic path: ${ours.map((x) => `${fmt(x.ns.dynamic4, 0)} ns @ ${x.routes}`).join(', ')} ` +
        `(target < 100 ns, flat) ${mark(Math.max(...d) < 100)}; largest/smallest ${fmt(flat, 2)}x ${mark(flat < 1.5)}`,
    )
  }
  if (r.startup) {
    const at100 = r.startup.find((x) => x.routes === 100) ?? r.startup[0]
    const dt = at100.sluglineMs - at100.rawMs
    const dm = at100.sluglineRssMb - at100.rawRssMb
    lines.push(`start-up, ${at100.routes} routes: +${fmt(dt, 0)} ms (target ≤ 20) ${mark(dt <= 20)}; RSS +${fmt(dm, 1)} MB (target ≤ 10) ${mark(dm <= 10)}`)
  }
  if (r.soak) {
    lines.push(`memory soak: ${fmt(r.soak.mbPer100k, 2)} MB per 100k requests after warm-up (flat: |slope| < 0.5) ${mark(Math.abs(r.soak.mbPer100k) < 0.5)}`)
  }
  if (r.workers) {
    lines.push(`--workers: 2 workers / 1 = ${Object.entries(r.workers.scaling).map(([k, v]) => `${fmt(v, 2)}x (${k})`).join(', ')}; scales ${mark(r.workers.scaling.work > 1.3)}`)
  }
  return lines
}

function report(results, info) {
  const parts = [
    `Machine: ${info.model} (lscpu), ${info.cores} cores; Node ${info.node}; ${info.date}; Slugline ${info.commit}; load average at start ${info.load}`,
  ]
  if (results.http) {
    parts.push(
      `## CPU per request (server on core 0, autocannon -c 10 -p 10 on core 1; ${results.http.rounds} interleaved rounds of ${fmt(results.http.requests, 0)} requests; node:http, slugline and fastify as two processes each; lower quartile and median over the rounds and processes)`,
      formatHttp(results.http),
    )
  }
  if (results.router) parts.push('## Route matching (CPU ns per match, median of 11 rounds; mitata wall-clock p50 beside; one process per router and size)', formatRouter(results.router))
  if (results.startup) parts.push('## Start-up: spawn to first 200, and RSS then (medians)', formatStartup(results.startup))
  if (results.soak) parts.push('## Memory soak (slugline start, 100 routes, every route, changing ids and queries)', formatSoak(results.soak))
  if (results.workers) parts.push('## --workers (node:cluster), unpinned', formatWorkers(results.workers))
  parts.push('## Targets', verdicts(results).map((l) => `- ${l}`).join('\n'))
  return parts.join('\n\n')
}

const info = { ...machine(repoRoot), load: fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') }
if (spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'slugline.mjs'), '--version']).status !== 0) {
  throw new Error('bin/slugline.mjs does not run: run `npm run build` first')
}
const started = Date.now()
const results = {}
for (const name of only) {
  console.error(`\n== ${name}`)
  results[name] = await runPart(name)
}
const text = report(results, info)
console.log(`\n${text}\n\n(${Math.round((Date.now() - started) / 1000)} s)`)

if (has('--write')) {
  // Only the part between the two markers is this suite's; what comes before (the method) and
  // after (figures from other benchmarks, e.g. bench/dev-reload.mjs) is kept as it is.
  const [START, END] = ['<!-- figures -->', '<!-- /figures -->']
  const file = path.join(repoRoot, 'bench', 'RESULTS.md')
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n\n'
  const head = old.includes(START) ? old.slice(0, old.indexOf(START)) : old
  const tail = old.includes(END) ? old.slice(old.indexOf(END) + END.length) : '\n'
  fs.writeFileSync(file, `${head}${START}\nWritten by \`node bench/run.mjs --write\`.\n\n${text}\n${END}${tail}`)
  console.error(`wrote ${path.relative(process.cwd(), file)}`)
}
