#!/usr/bin/env node
// What compression costs: server CPU per request of a 3.1 KB JSON answer (pages/api,
// res.status(200).json(...)) with and without Accept-Encoding, measured as bench/http.mjs
// measures (server pinned to core 0, autocannon -c 10 -p 10 on core 1, CPU from /proc, lower
// quartile over rounds, servers started afresh each round in a new order). Servers:
//   node:http      bare, never compresses (the baseline every figure is divided by)
//   node:http+zlib the same, compressing each answer with zlib.gzipSync / brotliCompressSync(q4)
//   slugline       slugline start (compression on, the default)
//   next start     real Next.js 16 on the same route (--with-next; bench/lib/next-app.mjs)
// Cases: the 3.1 KB list without Accept-Encoding, with gzip, with br; and /api/health (11 bytes,
// below the 1 KiB threshold) with and without gzip: the cost of asking when nothing compresses.
//
//   node bench/compress.mjs [--rounds 4] [--requests 10000] [--with-next] [--json]
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import zlib from 'node:zlib'
import { cliPath } from './lib/app.mjs'
import { measure, warm } from './lib/load.mjs'
import { nextBin } from './lib/next-app.mjs'
import { canPin, pinSelf } from './lib/proc.mjs'
import { startServer } from './lib/server.mjs'
import { arg, fmt, has, quantile, table } from './lib/stats.mjs'
import { listBody } from './servers/compress-list.mjs'

const rounds = Number(arg('--rounds', '4'))
const amount = Number(arg('--requests', '10000'))
const withNext = has('--with-next')
const log = (...a) => console.error(...a)

const CASES = [
  { id: 'plain', label: '3.1 KB JSON, no Accept-Encoding', request: { path: '/api/list/abc123' } },
  { id: 'gzip', label: '3.1 KB JSON, Accept-Encoding: gzip', request: { path: '/api/list/abc123', headers: { 'accept-encoding': 'gzip' } } },
  { id: 'br', label: '3.1 KB JSON, Accept-Encoding: br', request: { path: '/api/list/abc123', headers: { 'accept-encoding': 'br' } }, skip: ['next start'] },
  { id: 'small', label: '11 B JSON, no Accept-Encoding', request: { path: '/api/health' } },
  { id: 'small-gzip', label: '11 B JSON, gzip asked (below threshold)', request: { path: '/api/health', headers: { 'accept-encoding': 'gzip' } } },
]

const ROUTE = `export default function handler(req, res) {\n  res.status(200).json(listBody(req.query.id))\n}\n${listBody.toString()}\n`
const HEALTH = `export default function handler(req, res) {\n  res.status(200).json({ ok: true })\n}\n`

function write(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
}

function createSluglineApp() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-bench-compress-'))
  write(path.join(dir, 'pages/api/list/[id].js'), ROUTE)
  write(path.join(dir, 'pages/api/health.js'), HEALTH)
  const r = spawnSync(process.execPath, [cliPath, 'build', dir], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`slugline build failed:\n${r.stdout}\n${r.stderr}`)
  return dir
}

/** The same app for Next.js, built once into the bench's Next.js cache (lib/next-app.mjs). */
function createNextCompressApp() {
  const cache = path.dirname(path.dirname(path.dirname(path.dirname(path.dirname(nextBin())))))
  if (!fs.existsSync(nextBin())) throw new Error(`next is not installed in ${cache}: run bench/http.mjs --with-next once, or see bench/lib/next-app.mjs`)
  const dir = path.join(cache, 'app-compress')
  if (fs.existsSync(path.join(dir, '.next', 'BUILD_ID'))) return dir
  write(path.join(dir, 'pages/api/list/[id].js'), ROUTE)
  write(path.join(dir, 'pages/api/health.js'), HEALTH)
  write(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench-next-compress', private: true }))
  const r = spawnSync(process.execPath, [nextBin(), 'build'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } })
  if (r.status !== 0) throw new Error(`next build failed:\n${r.stdout}\n${r.stderr}`)
  return dir
}

const SERVERS = [
  { name: 'node:http', kind: 'compress-raw', flags: ['--no-compress'] },
  { name: 'node:http+zlib', kind: 'compress-raw' },
  { name: 'slugline', kind: 'slugline' },
]
if (withNext) SERVERS.push({ name: 'next start', kind: 'next' })

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

/** One request, its body decoded: every server must answer the same JSON, compressed as asked. */
async function answer(base, request) {
  const res = await fetch(base + request.path, { headers: request.headers })
  const raw = Buffer.from(await res.arrayBuffer())
  return { encoding: res.headers.get('content-encoding'), vary: res.headers.get('vary'), bytes: raw.length, json: JSON.parse(raw.toString()) }
}

async function check(running) {
  // fetch decodes gzip and br itself; the sizes below are what went over the wire.
  for (const c of CASES) {
    const ref = JSON.stringify(await answer(running[0].base, c.request).then((a) => a.json))
    for (const s of running) {
      if (c.skip?.includes(s.spec.name)) continue
      const a = await answer(s.base, c.request)
      if (JSON.stringify(a.json) !== ref) throw new Error(`${c.id}: ${s.spec.name} answered another body`)
      if (process.env.BENCH_DEBUG) log(`  ${c.id} ${s.spec.name}: content-encoding ${a.encoding}, vary ${a.vary}`)
    }
  }
}

async function main() {
  if (!pinSelf(1)) log('warning: taskset or a second core is missing; running unpinned, figures are not comparable')
  const dir = createSluglineApp()
  const nextDir = withNext ? createNextCompressApp() : null
  const samples = new Map()
  try {
    for (let r = 0; r < rounds; r++) {
      log(`compress: round ${r + 1}/${rounds}`)
      const running = []
      for (const spec of shuffled(SERVERS, r)) {
        const s = await startServer(spec.kind, { dir: spec.kind === 'next' ? nextDir : dir, flags: spec.flags ?? [], core: canPin ? 0 : undefined, readyPath: '/api/health' })
        s.spec = spec
        running.push(s)
      }
      try {
        if (r === 0) await check(running)
        for (const c of CASES) for (const s of running) if (!c.skip?.includes(s.spec.name)) await warm(s, c.request, amount)
        for (const c of [...CASES.slice(r % CASES.length), ...CASES.slice(0, r % CASES.length)]) {
          for (const s of shuffled(running, r * 7 + c.id.length)) {
            if (c.skip?.includes(s.spec.name)) continue
            const x = await measure(s, c.request, amount)
            const key = `${c.id}|${s.spec.name}`
            ;(samples.get(key) ?? samples.set(key, []).get(key)).push(x)
          }
        }
      } finally {
        await Promise.all(running.map((s) => s.stop()))
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
  const cpu = (id, name) => (samples.has(`${id}|${name}`) ? quantile(samples.get(`${id}|${name}`).map((x) => x.cpuUs), 0.25) : NaN)
  const base = cpu('plain', 'node:http')
  const wire = {
    plain: Buffer.byteLength(JSON.stringify(listBody('abc123'))),
    gzip: zlib.gzipSync(JSON.stringify(listBody('abc123'))).length,
  }
  const result = {
    rounds,
    requests: amount,
    pinned: canPin,
    bytes: wire,
    cases: CASES.map((c) => ({
      id: c.id,
      label: c.label,
      rows: SERVERS.filter((s) => !c.skip?.includes(s.name)).map((s) => ({ server: s.name, cpuUs: cpu(c.id, s.name), vsBare: cpu(c.id, s.name) / base })),
    })),
  }
  if (has('--json')) return console.log(JSON.stringify(result, null, 2))
  console.log(`compression: CPU per request, lower quartile of ${rounds} rounds x ${amount} requests${canPin ? ', server pinned to core 0' : ', unpinned'}`)
  console.log(`(3.1 KB JSON: ${wire.plain} bytes plain, ${wire.gzip} gzipped; "x bare" = CPU / node:http's on the plain case)\n`)
  const rows = []
  for (const c of result.cases) for (const row of c.rows) rows.push([c.label, row.server, `${fmt(row.cpuUs, 2)} µs`, `${fmt(row.vsBare, 2)}x`])
  console.log(table(['case', 'server', 'CPU/request', 'x bare'], rows))
}

await main()
