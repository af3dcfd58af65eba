// `slugline start --log [text|json]`: one line per request once its response is done, on
// stdout. Off by default, as in `next start`.
//   text  `GET /api/items?page=2 200 4.1 ms`, and for a client that went away before the
//         response was complete: `GET /api/slow aborted by the client after 1003.2 ms (status 200 not sent in full)`
//   json  newline-delimited JSON with pino-http's field names, so log pipelines built for pino
//         take it as is: {"level":30,"time":<epoch ms>,"pid":..,"hostname":..,"req":{"method",
//         "url"},"res":{"statusCode"},"responseTime":<ms>,"msg":"request completed"}; msg is
//         "request aborted" for an aborted one and "request errored" (with err) for a 5xx, as
//         pino-http says them.
// Hot path: lines are batched and written once per turn of the event loop (or when the batch
// nears 4 KiB, so that workers sharing a pipe never interleave within a line: writes up to
// PIPE_BUF are atomic). bench/request-log.mjs measures what it costs.
import { writeSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { hostname } from 'node:os'
import type { RequestListener } from './dispatch.ts'

export type RequestLogFormat = 'text' | 'json'

const BATCH_BYTES = 3_584

/** Collects lines and writes them to `write` in batches. */
class LineBatch {
  private pending = ''
  private scheduled = false
  constructor(private readonly write: (chunk: string) => void) {}

  add(line: string): void {
    if (this.pending.length + line.length > BATCH_BYTES) this.flush()
    this.pending += line
    if (!this.scheduled) {
      this.scheduled = true
      setImmediate(this.flush)
    }
  }

  /** What is still to be written, taken out. */
  take(): string {
    const chunk = this.pending
    this.pending = ''
    return chunk
  }

  readonly flush = (): void => {
    this.scheduled = false
    const chunk = this.take()
    if (chunk !== '') this.write(chunk)
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10

type LineMaker = (method: string | undefined, url: string | undefined, res: ServerResponse, ms: number) => string

const textLine: LineMaker = (method, url, res, ms) => {
  if (!res.writableFinished) {
    const sent = res.headersSent ? ` (status ${res.statusCode} not sent in full)` : ''
    return `${method} ${url} aborted by the client after ${round(ms)} ms${sent}\n`
  }
  return `${method} ${url} ${res.statusCode} ${round(ms)} ms\n`
}

function jsonLineMaker(): LineMaker {
  const fixed = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())},"req":{"method":`
  return (method, url, res, ms) => {
    const status = res.statusCode
    const msg = !res.writableFinished
      ? '"request aborted"'
      : status >= 500
        ? `"request errored","err":{"type":"Error","message":"failed with status code ${status}"}`
        : '"request completed"'
    return `{"level":30,"time":${Date.now()}${fixed}${JSON.stringify(method)},"url":${JSON.stringify(url)}},"res":{"statusCode":${status}},"responseTime":${round(ms)},"msg":${msg}}\n`
  }
}

/** Wraps `listener` so that every request is logged in `format` once its response closes.
 *  `write` defaults to stdout, and then what is still batched at exit is written synchronously
 *  (process.exit() leaves the batch no turn of the event loop). */
export function withRequestLog(listener: RequestListener, format: RequestLogFormat, write?: (chunk: string) => void): RequestListener {
  const batch = new LineBatch(write ?? ((chunk) => void process.stdout.write(chunk)))
  if (write === undefined) {
    process.on('exit', () => {
      const left = batch.take()
      try {
        if (left !== '') writeSync(1, left)
      } catch {
        // stdout is gone: there is nowhere left to write the lines.
      }
    })
  }
  const line = format === 'json' ? jsonLineMaker() : textLine
  return (req, res) => {
    const started = performance.now()
    // As received: the dispatcher rewrites a pages route's query (normalize-search.ts).
    const { method, url } = req
    // 'close' comes after 'finish' for a complete response, and alone for an aborted one; it
    // comes once, so `on` (once() would wrap the listener in another closure).
    res.on('close', () => batch.add(line(method, url, res, performance.now() - started)))
    listener(req, res)
  }
}
