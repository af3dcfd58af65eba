// `slugline start --log [text|json]`: one line per request once its response is done, on
// stdout. Off by default, as in `next start`.
//   text  `GET /api/items?page=2 200 4.1 ms`, and for a client that went away before the
//         response was complete: `GET /api/slow aborted by the client after 1003.2 ms (status 200 not sent in full)`
//   json  newline-delimited JSON with pino-http's field names, so log pipelines built for pino
//         take it as is: {"level":30,"time":<epoch ms>,"pid":..,"hostname":..,"req":{"method",
//         "url"},"res":{"statusCode"},"responseTime":<ms>,"msg":"request completed"}; msg is
//         "request aborted" for an aborted one and "request errored" (with err) for a 5xx, as
//         pino-http says them.
// Hot path: lines are batched and written every FLUSH_MS (or when the batch is full, see
// BATCH_BYTES). bench/request-log.mjs measures what it costs.
import cluster from 'node:cluster'
import { writeSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { hostname } from 'node:os'
import type { RequestListener } from './dispatch.ts'

export type RequestLogFormat = 'text' | 'json'

/** A cluster worker shares stdout with the others: its batches stay under PIPE_BUF (4 KiB),
 *  whose writes are atomic, so no line is cut by another worker's. One process alone writes
 *  larger batches: each write costs ~1.7 µs on this VM, ~17 JSON lines' worth of the rest. */
const BATCH_BYTES = cluster.isWorker ? 3_584 : 65_536
const FLUSH_MS = 20

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
      // A write every FLUSH_MS at most (or per full batch): each one also wakes the reader of
      // the pipe. Unref'd: what is left at exit is written by the exit handler.
      setTimeout(this.flush, FLUSH_MS).unref()
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

/** `4.1`: ms to one decimal, printed from integers (a double's toString costs ~100 ns more). */
function round(ms: number): string {
  const t = Math.round(ms * 10)
  return `${(t - (t % 10)) / 10}.${t % 10}`
}

/** `now`: performance.now() (to the turn, see clock()) when the response closed; `ms`: since the request came. */
type LineMaker = (method: string | undefined, url: string | undefined, res: ServerResponse, ms: number, now: number) => string

const textLine: LineMaker = (method, url, res, ms) => {
  if (!res.writableFinished) {
    const sent = res.headersSent ? ` (status ${res.statusCode} not sent in full)` : ''
    return `${method} ${url} aborted by the client after ${round(ms)} ms${sent}\n`
  }
  return `${method} ${url} ${res.statusCode} ${round(ms)} ms\n`
}

/** Method names need no escaping (node's parser takes only tokens); URLs rarely do. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f]/

function jsonLineMaker(): LineMaker {
  const fixed = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())},"req":{"method":"`
  // `time` is the wall clock (Date.now(), as pino's), from the monotonic reading the line
  // already has plus an offset taken again every second: clock reads are dear (see clock()).
  let offset = Date.now() - performance.now()
  let offsetAt = performance.now()
  return (method, url = '/', res, ms, now) => {
    if (now - offsetAt > 1_000) {
      offset = Date.now() - performance.now()
      offsetAt = now
    }
    const status = res.statusCode
    const msg = !res.writableFinished
      ? '"request aborted"'
      : status >= 500
        ? `"request errored","err":{"type":"Error","message":"failed with status code ${status}"}`
        : '"request completed"'
    const quotedUrl = NEEDS_ESCAPE.test(url) ? JSON.stringify(url) : `"${url}"`
    return `{"level":30,"time":${Math.round(now + offset)}${fixed}${method}","url":${quotedUrl}},"res":{"statusCode":${status}},"responseTime":${round(ms)},"msg":${msg}}\n`
  }
}

/** Straight to fd 1, without process.stdout's stream machinery (which for a pipe or a file
 *  writes synchronously on Linux anyway, so the order with console.log's lines is kept). A
 *  non-blocking stdout that is full (EAGAIN) gets the rest through process.stdout. */
function writeStdout(chunk: string): void {
  const bytes = Buffer.from(chunk)
  let done = 0
  try {
    while (done < bytes.length) done += writeSync(1, bytes, done)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') return // stdout is gone (EPIPE): nowhere to write
    process.stdout.write(bytes.subarray(done))
  }
}

// The clock, read once per turn of the event loop: a read (performance.now(), Date.now()) costs
// ~1 µs in a busy server on this VM (measured: two per request were +15% CPU per request, the
// rest of the log +3%), and a turn handles many requests under load. Times are therefore to
// the turn: a request answered in the turn it arrived in logs 0.0 ms.
let turnNow = 0
let turnFresh = false
const endTurn = () => void (turnFresh = false)
function clock(): number {
  if (!turnFresh) {
    turnNow = performance.now()
    turnFresh = true
    setImmediate(endTurn)
  }
  return turnNow
}

/** Wraps `listener` so that every request is logged in `format` once its response closes.
 *  `write` defaults to stdout, and then what is still batched at exit is written synchronously
 *  (process.exit() leaves the batch no turn of the event loop). */
export function withRequestLog(listener: RequestListener, format: RequestLogFormat, write?: (chunk: string) => void): RequestListener {
  const batch = new LineBatch(write ?? writeStdout)
  if (write === undefined) {
    process.on('exit', () => {
      const left = batch.take()
      if (left !== '') writeStdout(left)
    })
  }
  const line = format === 'json' ? jsonLineMaker() : textLine
  return (req, res) => {
    const started = clock()
    // As received: the dispatcher rewrites a pages route's query (normalize-search.ts).
    const { method, url } = req
    // 'close' comes after 'finish' for a complete response, and alone for an aborted one; it
    // comes once, so `on` (once() would wrap the listener in another closure).
    res.on('close', () => {
      const now = clock()
      batch.add(line(method, url, res, now - started, now))
    })
    listener(req, res)
  }
}
