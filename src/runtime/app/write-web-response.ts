// A Web Response -> the node:http ServerResponse: status, headers (each Set-Cookie on its own
// line), then the body.
//
// Two paths. A FastResponse (fast-response.ts) whose body is a string or bytes goes out with
// writeFastResponse: one `res.end(body)` with a Content-Length, no stream involved. That is
// nearly every route handler's answer (Response.json, NextResponse.json, new Response(text)).
//
// Any other Response has a ReadableStream body (on Node 20 every undici body is one), read
// with a reader, with a shortcut: when the stream has ended right after its first chunk (a
// string, bytes or Blob body ends within two microtasks, measured), the chunk goes out in a
// single `res.end(chunk)` with a Content-Length, instead of chunked encoding. A real stream
// that is still producing is never waited for: its first chunk is written as soon as those
// microtasks have passed. Server CPU per request for an undici Response.json (best of 5, 4
// keep-alive clients): 61.0 us with this peek, 61.1 us with a plain `res.end(firstChunk)`,
// 53.7 us writing the same JSON with res.end directly; a flat header array for writeHead
// instead of setHeader calls measured no better (62.9 us).
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastBody } from './fast-response.ts'

/** Microtasks to wait for a body stream to report its end after the first chunk. */
const END_PEEK_MICROTASKS = 3

const NO_BODY_STATUSES = new Set([204, 205, 304])

/**
 * Writes `response` to `res`. `extraSetCookies` are lines from `cookies().set()`, keyed by
 * cookie name; the response's own Set-Cookie for the same name wins, as in Next.js.
 * Rejects only if the body stream fails; by then the headers may have been sent.
 */
export async function writeWebResponse(
  response: Response,
  req: IncomingMessage,
  res: ServerResponse,
  extraSetCookies?: Map<string, string>,
): Promise<void> {
  res.statusCode = response.status
  if (response.statusText) res.statusMessage = response.statusText
  copyHeaders(response.headers, res, extraSetCookies)

  const body = response.body
  if (body === null || req.method === 'HEAD' || NO_BODY_STATUSES.has(response.status)) {
    if (body !== null) body.cancel().catch(() => {})
    res.end()
    return
  }
  await writeBody(body, res)
}

/**
 * Writes a FastResponse's kept body (fast-response.ts): the same status, headers and bytes as
 * writeWebResponse sends for it, in one `res.end(body)`, with no stream to read.
 */
export function writeFastResponse(
  response: Response,
  fast: FastBody,
  req: IncomingMessage,
  res: ServerResponse,
  extraSetCookies?: Map<string, string>,
): void {
  const status = response.status
  res.statusCode = status
  const statusText = response.statusText
  if (statusText) res.statusMessage = statusText
  if (fast.headers !== undefined) copyHeaders(fast.headers, res, extraSetCookies)
  else {
    // Nothing created the Headers: the body's Content-Type is the only header.
    if (fast.type !== null) res.setHeader('content-type', fast.type)
    if (extraSetCookies !== undefined && extraSetCookies.size > 0) res.setHeader('set-cookie', [...extraSetCookies.values()])
  }
  const body = fast.body
  if (body === null || req.method === 'HEAD' || NO_BODY_STATUSES.has(status)) {
    res.end()
    return
  }
  // Always the real length: a declared one that differs (a decompressed upstream body proxied
  // with its old Content-Length) would put a wrong frame on a keep-alive connection.
  res.setHeader('content-length', typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength)
  res.end(body)
}

function copyHeaders(headers: Headers, res: ServerResponse, extraSetCookies?: Map<string, string>): void {
  let setCookies: string[] | undefined
  headers.forEach((value, name) => {
    // Headers joins repeated headers with ", ", which breaks Set-Cookie (dates contain commas).
    if (name === 'set-cookie') setCookies ??= headers.getSetCookie()
    else res.setHeader(name, value)
  })
  if (extraSetCookies !== undefined && extraSetCookies.size > 0) {
    setCookies ??= []
    const own = new Set(setCookies.map(cookieName))
    for (const [name, line] of extraSetCookies) if (!own.has(name)) setCookies.push(line)
  }
  if (setCookies !== undefined) res.setHeader('set-cookie', setCookies)
}

function cookieName(line: string): string {
  const eq = line.indexOf('=')
  return (eq === -1 ? line : line.slice(0, eq)).trim()
}

async function writeBody(body: ReadableStream<Uint8Array>, res: ServerResponse): Promise<void> {
  const reader = body.getReader()
  // A client that leaves cancels the reader, which tells the handler's stream to stop producing
  // (its `cancel` runs) instead of producing into nowhere. It may have left already, while the
  // handler was still working: then no 'close' is coming, hence the `res.destroyed` checks.
  let gone = false
  const stop = (): boolean => {
    if (!gone && (res.destroyed || (res.closed && !res.writableFinished))) {
      gone = true
      reader.cancel().catch(() => {})
    }
    return gone
  }
  res.once('close', stop)
  try {
    if (stop()) return
    const first = await reader.read()
    // The body's own length, whatever the handler declared: a Content-Length copied from
    // another response (a proxied, decompressed upstream) must not frame these bytes.
    if (first.done || stop()) {
      res.setHeader('content-length', 0)
      res.end()
      return
    }
    const second = reader.read()
    if (await endsSoon(second)) {
      res.setHeader('content-length', byteLength(first.value))
      res.end(first.value)
      return
    }
    // A real stream goes out chunked, as Next.js sends it: its length is not known yet.
    res.removeHeader('content-length')
    let chunk = first.value
    let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined = second
    for (;;) {
      // Back-pressure: when the socket buffer is full, stop reading the handler's stream
      // until it drains, so a fast producer is paced by the client.
      if (!res.write(chunk)) await drained(res)
      if (stop()) return
      const result = await (pending ?? reader.read())
      pending = undefined
      if (result.done) break
      if (stop()) return
      chunk = result.value
    }
    res.end()
  } finally {
    res.off('close', stop)
  }
}

// Next.js pipes the stream straight into the node response, so a stream of strings works
// there; res.write takes strings, only the length needs telling apart.
function byteLength(chunk: Uint8Array | string): number {
  return typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength
}

/** Whether the read settles as "done" within a few microtasks (see the header comment). */
async function endsSoon(read: Promise<ReadableStreamReadResult<Uint8Array>>): Promise<boolean> {
  let result: ReadableStreamReadResult<Uint8Array> | undefined
  read.then(
    (r) => (result = r),
    () => {}, // the caller awaits `read` again and sees the error there
  )
  for (let i = 0; i < END_PEEK_MICROTASKS && result === undefined; i++) await null
  return result !== undefined && result.done === true
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve()
    const done = () => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}
