// Compresses one response, as `next start` does with the `compression` package (1.7.4, in
// next/dist/compiled/compression; Next.js applies it to every request unless next.config says
// `compress: false`), recorded in test/fixtures/compression/recorded.json:
// - decided once, when the headers are final (the first write, end or writeHead);
// - only a compressible Content-Type (compressible-type.ts), never under
//   `Cache-Control: no-transform`; such a response gets `Vary: Accept-Encoding` whatever is
//   decided next;
// - not below 1024 bytes when the length is known (a Content-Length, or `res.end(body)`);
//   a body written piece by piece has no known length and is compressed;
// - not when a Content-Encoding other than identity is set already, not for HEAD;
// - gzip, deflate or brotli as negotiate-encoding.ts picks; the declared Content-Length goes,
//   the ETag stays that of the uncompressed body, as in Next.js. A pages/api body goes out
//   chunked, as from Next.js; an app route's compressed body gets its compressed length.
//
// Beyond Next.js: every `res.write()` is flushed through the encoder at once (Z_SYNC_FLUSH,
// BROTLI_OPERATION_FLUSH), so each chunk, each server-sent event, reaches the client when it
// is written. `next start` holds them in zlib's buffer until the response ends
// (vercel/next.js#9965). A body sent in one piece (res.send, res.json, Response.json) is not
// flushed before its end, and compresses as well as it would without this.
//
// Only installed on a request that sent Accept-Encoding (dispatch.ts): a client that sends
// none costs nothing here. The instance's write/end/writeHead are replaced, and call the
// response's own (for a SluglineResponse, framing.ts's guards) with the compressed bytes.
import type { IncomingMessage, OutgoingHttpHeader, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import zlib from 'node:zlib'
import { forbidsTransform, isCompressibleType } from './compressible-type.ts'
import { pickEncoding, type Encoding } from './negotiate-encoding.ts'
import { addVary } from './vary.ts'
import { warnResponseLimit } from '../runtime/pages/response.ts'

/** Bodies of a known length below this are sent as they are (the `compression` default). */
export const COMPRESS_THRESHOLD = 1024

/** Brotli's default quality (11) is meant for files compressed once; at 4 it costs about what
 *  gzip's default level does on a 3 KB JSON answer (bench/RESULTS.md, Compression). */
const BROTLI_QUALITY = 4

type Encoder = zlib.Gzip | zlib.Deflate | zlib.BrotliCompress
type Chunk = string | Uint8Array
type Callback = (error?: Error | null) => void

function createEncoder(encoding: Encoding, length: number): Encoder {
  if (encoding === 'gzip') return zlib.createGzip()
  if (encoding === 'deflate') return zlib.createDeflate()
  const params: Record<number, number> = { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY }
  if (length > 0) params[zlib.constants.BROTLI_PARAM_SIZE_HINT] = length
  return zlib.createBrotliCompress({ params })
}

/** A body sent in one piece up to this size is compressed synchronously (under ~0.5 ms of CPU
 *  at 64 KiB); a larger one goes through a stream, so the event loop is never held long. */
const SYNC_MAX = 64 * 1024

function compressSync(encoding: Encoding, body: Buffer): Buffer {
  if (encoding === 'gzip') return zlib.gzipSync(body)
  if (encoding === 'deflate') return zlib.deflateSync(body)
  return zlib.brotliCompressSync(body, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  })
}

function flushKind(encoding: Encoding): number {
  return encoding === 'br' ? zlib.constants.BROTLI_OPERATION_FLUSH : zlib.constants.Z_SYNC_FLUSH
}

function chunkLength(chunk: unknown, encoding?: BufferEncoding): number {
  if (chunk === undefined || chunk === null) return 0
  if (typeof chunk === 'string') return Buffer.byteLength(chunk, encoding)
  return (chunk as Uint8Array).byteLength
}

function toBuffer(chunk: Chunk, encoding?: BufferEncoding): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, encoding) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
}

/** The headers a writeHead call passes, stored with setHeader so the decision sees them. */
function storeHeaders(res: ServerResponse, headers: OutgoingHttpHeaders | OutgoingHttpHeader[]): void {
  if (Array.isArray(headers)) {
    if (headers.length > 0 && Array.isArray(headers[0])) {
      for (const [name, value] of headers as unknown as [string, string][]) res.appendHeader(name, value)
      return
    }
    // Node's flat form, [name, value, name, value, ...] (an odd length was refused before).
    for (let i = 0; i < headers.length; i += 2) res.setHeader(String(headers[i]), headers[i + 1] as string)
    return
  }
  for (const name of Object.keys(headers)) {
    const value = headers[name]
    if (name && value !== undefined) res.setHeader(name, value)
  }
}

/** Makes `res` compress its body for a client that sent `acceptEncoding`, if it should. */
type AnyMethod = (this: ServerResponse, ...args: unknown[]) => unknown

export function compressResponse(req: IncomingMessage, res: ServerResponse, acceptEncoding: string): void {
  const write = res.write as AnyMethod
  const end = res.end as AnyMethod
  const writeHead = res.writeHead as AnyMethod
  let decided = false
  let encoder: Encoder | null = null
  let encoding: Encoding | null = null
  /** The body's length when `res.end(body)` brings all of it; NaN when unknown. */
  let length = Number.NaN
  let ended = false
  /** config.api.responseLimit, taken over from the response once compressing: Next.js counts
   *  the bytes the handler wrote, not the compressed ones. */
  let limit = 0
  let plainBytes = 0

  function decide(): void {
    decided = true
    if (!isCompressibleType(res.getHeader('content-type')) || forbidsTransform(res.getHeader('cache-control'))) return
    addVary(res, 'Accept-Encoding')
    if (Number(res.getHeader('content-length')) < COMPRESS_THRESHOLD || length < COMPRESS_THRESHOLD) return
    const current = res.getHeader('content-encoding')
    if (current !== undefined && current !== 'identity') return
    if (req.method === 'HEAD') return
    encoding = pickEncoding(acceptEncoding)
    if (encoding === null) return
    res.setHeader('Content-Encoding', encoding)
    res.removeHeader('Content-Length')
    const counted = res as ServerResponse & { responseLimit?: number }
    if (typeof counted.responseLimit === 'number' && counted.responseLimit > 0) {
      limit = counted.responseLimit
      counted.responseLimit = 0
    }
  }

  /** The stream encoder, for a body written in pieces (or too large to compress at once). */
  function startEncoder(): Encoder {
    const e = createEncoder(encoding!, length)
    encoder = e
    e.on('data', (data: Buffer) => {
      if (write.call(res, data) === false) e.pause()
    })
    e.on('end', () => end.call(res))
    // The writer waits on res's 'drain' when the encoder is full; the socket's drain resumes
    // the encoder.
    e.on('drain', () => res.emit('drain'))
    res.on('drain', () => e.resume())
    e.on('error', (err) => {
      console.error(`Error while compressing the response to ${req.method} ${req.url}:`, err)
      res.destroy()
    })
    // A client that leaves: the encoder would stay open (and hold its memory) forever.
    res.once('close', () => {
      if (!res.writableFinished) e.destroy()
    })
    return e
  }

  res.writeHead = function (this: ServerResponse, statusCode: number, reason?: unknown, headers?: unknown) {
    if (decided) return writeHead.apply(this, arguments as unknown as unknown[])
    if (typeof reason !== 'string') {
      headers = reason
      reason = undefined
    }
    // Whatever Node refuses, it refuses with its own error.
    if (Array.isArray(headers) && headers.length % 2 !== 0 && !Array.isArray(headers[0])) return writeHead.apply(this, arguments as unknown as unknown[])
    if (headers !== undefined && headers !== null) storeHeaders(this, headers as OutgoingHttpHeaders)
    decide()
    return reason === undefined ? writeHead.call(this, statusCode) : writeHead.call(this, statusCode, reason as string)
  } as unknown as ServerResponse['writeHead']

  res.write = function (this: ServerResponse, chunk: Chunk, encodingArg?: BufferEncoding | Callback, cb?: Callback): boolean {
    if (ended) return afterEnd('res.write()')
    if (!decided && !this.headersSent) decide()
    if (encoding === null) return write.apply(this, arguments as unknown as unknown[]) as boolean
    const e = encoder ?? startEncoder()
    // Headers go out now, as they would without compression (a later setHeader throws).
    if (!this.headersSent) writeHead.call(this, this.statusCode)
    if (typeof encodingArg === 'function') {
      cb = encodingArg
      encodingArg = undefined
    }
    const n = chunkLength(chunk, encodingArg)
    plainBytes += n
    if (n === 0) {
      if (cb) process.nextTick(cb)
      return true
    }
    const more = e.write(toBuffer(chunk, encodingArg), cb)
    e.flush(flushKind(encoding!))
    return more
  } as ServerResponse['write']

  res.end = function (this: ServerResponse, chunk?: unknown, encodingArg?: unknown, cb?: unknown) {
    if (typeof chunk === 'function') {
      cb = chunk
      chunk = undefined
    } else if (typeof encodingArg === 'function') {
      cb = encodingArg
      encodingArg = undefined
    }
    if (ended) {
      if (chunk !== undefined && chunk !== null) afterEnd('res.end(data)')
      return this
    }
    if (!decided && !this.headersSent) {
      if (this.getHeader('content-length') === undefined) length = chunkLength(chunk, encodingArg as BufferEncoding)
      decide()
    }
    if (encoding === null) return end.call(this, chunk, encodingArg, cb)
    ended = true
    const n = chunk === undefined || chunk === null ? 0 : chunkLength(chunk, encodingArg as BufferEncoding)
    plainBytes += n
    if (limit !== 0 && plainBytes >= limit) warnResponseLimit(req.url, limit)
    if (encoder === null && n <= SYNC_MAX) {
      // The whole body in one piece (res.send, res.json, Response.json): compressed at once.
      // A zlib stream costs ~3x the CPU of the compression itself on a 3 KB answer
      // (bench/compress.mjs), for nothing: there is nothing to stream.
      return end.call(this, n === 0 ? undefined : compressSync(encoding, toBuffer(chunk as Chunk, encodingArg as BufferEncoding)), cb)
    }
    const e = encoder ?? startEncoder()
    if (typeof cb === 'function') this.once('finish', cb as () => void)
    if (n > 0) e.end(toBuffer(chunk as Chunk, encodingArg as BufferEncoding))
    else e.end()
    return this
  } as unknown as ServerResponse['end']

  /** `res.flush()`, which `compression` adds: pushes out what the encoder holds. */
  ;(res as ServerResponse & { flush?: () => void }).flush = () => {
    if (encoder !== null && !ended) encoder.flush(flushKind(encoding!))
  }

  function afterEnd(what: string): boolean {
    console.error(`Error: ${what} after the response to ${req.method} ${req.url} had ended (a missing \`return\` after sending it?); ignored.`)
    return true
  }
}
