// `slugline start --workers N`: a primary process forks N workers with node:cluster, each a
// complete server on the same port (the primary holds the listening socket and hands
// connections out round-robin). The primary serves nothing. It replaces a worker that dies,
// after a delay that grows while workers keep dying young, so a handler that crashes its
// process costs one worker for a moment, not the service. A worker that dies before it ever
// listened (the port is taken, the build is unreadable) would die again: the primary stops
// everything and exits 1 instead of looping. SIGTERM/SIGINT to the primary reach every
// worker, which finishes its in-flight requests (listen.ts); the primary exits 0 after them.
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

  function fork(): void {
    const worker = cluster.fork()
    startedAt.set(worker, Date.now())
    live.add(worker)
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

  process.once('SIGTERM', () => stopAll(0))
  process.once('SIGINT', () => stopAll(0))
  for (let i = 0; i < options.workers; i++) fork()
}
