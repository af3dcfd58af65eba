// The load generator: autocannon, pipelining 10 deep on 10 connections, for a fixed number of
// requests, so every run stops by itself; the server's CPU across the run read from /proc.
// Each server gets its own generator process (lib/loadgen-child.mjs), pinned to the core the
// server is not on.
import { fork, spawnSync } from 'node:child_process'
import path from 'node:path'
import autocannon from 'autocannon'
import { canPin, cpuNs } from './proc.mjs'

export const PIPELINING = 10
export const CONNECTIONS = 10

const CHILD = path.join(path.dirname(new URL(import.meta.url).pathname), 'loadgen-child.mjs')

function loadgenFor(server) {
  if (server.loadgen) return server.loadgen
  const child = fork(CHILD, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  // The fork inherits this process's core (pinSelf); pinned again in case the caller did not.
  if (canPin) spawnSync('taskset', ['-pc', '1', String(child.pid)], { stdio: 'ignore' })
  // Idle between runs, the child must not keep this process alive.
  child.unref()
  child.channel?.unref()
  const stop = server.stop
  server.stop = async () => {
    child.kill()
    await stop()
  }
  server.loadgen = (options) =>
    new Promise((resolve, reject) => {
      const died = (code) => reject(new Error(`the load generator for ${server.kind} exited with ${code}`))
      child.channel?.ref()
      child.once('exit', died)
      child.once('message', (m) => {
        child.off('exit', died)
        child.channel?.unref()
        if (m.error) reject(new Error(m.error))
        else resolve(m)
      })
      child.send(options)
    })
  return server.loadgen
}

/** autocannon options for `amount` requests of `request` ({ path, method, body, headers }). */
function options(server, request, amount) {
  return {
    url: server.base + request.path,
    method: request.method ?? 'GET',
    body: request.body,
    headers: request.headers,
    amount,
    connections: CONNECTIONS,
    pipelining: PIPELINING,
    timeout: 10,
    // autocannon notices it is done only at a sample tick (1 s by default), which made every
    // run of a fixed request count last a whole number of seconds.
    sampleInt: 50,
  }
}

/** Sends `amount` requests unmeasured (JIT warm-up of a fresh server). */
export async function warm(server, request, amount) {
  const result = await loadgenFor(server)(options(server, request, amount))
  if (result.non2xx + result.errors + result.timeouts > 0) throw new Error(`${server.kind} ${request.path}: failed during warm-up`)
}

/**
 * Sends `amount` requests of `request` to `server` ({ kind, base, pid }) and returns the
 * server's CPU per request (µs) with req/s and latency (ms).
 */
export async function measure(server, request, amount) {
  const run = loadgenFor(server)
  // Load the server as long again first, unmeasured: a Node process that sat idle while the
  // others were measured costs more per request for its first few seconds back.
  await run(options(server, request, amount))
  const before = cpuNs(server.pid)
  const t0 = performance.now()
  const result = await run(options(server, request, amount))
  const seconds = (performance.now() - t0) / 1000
  // Let the server finish the pipelined requests still in its buffers before reading its CPU.
  await new Promise((r) => setTimeout(r, 30))
  const cpu = cpuNs(server.pid) - before
  const bad = result.non2xx + result.errors + result.timeouts
  if (bad > 0) throw new Error(`${server.kind} ${request.path}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`)
  // Every request sent is answered; autocannon stops counting answers at its last sample
  // tick, a few dozen early, so divide by what it sent.
  return { cpuUs: cpu / 1000 / result.sent, rps: result.sent / seconds, p50: result.p50, p99: result.p99 }
}

/** A fixed-duration run for throughput (the workers case), in this process, CPU not measured. */
export function throughput(base, request, seconds, { connections = 50, pipelining = PIPELINING } = {}) {
  return new Promise((resolve, reject) => {
    autocannon({ url: base + request.path, duration: seconds, connections, pipelining }, (err, result) => {
      if (err) return reject(err)
      resolve({ rps: result.requests.total / result.duration, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors })
    })
  })
}
