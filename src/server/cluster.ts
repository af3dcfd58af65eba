// `slugline start --workers N`: a primary process and N workers (node:cluster processes), each a
// complete server. The primary holds the listening socket itself and hands each connection it
// accepts to a worker in turn, over the worker's IPC channel, before reading a byte of it
// (`pauseOnConnect`, the pattern node:net documents for passing connections between processes).
// node:cluster's own round-robin handle does the same, but keeps the socket open until the last
// worker closes its server and then closes the connections it had accepted and not yet handed
// out: under load, SIGTERM reset a few requests that way (bench/shutdown.mjs, RESULTS.md). Owning
// the socket lets the primary stop in the right order: stop accepting, finish handing out what
// it accepted, and only then tell each worker to stop (a message after those connections on the
// same channel, so it cannot overtake them); each worker then drains (shutdown.ts) and exits.
//
// A worker that dies is replaced, after a delay that grows while workers keep dying young, so a
// handler that crashes its process costs one worker for a moment, not the service. A worker
// that dies before it was ever ready (the build is unreadable) would die again: the primary
// stops everything and exits 1 instead of looping. SIGHUP to the primary is a rolling restart,
// the way to deploy a new build on one box: each worker in turn is replaced by a new one (which
// loads the build on disk now), and only once the new one is ready is the old one taken out of
// the rotation and stopped, so there is always a worker serving.
import cluster, { type Worker } from 'node:cluster'
import type { Server } from 'node:http'
import net, { type AddressInfo } from 'node:net'

export interface PrimaryOptions {
  workers: number
  port: number
  host: string
  /** Called once every first-generation worker is ready, with the address they serve. */
  onReady(url: string): void
  /** Shortest wait before a dead worker is replaced. Default 100 ms; doubles up to 5 s
   *  while workers die within 10 s of starting, back to this after one lives longer. */
  respawnDelayMs?: number
}

const MAX_RESPAWN_DELAY_MS = 5_000
const YOUNG_DEATH_MS = 10_000
/** Set in a worker's environment: connections come from the primary, not from a listen(). */
const HANDOFF_ENV = 'SLUGLINE_CONNECTIONS_FROM_PRIMARY'

type Message = { slugline: 'conn' | 'stop' | 'ready' | 'retire' }

export function isClusterWorker(): boolean {
  return cluster.isWorker
}

/** Whether this process is a worker that takes its connections from the primary. */
export function servesHandedConnections(): boolean {
  return cluster.isWorker && process.env[HANDOFF_ENV] === '1'
}

const isMessage = (m: unknown, kind: Message['slugline']) => typeof m === 'object' && m !== null && (m as Message).slugline === kind

/** In a worker: serves the connections the primary hands over on `server`, tells the primary it
 *  is ready, and calls `stop` when the primary says so, when a signal asks this worker to stop
 *  (the primary is asked to take it out of the rotation first), or when the primary is gone. */
export function serveHandedConnections(server: Server, stop: () => void): void {
  // Node's connection tracking (headersTimeout, requestTimeout, closeAllConnections) starts on
  // 'listening'; this server never listens itself.
  server.emit('listening')
  process.on('message', (message: unknown, socket: unknown) => {
    if (isMessage(message, 'conn') && socket instanceof net.Socket) {
      // As http.Server's own accepted sockets are: half-open allowed (it answers after the
      // client's FIN) and Nagle off (without it, a keep-alive answer can wait ~40 ms for an ACK).
      ;(socket as net.Socket & { allowHalfOpen: boolean }).allowHalfOpen = true
      socket.setNoDelay(true)
      server.emit('connection', socket)
    } else if (isMessage(message, 'stop')) stop()
  })
  const retire = () => (process.connected ? process.send!({ slugline: 'retire' } satisfies Message) : stop())
  process.on('SIGTERM', retire)
  process.on('SIGINT', retire)
  process.once('disconnect', stop)
  process.send!({ slugline: 'ready' } satisfies Message)
}

function toUrl(address: AddressInfo): string {
  const host = address.address.includes(':') ? `[${address.address}]` : address.address
  return `http://${host}:${address.port}`
}

/** Forks the workers, listens once the first is ready (so the port answers only when a worker
 *  has run the app's start-up, instrumentation's register() included, as before), and runs until
 *  a signal stops it (exit 0) or a worker cannot start (exit 1). Rejects with the listen error
 *  (a port in use), after stopping the workers. */
export function runPrimary(options: PrimaryOptions): Promise<void> {
  const listener = net.createServer({ pauseOnConnect: true })
  let url = ''
  let listening: Promise<void> | null = null
  let settle!: { resolve: () => void; reject: (err: unknown) => void }
  const started = new Promise<void>((resolve, reject) => (settle = { resolve, reject }))
  const listen = () =>
    (listening ??= new Promise<void>((resolve, reject) => {
      listener.once('error', reject)
      listener.listen(options.port, options.host, () => {
        listener.off('error', reject)
        listener.on('error', (err) => console.error('Error on the listening socket:', err))
        url = toUrl(listener.address() as AddressInfo)
        resolve()
      })
    }).then(settle.resolve, (err: unknown) => {
      // Stop the workers quietly; the caller says what went wrong and exits 1.
      stopping = true
      exitCode = 1
      for (const w of live) w.process.kill('SIGKILL')
      settle.reject(err)
      return Promise.reject(err)
    }))

  const baseDelay = options.respawnDelayMs ?? 100
  let delay = baseDelay
  let stopping = false
  let exitCode = 0
  let firstReady = 0
  let restarting = false
  const live = new Set<Worker>()
  const ready = new WeakSet<Worker>()
  const startedAt = new WeakMap<Worker, number>()
  /** Workers taking connections, in turn. */
  let rotation: Worker[] = []
  let turn = 0
  /** Connections sent to each worker and not yet written to its channel. */
  const sending = new Map<Worker, number>()
  /** Connections accepted while no worker was ready. */
  const waiting: net.Socket[] = []
  const drained = new Map<Worker, Array<() => void>>()

  function handOff(socket: net.Socket): void {
    if (rotation.length === 0) return void waiting.push(socket)
    const worker = rotation[turn++ % rotation.length]!
    sending.set(worker, (sending.get(worker) ?? 0) + 1)
    worker.send({ slugline: 'conn' } satisfies Message, socket, { keepOpen: false }, (err) => {
      if (err) socket.destroy()
      const left = sending.get(worker)! - 1
      sending.set(worker, left)
      if (left === 0) for (const done of drained.get(worker)?.splice(0) ?? []) done()
    })
  }
  listener.on('connection', handOff)

  /** Takes `worker` out of the rotation; resolves once what it was sent is on its channel. */
  function takeOut(worker: Worker): Promise<void> {
    rotation = rotation.filter((w) => w !== worker)
    if (!(sending.get(worker) ?? 0)) return Promise.resolve()
    return new Promise((resolve) => {
      const list = drained.get(worker) ?? []
      list.push(resolve)
      drained.set(worker, list)
    })
  }

  function stopWorker(worker: Worker): void {
    void takeOut(worker).then(() => {
      if (worker.isConnected()) worker.send({ slugline: 'stop' } satisfies Message)
      else worker.process.kill('SIGTERM')
    })
  }

  function fork(): Worker {
    const worker = cluster.fork({ [HANDOFF_ENV]: '1' })
    startedAt.set(worker, Date.now())
    live.add(worker)
    worker.on('message', (message: unknown) => {
      if (isMessage(message, 'ready')) {
        ready.add(worker)
        if (stopping) return stopWorker(worker)
        rotation.push(worker)
        for (const socket of waiting.splice(0)) handOff(socket)
        void listen().then(
          () => {
            if (++firstReady === options.workers) options.onReady(url)
          },
          () => {},
        )
        worker.emit('slugline:ready')
      } else if (isMessage(message, 'retire') && !stopping) stopWorker(worker)
    })
    return worker
  }

  cluster.on('exit', (worker, code, signal) => {
    live.delete(worker)
    rotation = rotation.filter((w) => w !== worker)
    for (const done of drained.get(worker)?.splice(0) ?? []) done()
    if (stopping) {
      if (live.size === 0) process.exit(exitCode)
      return
    }
    if (retiring.has(worker)) return
    const how = signal ? `signal ${signal}` : `code ${code}`
    if (!ready.has(worker)) {
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
    if (stopping) return
    stopping = true
    exitCode = code
    if (listener.listening) listener.close()
    for (const socket of waiting.splice(0)) socket.destroy()
    if (live.size === 0) process.exit(exitCode)
    for (const w of live) stopWorker(w)
  }

  /** Resolves true once `worker` is ready, false if it exits first. */
  function whenReady(worker: Worker): Promise<boolean> {
    return new Promise((resolve) => {
      const onReady = () => done(true)
      const onExit = () => done(false)
      const done = (ok: boolean) => {
        worker.off('slugline:ready', onReady)
        worker.off('exit', onExit)
        resolve(ok)
      }
      worker.once('slugline:ready', onReady)
      worker.once('exit', onExit)
    })
  }

  // Workers being replaced by a rolling restart: their exit is expected.
  const retiring = new WeakSet<Worker>()
  async function rollingRestart(): Promise<void> {
    if (restarting || stopping) return
    restarting = true
    const old = [...live]
    console.log(`Rolling restart: replacing ${old.length} worker${old.length === 1 ? '' : 's'} one at a time.`)
    for (const worker of old) {
      if (stopping) break
      const fresh = fork()
      if (!(await whenReady(fresh))) {
        console.error('Error: a new worker exited before it was ready; the rolling restart stops here, the running workers keep serving.')
        restarting = false
        return
      }
      retiring.add(worker)
      const gone = new Promise((resolve) => worker.once('exit', resolve))
      stopWorker(worker)
      await gone
    }
    restarting = false
    if (!stopping) console.log('Rolling restart done.')
  }

  process.once('SIGTERM', () => stopAll(0))
  process.once('SIGINT', () => stopAll(0))
  process.on('SIGHUP', () => void rollingRestart())
  for (let i = 0; i < options.workers; i++) fork()
  return started
}
