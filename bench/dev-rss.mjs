#!/usr/bin/env node
// `slugline dev` resident memory across reloads (issue 12): the real CLI serving one 20 KB
// route, the route saved again and again the way an editor saves it, each save followed by
// requests until one shows the new code. Resident size (VmRSS from /proc) of the dev process
// and of esbuild's service process, summed, sampled after a warm-up of 20 reloads and every
// 100 reloads after it; heap after a forced GC beside it. Target: under 10 MB of RSS growth
// per 200 reloads.
//   node bench/dev-rss.mjs [--reloads 800] [--json]
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { cliPath, repoRoot } from './lib/app.mjs'
import { machine, processTree, rssBytes } from './lib/proc.mjs'
import { freePort } from './lib/server.mjs'
import { arg, fmt, has, table } from './lib/stats.mjs'

const reloads = Number(arg('--reloads', '800'))
const WARMUP = 20
const log = (...a) => console.error(...a)

/** A handler of about 20 KB: a table of strings and a function per row, like generated code. */
function route(version) {
  const rows = Array.from({ length: 200 }, (_, i) => `  { id: ${i}, name: 'row-${i}-${'x'.repeat(40)}', f: (n: number) => n * ${i} + ${version} },`)
  return `import type { NextApiRequest, NextApiResponse } from 'next'

const TABLE = [
${rows.join('\n')}
]

export default function handler(req: NextApiRequest, res: NextApiResponse) {
  const row = TABLE[Number(req.query.i ?? 0) % TABLE.length]!
  res.status(200).json({ version: ${version}, id: row.id, value: row.f(2) })
}
`
}
const MEM_ROUTE = `export default function handler(_req: any, res: any) {
  ;(globalThis as any).gc()
  res.status(200).json(process.memoryUsage())
}
`

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
function get(base, urlPath) {
  return new Promise((resolve, reject) => {
    const req = http.get(base + urlPath, { agent }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d) => (body += d))
      res.on('end', () => resolve({ status: res.statusCode, body }))
    })
    req.on('error', reject)
  })
}

const mb = (bytes) => bytes / 1024 / 1024

async function main() {
  const m = machine()
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-dev-rss-')))
  const file = path.join(dir, 'pages/api/big.ts')
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, route(0))
  fs.writeFileSync(path.join(dir, 'pages/api/mem.ts'), MEM_ROUTE)
  log(`route: ${(Buffer.byteLength(route(0)) / 1024).toFixed(1)} KB; ${reloads} reloads`)
  const port = await freePort()
  const child = spawn(process.execPath, ['--expose-gc', cliPath, 'dev', dir, '--port', String(port), '--host', '127.0.0.1'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NO_COLOR: '1' },
  })
  const base = `http://127.0.0.1:${port}`
  try {
    for (const end = Date.now() + 30_000; ; ) {
      if (Date.now() > end) throw new Error('slugline dev did not answer')
      const r = await get(base, '/api/big').catch(() => null)
      if (r?.status === 200) break
      await new Promise((r) => setTimeout(r, 10))
    }
    let version = 0
    const reload = async () => {
      version++
      fs.writeFileSync(file, route(version))
      for (const t0 = performance.now(); ; ) {
        const r = await get(base, `/api/big?i=${version}`)
        if (r.status === 200 && r.body.includes(`"version":${version},`)) return
        if (performance.now() - t0 > 10_000) throw new Error(`version ${version} never showed: ${r.status} ${r.body}`)
      }
    }
    const sample = async (n) => {
      const heap = JSON.parse((await get(base, '/api/mem')).body)
      // Let the GC's freeing reach the resident size before reading it.
      await new Promise((r) => setTimeout(r, 200))
      const pids = processTree(child.pid)
      const node = rssBytes(child.pid)
      const esbuild = pids.slice(1).reduce((s, p) => s + (rssBytes(p) || 0), 0)
      return { reloads: n, node, esbuild, total: node + esbuild, heapUsed: heap.heapUsed, processes: pids.length }
    }
    for (let i = 0; i < WARMUP; i++) await reload()
    const samples = [await sample(0)]
    const t0 = performance.now()
    for (let i = 1; i <= reloads; i++) {
      await reload()
      if (i % 100 === 0) samples.push(await sample(i))
    }
    const seconds = (performance.now() - t0) / 1000
    const at = (n) => samples.find((s) => s.reloads === n) ?? samples.at(-1)
    const growth = (n, key = 'total') => mb(at(n)[key] - samples[0][key])
    const result = { machine: `${m.model} x${m.cores}, Node ${m.node}`, date: new Date().toISOString(), seconds, samples }
    if (has('--json')) return console.log(JSON.stringify(result, null, 2))
    console.log(`slugline dev, one 20 KB route saved ${reloads} times (after ${WARMUP} warm-up saves), ${m.date}, ${result.machine}, ${fmt(seconds, 1)} s\n`)
    console.log(
      table(
        ['reloads', 'RSS dev process MB', 'RSS esbuild MB', 'RSS total MB', 'growth since 0 MB', 'heap after GC MB'],
        samples.map((s) => [String(s.reloads), fmt(mb(s.node)), fmt(mb(s.esbuild)), fmt(mb(s.total)), fmt(mb(s.total - samples[0].total)), fmt(mb(s.heapUsed))]),
      ),
    )
    const per200 = reloads >= 200 ? growth(200) : NaN
    console.log(`\nRSS growth over the first 200 reloads: ${fmt(per200)} MB (target < 10: ${per200 < 10 ? 'met' : 'MISSED'}); over ${reloads}: ${fmt(growth(reloads))} MB`)
  } finally {
    child.kill('SIGTERM')
    agent.destroy()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

await main()
