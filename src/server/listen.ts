// Serving a request listener on a port with our request/response classes (so the pages
// helpers live on prototypes), and stopping gracefully: on SIGTERM or SIGINT stop accepting,
// let in-flight requests finish, then exit.
import { createServer as createNodeServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SluglineRequest } from '../runtime/pages/request.ts'
import { SluglineResponse } from '../runtime/pages/response.ts'
import type { RequestListener } from './dispatch.ts'

export interface ListenOptions {
  port?: number
  host?: string
  /** Exit the process on SIGTERM/SIGINT once in-flight requests are done. Default true. */
  handleSignals?: boolean
  /** How long in-flight requests get after a signal before their connections are cut. */
  shutdownTimeoutMs?: number
}

export interface RunningServer {
  server: Server
  url: string
  close(): Promise<void>
}

export function createServer(listener: RequestListener): Server {
  return createNodeServer({ IncomingMessage: SluglineRequest, ServerResponse: SluglineResponse }, listener)
}

/** Stops accepting, closes idle keep-alive connections, resolves when the last request is done. */
export function closeGracefully(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), timeoutMs)
    timer.unref()
    server.close(() => {
      clearTimeout(timer)
      resolve()
    })
    server.closeIdleConnections()
  })
}

export function listen(listener: RequestListener, options: ListenOptions = {}): Promise<RunningServer> {
  const server = createServer(listener)
  const timeout = options.shutdownTimeoutMs ?? 10_000
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      const { address, port } = server.address() as AddressInfo
      const host = address.includes(':') ? `[${address}]` : address
      const running: RunningServer = { server, url: `http://${host}:${port}`, close: () => closeGracefully(server, timeout) }
      if (options.handleSignals ?? true) {
        const stop = () => {
          running.close().then(() => process.exit(0))
        }
        process.once('SIGTERM', stop)
        process.once('SIGINT', stop)
      }
      resolve(running)
    })
  })
}
