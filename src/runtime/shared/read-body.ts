// Reads a request body to a string under a byte limit, as raw-body does for Next.js, and
// reports the failures Next.js answers: 413 over the limit, 400 for a broken stream or an
// unknown charset.
import { decoderFor } from './charset.ts'

/** An error a handler's caller answers with its status and message as plain text
 *  (Next.js's ApiError: `413 Body exceeded 1mb limit`, `400 Invalid JSON`). */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message)
  }
}

export interface BodyLimit {
  bytes: number
  /** How the limit was written (`1mb`, `10b`), for the 413 message. */
  label: string
}

interface BodySource extends NodeJS.ReadableStream {
  headers: Record<string, string | string[] | undefined>
  complete?: boolean
}

/** True when the request has no body to read at all (no length, no chunked encoding). */
export function hasNoBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = headers['content-length']
  return (length === undefined || length === '0') && headers['transfer-encoding'] === undefined
}

export function readBody(req: BodySource, limit: BodyLimit, charset = 'utf-8'): Promise<string> {
  const decode = decoderFor(charset)
  if (decode === null) return Promise.reject(new ApiError(400, 'Invalid body'))
  const declared = Number(req.headers['content-length'])
  if (declared > limit.bytes) {
    // Answer at once, like raw-body; the unread rest is dropped with the connection's state.
    req.resume()
    return Promise.reject(new ApiError(413, `Body exceeded ${limit.label} limit`))
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let received = 0
    const cleanup = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      req.off('close', onClose)
    }
    const onData = (chunk: Buffer) => {
      received += chunk.length
      if (received > limit.bytes) {
        cleanup()
        req.resume()
        reject(new ApiError(413, `Body exceeded ${limit.label} limit`))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      cleanup()
      resolve(decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received)))
    }
    const onError = () => {
      cleanup()
      reject(new ApiError(400, 'Invalid body'))
    }
    // A client that goes away mid-body: 'close' without 'end'.
    const onClose = () => {
      if (req.complete === false) onError()
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
    req.on('close', onClose)
  })
}
