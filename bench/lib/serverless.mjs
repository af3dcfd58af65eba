// Cold start and CPU per request of the lambda and workers targets against the same
// platform's hand-written handler, for bench/targets.mjs:
//
// - Lambda (lambda-invoke.mjs, one simulated instance per process, pinned to core 0): init,
//   module load to ready, measured inside the process; cold start, spawn to the first
//   invocation answered (/api/r0/x, which loads that route's module); CPU per invocation,
//   process.cpuUsage over a fixed number of sequential invocations, the events parsed from
//   JSON each time as the runtime does. No HTTP: that is API Gateway's work, not the function's.
// - Workers (workerd from miniflare, one isolate; its process pinned to core 0): cold start,
//   `new Miniflare()` to the first 200 from /api/r0/x (workerd's own start included, the same
//   for both); CPU per request, workerd's CPU from /proc under autocannon load on core 1, as
//   bench/http.mjs measures servers.
import { fork, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import autocannon from 'autocannon'
import { CONNECTIONS, PIPELINING } from './load.mjs'
import { canPin, cpuNs, processTree } from './proc.mjs'
import { get, serversDir } from './server.mjs'

const INVOKE = path.join(path.dirname(new URL(import.meta.url).pathname), 'lambda-invoke.mjs')

/** Runs lambda-invoke.mjs on `file`; resolves the messages it sent and the spawn-to-first-answer time. */
export function invokeLambda(file, { cpu, cases, routes } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const args = cpu ? [file, '--cpu', String(cpu)] : [file]
    const child = fork(INVOKE, args, {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, NODE_ENV: 'production', BENCH_ROUTES: String(routes ?? 100), BENCH_CASES: JSON.stringify(cases ?? []) },
    })
    if (canPin) spawnSync('taskset', ['-pc', '0', String(child.pid)], { stdio: 'ignore' })
    const out = { cases: [] }
    child.on('message', (m) => {
      if (m.firstMs !== undefined) out.coldMs = performance.now() - t0
      if (m.case !== undefined) out.cases.push(m)
      else Object.assign(out, m)
    })
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`lambda-invoke ${file} exited with ${code}`))))
  })
}

/** The bare worker: bench/servers/fetch-raw.mjs's handler as `export default { fetch }`, bundled. */
export async function bareWorker(outDir) {
  const { build } = await import('esbuild')
  const entry = path.join(outDir, 'bare-entry.mjs')
  fs.writeFileSync(entry, `import { handle } from ${JSON.stringify(path.join(serversDir, 'fetch-raw.mjs'))}\nexport default { fetch: handle }\n`)
  const file = path.join(outDir, 'bare-worker.mjs')
  await build({ entryPoints: [entry], outfile: file, bundle: true, format: 'esm', platform: 'neutral', external: ['node:*'], logLevel: 'warning' })
  return file
}

function workerdPid(before) {
  for (const pid of processTree(process.pid)) {
    if (before.has(pid)) continue
    let cmd = ''
    try {
      cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    } catch {
      continue
    }
    if (/workerd/.test(cmd.split('\0')[0] ?? '')) return pid
  }
  throw new Error('no workerd process found')
}

/** Starts `file` as a worker under workerd and resolves once /api/r0/x answers 200. */
export async function startWorker(file, { compatibilityDate = '2026-04-01' } = {}) {
  const { Miniflare } = await import('miniflare')
  const before = new Set(processTree(process.pid))
  const t0 = performance.now()
  const mf = new Miniflare({ modules: true, scriptPath: file, modulesRoot: path.dirname(file), compatibilityDate, compatibilityFlags: ['nodejs_compat'] })
  const base = String(await mf.ready).replace(/\/$/, '')
  const r = await get(`${base}/api/r0/x`)
  if (r.status !== 200) throw new Error(`${file}: /api/r0/x answered ${r.status} ${r.body}`)
  const coldMs = performance.now() - t0
  const pid = workerdPid(before)
  if (canPin) spawnSync('taskset', ['-apc', '0', String(pid)], { stdio: 'ignore' })
  return { kind: path.basename(file), base, pid, coldMs, stop: () => mf.dispose() }
}

function run(server, request, amount) {
  return new Promise((resolve, reject) => {
    const opts = { url: server.base + request.path, method: request.method ?? 'GET', body: request.body, headers: request.headers, amount, connections: CONNECTIONS, pipelining: PIPELINING, timeout: 10, sampleInt: 50 }
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)))
  })
}

/**
 * CPU per request of workerd, as lib/load.mjs measures servers (autocannon -c 10 -p 10 from
 * this process, pinned to core 1 by the caller), but a run in which workerd reset connections
 * (it now and then resets all ten of a run at once, on either worker) is run again, up to 3
 * times, instead of failing the benchmark; non-2xx answers still fail it.
 */
export async function measureWorker(server, request, amount) {
  await run(server, request, amount)
  for (let attempt = 0; ; attempt++) {
    const before = cpuNs(server.pid)
    const t0 = performance.now()
    const result = await run(server, request, amount)
    const seconds = (performance.now() - t0) / 1000
    await new Promise((r) => setTimeout(r, 30))
    const cpu = cpuNs(server.pid) - before
    if (result.non2xx > 0) throw new Error(`${server.kind} ${request.path}: ${result.non2xx} non-2xx`)
    if ((result.errors + result.timeouts > 0) && attempt < 2) continue
    return { cpuUs: cpu / 1000 / result.requests.total, rps: result.requests.total / seconds, errors: result.errors }
  }
}

export const warmWorker = (server, request, amount) => run(server, request, amount)
