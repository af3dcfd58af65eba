// Serves one in-test app route module on a real node:http server (127.0.0.1, free port), the
// way the dispatcher hands requests to runAppRoute, and captures what it logs to stderr.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { runAppRoute, type RouteParams } from '../../../src/runtime/app/run-route.ts'

export interface ServedRoute {
  base: string
  port: number
  /** The node request of the latest request, for checks on how the body was read. */
  lastReq(): http.IncomingMessage | undefined
  close(): Promise<void>
}

export async function serveRoute(
  mod: Record<string, unknown>,
  options: { params?: RouteParams; dev?: boolean } = {},
): Promise<ServedRoute> {
  let last: http.IncomingMessage | undefined
  const server = http.createServer((req, res) => {
    last = req
    void runAppRoute(mod, req, res, options.params ?? {}, { dev: options.dev ?? false })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    lastReq: () => last,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Replaces console.error while `fn` runs; returns what was logged, as text. */
export async function captureConsoleError<T>(fn: () => Promise<T>): Promise<{ result: T; logged: string }> {
  const original = console.error
  const lines: string[] = []
  console.error = (...args: unknown[]) => {
    lines.push(args.map((a) => (a instanceof Error ? String(a.stack) : String(a))).join(' '))
  }
  try {
    const result = await fn()
    return { result, logged: lines.join('\n') }
  } finally {
    console.error = original
  }
}

/** A promise and the function that resolves it, for stepping a producer from the test. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

/** Rejects after `ms` with `what` in the message, so a hung stream fails the test quickly. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
