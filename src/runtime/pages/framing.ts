// Keeps a response's body and its Content-Length in agreement. Node sends whatever it is given:
// `res.setHeader('Content-Length', 5); res.end('hello world')` puts 11 bytes on the wire under
// a length of 5, and on a keep-alive connection the client reads the extra 6 as the start of
// the next response (or waits for bytes that never come, and takes the next response's). That
// is a bug in the handler, but its cost must stay inside its own response:
// - a length set with setHeader that the body contradicts, found before anything was sent
//   (`res.end(body)`): the header is corrected to the bytes sent;
// - more bytes than the length promised, once the headers are out: the body stops at the
//   length (the connection stays in sync) and the rest is dropped;
// - fewer bytes than promised at the end: the connection is closed after what was written, so
//   the client sees a cut response, never someone else's bytes.
// Each logs what happened with the request's URL. Responses without a body (HEAD, 204, 304)
// are Node's own business: it sends no body for them whatever the handler writes.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { deadlineExceeded } from '../shared/deadline.ts'

/** The state framing needs on the response (SluglineResponse's fields). */
export interface Framed extends ServerResponse {
  bodyBytes: number
  overflowed: boolean
  rawWrite(chunk: unknown): void
}

interface NodeInternals {
  /** Node's parsed Content-Length once the headers are stored (null when none was set). */
  _contentLength?: number | null
  /** false for HEAD requests and for 204/304 answers. */
  _hasBody?: boolean
}

export function byteLength(chunk: unknown, encoding?: BufferEncoding): number {
  if (typeof chunk === 'string') return Buffer.byteLength(chunk, encoding)
  if (chunk instanceof Uint8Array) return chunk.byteLength
  return 0
}

/** The length the response declares, or -1: from the header while it can still change, from
 *  what Node stored once the headers are out (writeHead with a Content-Length). */
function declaredLength(res: ServerResponse): number {
  if (!res.headersSent) {
    const v = res.getHeader('content-length')
    if (v === undefined) return -1
    const n = Number(v)
    return Number.isInteger(n) && n >= 0 ? n : -1
  }
  const stored = (res as NodeInternals)._contentLength
  return typeof stored === 'number' && Number.isInteger(stored) ? stored : -1
}

function describe(res: ServerResponse): string {
  const req = (res as { req?: IncomingMessage }).req
  return req ? `${req.method} ${req.url}` : 'a response'
}

function afterEnd(res: ServerResponse, what: string): void {
  if (deadlineExceeded(res)) {
    console.error(`Error: the handler for ${describe(res)} answered after its maxDuration had passed and it was answered 504 (${what}); ignored.`)
    return
  }
  console.error(
    `Error: ${what} after the response to ${describe(res)} had ended (a missing \`return\` after sending it?); ignored.\n` +
      new Error().stack!.split('\n').slice(3, 6).join('\n'),
  )
}

/** What to hand Node's write: the chunk, the part of it that fits, or false to drop it. */
export function checkWrite(res: Framed, chunk: unknown, encoding?: BufferEncoding): unknown | false {
  if (res.writableEnded) {
    afterEnd(res, 'res.write()')
    return false
  }
  if (res.overflowed) return false
  const n = byteLength(chunk, typeof encoding === 'string' ? encoding : undefined)
  if (n === 0 || (res as NodeInternals)._hasBody === false) return chunk
  const before = res.bodyBytes
  res.bodyBytes = before + n
  // The first write stores the headers; a length set with setHeader is read from there on.
  const declared = declaredLength(res)
  if (declared === -1 || res.bodyBytes <= declared) return chunk
  return overflow(res, chunk, encoding, declared - before, declared)
}

function overflow(res: Framed, chunk: unknown, encoding: BufferEncoding | undefined, room: number, declared: number): unknown | false {
  res.overflowed = true
  console.error(`Error: the body of ${describe(res)} is longer than its Content-Length (${declared} bytes); sent the first ${declared} and dropped the rest.`)
  if (room <= 0) return false
  const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : Buffer.from(chunk as Uint8Array)
  return bytes.subarray(0, room)
}

/** What to hand Node's end: the chunk (possibly cut to the length), undefined, or false when
 *  the response was already ended or the connection had to be closed instead. */
export function checkEnd(res: Framed, chunk: unknown, encoding?: BufferEncoding): unknown | false {
  if (res.writableEnded) {
    if (chunk !== undefined && chunk !== null) afterEnd(res, 'res.end(data)')
    return false
  }
  if (res.overflowed) return undefined
  const n = chunk === undefined || chunk === null ? 0 : byteLength(chunk, typeof encoding === 'string' ? encoding : undefined)
  if ((res as NodeInternals)._hasBody === false) return chunk
  const total = res.bodyBytes + n
  const declared = declaredLength(res)
  if (declared === -1 || declared === total) {
    res.bodyBytes = total
    return chunk
  }
  if (!res.headersSent) {
    // Nothing sent yet: the header can still tell the truth.
    console.error(`Error: the Content-Length of ${describe(res)} said ${declared} bytes but the body has ${total}; sent it with the right length.`)
    res.setHeader('content-length', total)
    res.bodyBytes = total
    return chunk
  }
  if (total > declared) {
    const cut = checkWrite(res, chunk, encoding)
    return cut === false ? undefined : cut
  }
  // Fewer bytes than promised: whatever comes next on this connection would be read as the
  // rest of this body. Send what there is and close the connection instead of ending.
  console.error(`Error: the body of ${describe(res)} is shorter than its Content-Length (${total} of ${declared} bytes); closed the connection.`)
  if (n > 0) res.rawWrite(chunk)
  res.bodyBytes = total
  const socket = res.socket as (NonNullable<ServerResponse['socket']> & { destroySoon?: () => void }) | null
  if (socket?.destroySoon) socket.destroySoon()
  else res.destroy()
  return false
}
