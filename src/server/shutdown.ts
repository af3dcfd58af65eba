// Stopping a server without losing a request. On close():
// - stop accepting connections;
// - answer every request in flight, and any that still arrives on a connection already open
//   (pipelined, or sent as the signal landed), with `Connection: close`, so its connection
//   closes after it instead of waiting for another request;
// - close idle keep-alive connections once they have stayed idle for one sweep (100 ms).
//   Closing them at the instant of the signal resets any request a client is sending at that
//   moment: under keep-alive load a connection is idle only between a response and the next
//   request (measured: a rolling restart of 2 workers under 8 keep-alive clients reset 6+
//   requests that way). One that carries a request in the meantime is closed by that
//   request's `Connection: close` instead;
// - resolve as soon as the last connection has closed;
// - when the grace period runs out first, end what is still open cleanly (a stream gets its
//   end, a request still waiting for its handler a 503), say how many, and close the rest.
// Connections are tracked one by one (a Set and a 'close' listener per connection, not per
// request); which request a connection is serving is Node's `socket._httpMessage`, the field
// Node's own server and libraries such as http-terminator read.
import type { Server, ServerResponse } from 'node:http'
import { Server as NetServer, type Socket } from 'node:net'

const netClose = NetServer.prototype.close

export interface ShutdownReport {
  /** Requests in flight when shutdown began. */
  inFlight: number
  /** Responses still open when the grace period ended, and ended then. */
  cut: number
}

type TrackedSocket = Socket & { _httpMessage?: ServerResponse | null }

export interface Stopper {
  /** Begins a graceful stop; the same promise on every call. */
  close(graceMs: number): Promise<ShutdownReport>
  /** Requests being answered right now. */
  inFlight(): number
}

/** Starts tracking `server`'s connections; call before it listens. */
export function trackConnections(server: Server): Stopper {
  const sockets = new Set<TrackedSocket>()
  // Set once close() began: called as each connection closes, it resolves once none is left.
  let whenEmpty: (() => void) | null = null
  server.on('connection', (socket: TrackedSocket) => {
    sockets.add(socket)
    socket.once('close', () => {
      sockets.delete(socket)
      whenEmpty?.()
    })
  })
  const busy = () => [...sockets].filter((s) => s._httpMessage != null && !s._httpMessage.writableFinished)
  let closing: Promise<ShutdownReport> | undefined

  function close(graceMs: number): Promise<ShutdownReport> {
    return (closing ??= new Promise((resolve) => {
      const inFlight = busy()
      const report: ShutdownReport = { inFlight: inFlight.length, cut: 0 }
      // Done when the listener has closed and every connection with it. net.Server's own close
      // callback counts only the connections it accepted itself, not those a `--workers` worker
      // is handed by the primary (cluster.ts), so the connections are counted here.
      let listenerClosed = false
      const finish = () => {
        if (!listenerClosed || sockets.size > 0) return
        whenEmpty = null
        clearTimeout(timer)
        clearInterval(sweeper)
        resolve(report)
      }
      whenEmpty = finish
      // Connections idle at the last sweep; closed at the next one if still idle.
      const idle = new Set<TrackedSocket>()
      const sweep = () => {
        for (const s of sockets) {
          if (s._httpMessage != null && !s._httpMessage.writableFinished) idle.delete(s)
          else if (idle.has(s)) s.destroy()
          else idle.add(s)
        }
      }
      const sweeper = setInterval(sweep, 100)
      sweeper.unref()
      // Every request from now on is the last on its connection.
      const lastOnConnection = (req: { socket: TrackedSocket }, res: ServerResponse) => {
        idle.delete(req.socket)
        closeAfter(res)
      }
      server.prependListener('request', lastOnConnection)
      // A response whose headers are already out said keep-alive: its connection is left to
      // the next request (told to close) or to the sweep. Closing it as this response finishes
      // would reset a request the client may already have sent on it.
      const closeAfter = (res: ServerResponse) => {
        if (!res.headersSent) res.setHeader('Connection', 'close')
      }
      for (const s of inFlight) closeAfter(s._httpMessage!)
      const timer = setTimeout(() => {
        for (const s of busy()) {
          const res = s._httpMessage!
          report.cut++
          if (res.headersSent) res.end()
          else {
            res.statusCode = 503
            res.setHeader('Connection', 'close')
            res.end('Service Unavailable')
          }
        }
        // Give what was just ended a moment to flush, then close everything.
        setTimeout(() => {
          server.closeAllConnections()
          for (const s of sockets) s.destroy()
        }, 100).unref()
      }, graceMs)
      timer.unref()
      // net.Server's close, not http.Server's: since Node 19 the latter also closes every idle
      // connection at once, which is the reset the sweep exists to avoid.
      netClose.call(server, () => {
        listenerClosed = true
        finish()
      })
      sweep()
    }))
  }

  return { close, inFlight: () => busy().length }
}
