#!/usr/bin/env node
// What schema validation costs per request: CPU per request of a POST with the 1 KB JSON body
// of bench/http.mjs, answered by the same handler without a schema, with a zod 4 schema and
// with a valibot schema of the body, in pages/api and in an app route; the hand-written
// node:http server's /api/echo as the bare baseline of the same run. Measured as bench/http.mjs
// does (server on core 0, autocannon -c 10 -p 10 on core 1, the server's CPU from /proc, lower
// quartiles over interleaved rounds, warmed up). Not part of bench/run.mjs.
//   node bench/validation.mjs [--rounds 3] [--requests 10000] [--warmup 5000] [--json]
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { cliPath, jsonBody1k, removeApp, repoRoot } from './lib/app.mjs'
import { measure, warm } from './lib/load.mjs'
import { canPin, machine, pinSelf } from './lib/proc.mjs'
import { startServer } from './lib/server.mjs'
import { arg, fmt, has, median, quantile, table } from './lib/stats.mjs'

const rounds = Number(arg('--rounds', '3'))
const amount = Number(arg('--requests', '10000'))
const warmup = Number(arg('--warmup', '5000'))
const log = (...a) => console.error(...a)

const ZOD = `import { z } from 'zod'
export const Body = z.object({ items: z.array(z.object({ id: z.number().int(), name: z.string().min(1), tags: z.array(z.string()) })) })
`
const VALIBOT = `import * as v from 'valibot'
export const Body = v.object({ items: v.array(v.object({ id: v.pipe(v.number(), v.integer()), name: v.pipe(v.string(), v.minLength(1)), tags: v.array(v.string()) })) })
`
const PAGES_HANDLER = `export default function handler(req: any, res: any) {
  res.status(200).json({ received: req.body.items.length, first: req.body.items[0].name })
}
`
const APP_PLAIN = `export async function POST(request: Request) {
  const body = await request.json()
  return Response.json({ received: body.items.length, first: body.items[0].name })
}
`
const APP_SCHEMA = `export const schema = { POST: { body: Body } }
export async function POST(request: Request, { body }: any) {
  return Response.json({ received: body.items.length, first: body.items[0].name })
}
`
const FILES = {
  'lib/zod.ts': ZOD,
  'lib/valibot.ts': VALIBOT,
  'pages/api/plain.ts': PAGES_HANDLER,
  'pages/api/zod.ts': `import { Body } from '../../lib/zod.ts'\nexport const schema = { POST: { body: Body } }\n${PAGES_HANDLER}`,
  'pages/api/valibot.ts': `import { Body } from '../../lib/valibot.ts'\nexport const schema = { POST: { body: Body } }\n${PAGES_HANDLER}`,
  'app/plain/route.ts': APP_PLAIN,
  'app/zod/route.ts': `import { Body } from '../../lib/zod.ts'\n${APP_SCHEMA}`,
  'app/valibot/route.ts': `import { Body } from '../../lib/valibot.ts'\n${APP_SCHEMA}`,
  'pages/api/health.ts': `export default function handler(req: any, res: any) { res.json({ ok: true }) }\n`,
}

function createApp() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-bench-validation-'))
  for (const [rel, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    fs.writeFileSync(path.join(dir, rel), text)
  }
  // zod and valibot from the repo's devDependencies.
  fs.mkdirSync(path.join(dir, 'node_modules'))
  for (const name of ['zod', 'valibot']) fs.symlinkSync(path.join(repoRoot, 'node_modules', name), path.join(dir, 'node_modules', name), 'dir')
  const r = spawnSync(process.execPath, [cliPath, 'build', dir, '--no-typecheck'], { encoding: 'utf8', timeout: 300_000 })
  if (r.status !== 0) throw new Error(`slugline build failed for ${dir}:\n${r.stdout}\n${r.stderr}`)
  return dir
}

const body = jsonBody1k()
const post = (p) => ({ path: p, method: 'POST', body, headers: { 'content-type': 'application/json' } })
const CASES = [
  { id: 'node:http /api/echo (baseline)', server: 'raw', request: post('/api/echo') },
  { id: 'pages/api, no schema', server: 'slugline', request: post('/api/plain') },
  { id: 'pages/api, zod 4', server: 'slugline', request: post('/api/zod') },
  { id: 'pages/api, valibot', server: 'slugline', request: post('/api/valibot') },
  { id: 'app route, no schema (request.json())', server: 'slugline', request: post('/plain') },
  { id: 'app route, zod 4', server: 'slugline', request: post('/zod') },
  { id: 'app route, valibot', server: 'slugline', request: post('/valibot') },
]

export async function runValidationBench() {
  if (!pinSelf(1)) log('warning: taskset or a second core is missing; running unpinned, figures are not comparable')
  const dir = createApp()
  const samples = new Map(CASES.map((c) => [c.id, []]))
  try {
    for (let r = 0; r < rounds; r++) {
      log(`validation: round ${r + 1}/${rounds}`)
      const servers = {
        raw: await startServer('raw', { routes: 10, core: canPin ? 0 : undefined, readyPath: '/api/health' }),
        slugline: await startServer('slugline', { dir, core: canPin ? 0 : undefined, readyPath: '/api/health' }),
      }
      try {
        for (const c of CASES) await warm(servers[c.server], c.request, warmup)
        for (const c of r % 2 ? [...CASES].reverse() : CASES) samples.get(c.id).push((await measure(servers[c.server], c.request, amount)).cpuUs)
      } finally {
        await Promise.all(Object.values(servers).map((s) => s.stop()))
      }
    }
  } finally {
    removeApp(dir)
  }
  const p25 = (id) => quantile(samples.get(id), 0.25)
  const base = p25(CASES[0].id)
  const plain = { pages: p25(CASES[1].id), app: p25(CASES[4].id) }
  return {
    machine: machine(repoRoot),
    date: new Date().toISOString(),
    rounds,
    requests: amount,
    rows: CASES.map((c) => {
      const kind = c.id.startsWith('app') ? 'app' : c.id.startsWith('pages') ? 'pages' : null
      return { case: c.id, cpuUs: p25(c.id), cpuUsMedian: median(samples.get(c.id)), efficiency: base / p25(c.id), overPlainUs: kind === null ? null : p25(c.id) - plain[kind] }
    }),
  }
}

export function formatValidation(result) {
  return table(
    ['case', 'CPU µs/req (p25)', 'CPU µs/req (median)', 'efficiency vs node:http', 'validation µs/req'],
    result.rows.map((r) => [r.case, fmt(r.cpuUs, 2), fmt(r.cpuUsMedian, 2), fmt(r.efficiency, 2), r.overPlainUs === null ? '' : `${r.overPlainUs >= 0 ? '+' : ''}${fmt(r.overPlainUs, 2)}`]),
  )
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runValidationBench()
  if (has('--json')) console.log(JSON.stringify(result))
  else console.log(`${JSON.stringify(result.machine)}\n${result.date}\n${formatValidation(result)}`)
}
