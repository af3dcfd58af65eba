// Starting a server under test as its own process (pinned to a core when asked), waiting
// until it answers, and stopping it. Every server listens on 127.0.0.1.
import { spawn } from 'node:child_process'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import { pinned } from './proc.mjs'
import { cliPath, repoRoot } from './app.mjs'
import { nextBin } from './next-app.mjs'

export const serversDir = path.join(repoRoot, 'bench', 'servers')

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

/** One GET; resolves { status, headers, body } or rejects on a connection error. */
export function get(url, options = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d) => (body += d))
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

/** The command line of each kind of server. `slugline` is the real CLI serving a built app;
 *  `script` runs `options.script`. */
export function serverCommand(kind, { port, dir, routes = 100, flags = [], cli = cliPath, script, command }) {
  // A server run by another program (Bun, Deno: bench/fetch-runtimes.mjs), given as [cmd, args] with the port appended.
  if (kind === 'command') return [command[0], [...command[1], '--port', String(port), '--routes', String(routes), ...flags]]
  if (kind === 'slugline') return [process.execPath, [cli, 'start', dir, '--port', String(port), '--host', '127.0.0.1', ...flags]]
  // Any other server script taking --port and --host (a deploy target's output: bench/targets.mjs).
  if (kind === 'script') return [process.execPath, [script, '--port', String(port), '--host', '127.0.0.1', ...flags]]
  if (kind === 'next') return [process.execPath, [nextBin(), 'start', '--port', String(port), '--hostname', '127.0.0.1']]
  return [process.execPath, [path.join(serversDir, `${kind}.mjs`), '--port', String(port), '--routes', String(routes), ...flags]]
}

/**
 * Spawns a server and resolves once `readyPath` answers 200: { pid, base, child, startMs, stop }.
 * `startMs` is spawn to that first 200 (polling every `pollMs`).
 */
export async function startServer(kind, options) {
  const port = options.port ?? (await freePort())
  const [cmd, args] = serverCommand(kind, { ...options, port })
  const [pcmd, pargs] = options.core === undefined ? [cmd, args] : pinned(options.core, cmd, args)
  const started = performance.now()
  const child = spawn(pcmd, pargs, { cwd: options.cwd ?? (kind === 'next' ? options.dir : repoRoot), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production', ...options.env } })
  let log = ''
  child.stdout.on('data', (d) => (log += d))
  child.stderr.on('data', (d) => (log += d))
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + (options.timeoutMs ?? 30_000)
  const pollMs = options.pollMs ?? 5
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${kind} exited with ${child.exitCode} before answering:\n${log}`)
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`${kind} did not answer ${options.readyPath} within the deadline:\n${log}`)
    }
    try {
      const r = await get(base + options.readyPath)
      if (r.status === 200) break
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, pollMs))
  }
  const startMs = performance.now() - started
  return {
    kind,
    pid: child.pid,
    base,
    child,
    startMs,
    log: () => log,
    stop: () => stopChild(child),
  }
}

export function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}
