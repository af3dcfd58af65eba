// Serving a request listener on a port with our request/response classes (so the pages
// helpers live on prototypes), and stopping gracefully (shutdown.ts): on SIGTERM or SIGINT
// stop accepting, finish the requests in flight, then exit.
import { createServer as createNodeServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SluglineRequest } from '../runtime/pages/request.ts'
import { SluglineResponse } from '../runtime/pages/response.ts'
import { serveHandedConnections, servesHandedConnections } from './cluster.ts'
import type { RequestListener } from './dispatch.ts'
import { trackConnections, type ShutdownReport } from './shutdown.ts'

export interface ListenOptions {
  port?: number
  host?: string
  /** Exit the process on SIGTERM/SIGINT once in-flight requests are done. Default true. */
  handleSignals?: boolean
  /** How long in-flight requests get after a signal before what is still open is ended.
   *  Default 10 s. */
  shutdownTimeoutMs?: number
  /** Say on stderr what shutdown waits for and how it ended. Default: with handleSignals. */
  logShutdown?: boolean
  /** Node's server timeouts, in ms (Node's defaults: 5 s, 60 s, 300 s). keepAliveTimeout:
   *  how long an idle keep-alive connection stays open; headersTimeout: the longest a client
   *  may take to send the request headers; requestTimeout: the whole request, body included
   *  (0: no limit). A client past either gets 408. */
  keepAliveTimeout?: number
  headersTimeout?: number
  requestTimeout?: number
}

export interface RunningServer {
  server: Server
  url: string
  /** Stops gracefully (shutdown.ts); resolves once every connection has closed. */
  close(): Promise<ShutdownReport>
}

export function createServer(listener: RequestListener, connectionsCheckingInterval?: number): Server {
  return createNodeServer({ IncomingMessage: SluglineRequest, ServerResponse: SluglineResponse, connectionsCheckingInterval }, listener)
}

/** How often Node checks connections against headersTimeout and requestTimeout. Its default,
 *  30 s, lets a client stall up to 30 s past a short limit; a quarter of the shortest limit set
 *  keeps the cut within 25% of it (one pass over the open connections each time). */
function checkingInterval(options: ListenOptions): number | undefined {
  const limits = [options.headersTimeout, options.requestTimeout].filter((ms): ms is number => ms !== undefined && ms > 0)
  if (limits.length === 0) return undefined
  return Math.min(30_000, Math.max(25, Math.floor(Math.min(...limits) / 4)))
}

export function listen(listener: RequestListener, options: ListenOptions = {}): Promise<RunningServer> {
  const server = createServer(listener, checkingInterval(options))
  if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout
  if (options.headersTimeout !== undefined) server.headersTimeout = options.headersTimeout
  if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout
  const stopper = trackConnections(server)
  const grace = options.shutdownTimeoutMs ?? 10_000
  const handleSignals = options.handleSignals ?? true
  const log = options.logShutdown ?? handleSignals
  const close = async (): Promise<ShutdownReport> => {
    const waiting = stopper.inFlight()
    if (log && waiting > 0) {
      console.error(`Stopping: waiting for ${waiting} request${waiting === 1 ? '' : 's'} in flight to finish (at most ${grace} ms).`)
    }
    const report = await stopper.close(grace)
    if (log && report.cut > 0) {
      console.error(`Stopped: the grace period of ${grace} ms ran out; ended ${report.cut} response${report.cut === 1 ? '' : 's'} still open.`)
    }
    return report
  }
  const stop = () => void close().then(() => process.exit(0))
  if (servesHandedConnections()) {
    // A `--workers` worker: the primary listens and hands connections over (cluster.ts).
    serveHandedConnections(server, handleSignals ? stop : () => void close())
    const port = options.port ?? 3000
    return Promise.resolve({ server, url: `http://${options.host ?? '127.0.0.1'}:${port}`, close })
  }
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      const { address, port } = server.address() as AddressInfo
      const host = address.includes(':') ? `[${address}]` : address
      const running: RunningServer = { server, url: `http://${host}:${port}`, close }
      if (handleSignals) {
        process.once('SIGTERM', stop)
        process.once('SIGINT', stop)
      }
      resolve(running)
    })
  })
}
