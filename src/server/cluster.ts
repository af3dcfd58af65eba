// `slugline start --workers N`: a primary process forks N workers with node:cluster, each a
// complete server on the same port (the primary holds the listening socket and hands
// connections out round-robin). The primary serves nothing. It replaces a worker that dies,
// after a delay that grows while workers keep dying young, so a handler that crashes its
// process costs one worker for a moment, not the service. A worker that dies before it ever
// listened (the port is taken, the build is unreadable) would die again: the primary stops
// everything and exits 1 instead of looping. SIGTERM/SIGINT to the primary reach every
// worker, which finishes its in-flight requests (shutdown.ts); the primary exits 0 after them.
// SIGHUP to the primary is a rolling restart, the way to deploy a new build on one box: each
// worker in turn is replaced by a new one (which loads the build on disk now), and only once
// the new one listens is the old one stopped gracefully, so there is always a worker serving.
import cluster, { type Worker } from 'node:cluster'

export interface PrimaryOptions {
  workers: number
  /** Called once every first-generation worker listens, with the address they share. */
  onReady(url: string): void
  /** Shortest wait before a dead worker is replaced. Default 100 ms; doubles up to 5 s
   *  while workers die within 10 s of starting, back to this after one lives longer. */
  respawnDelayMs?: number
}

const MAX_RESPAWN_DELAY_MS = 5_000
const YOUNG_DEATH_MS = 10_000

export function isClusterWorker(): boolean {
  return cluster.isWorker
}

function toUrl(address: { address: string | null; port: number }): string {
  const host = address.address === null ? '127.0.0.1' : address.address.includes(':') ? `[${address.address}]` : address.address
  return `http://${host}:${address.port}`
}

/** Runs the primary until a signal stops it (exit 0) or a worker cannot start (exit 1). */
export function runPrimary(options: PrimaryOptions): void {
  const baseDelay = options.respawnDelayMs ?? 100
  let delay = baseDelay
  let stopping = false
  let exitCode = 0
  let readyCount = 0
  const listened = new WeakSet<Worker>()
  const startedAt = new WeakMap<Worker, number>()
  // Our own count: cluster.workers may still hold a worker when its 'exit' arrives.
  const live = new Set<Worker>()

  // Workers being replaced by a rolling restart: their exit is expected.
  const retiring = new WeakSet<Worker>()
  let restarting = false

  function fork(): Worker {
    const worker = cluster.fork()
    startedAt.set(worker, Date.now())
    live.add(worker)
    return worker
  }

  cluster.on('listening', (worker, address) => {
    listened.add(worker)
    if (++readyCount === options.workers) options.onReady(toUrl(address))
  })

  cluster.on('exit', (worker, code, signal) => {
    live.delete(worker)
    if (stopping) {
      if (live.size === 0) process.exit(exitCode)
      return
    }
    if (retiring.has(worker)) return
    const how = signal ? `signal ${signal}` : `code ${code}`
    if (!listened.has(worker)) {
      console.error(`Error: a worker exited with ${how} before it was ready; stopping.`)
      stopAll(1)
      return
    }
    const lived = Date.now() - (startedAt.get(worker) ?? 0)
    delay = lived < YOUNG_DEATH_MS ? Math.min(delay * 2, MAX_RESPAWN_DELAY_MS) : baseDelay
    console.error(`Worker ${worker.process.pid} exited with ${how}; starting a replacement in ${delay} ms.`)
    setTimeout(() => {
      if (!stopping) fork()
    }, delay)
  })

  function stopAll(code: number): void {
    stopping = true
    exitCode = code
    if (live.size === 0) process.exit(exitCode)
    for (const w of live) w.process.kill('SIGTERM')
  }

  /** Resolves true once `worker` listens, false if it exits first. */
  function ready(worker: Worker): Promise<boolean> {
    return new Promise((resolve) => {
      const onListening = () => done(true)
      const onExit = () => done(false)
      const done = (ok: boolean) => {
        worker.off('listening', onListening)
        worker.off('exit', onExit)
        resolve(ok)
      }
      worker.once('listening', onListening)
      worker.once('exit', onExit)
    })
  }

  async function rollingRestart(): Promise<void> {
    if (restarting || stopping) return
    restarting = true
    const old = [...live]
    console.log(`Rolling restart: replacing ${old.length} worker${old.length === 1 ? '' : 's'} one at a time.`)
    for (const worker of old) {
      if (stopping) break
      const fresh = fork()
      if (!(await ready(fresh))) {
        console.error('Error: a new worker exited before it was ready; the rolling restart stops here, the running workers keep serving.')
        restarting = false
        return
      }
      retiring.add(worker)
      const gone = new Promise((resolve) => worker.once('exit', resolve))
      worker.process.kill('SIGTERM')
      await gone
    }
    restarting = false
    if (!stopping) console.log('Rolling restart done.')
  }

  process.once('SIGTERM', () => stopAll(0))
  process.once('SIGINT', () => stopAll(0))
  process.on('SIGHUP', () => void rollingRestart())
  for (let i = 0; i < options.workers; i++) fork()
}
