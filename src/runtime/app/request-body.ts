// The request body as the Web Request's stream: read from the socket only when pulled.
import type { IncomingMessage } from 'node:http'

/** Whether the request has a body: not GET/HEAD, and a Content-Length or Transfer-Encoding. */
export function hasBody(req: IncomingMessage): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false
  const length = req.headers['content-length']
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined
}

/** A ReadableStream that reads `req` only when pulled. highWaterMark 0: the stream does not
 *  pull ahead on its own, so an unread body stays in the socket. */
export function toBodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        return new Promise<void>((resolve, reject) => {
          const tryRead = (): boolean => {
            const chunk = req.read() as Buffer | null
            if (chunk !== null) {
              controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
              return true
            }
            if (req.readableEnded) {
              controller.close()
              return true
            }
            return false
          }
          if (tryRead()) return resolve()
          const cleanup = () => {
            req.off('readable', onReadable)
            req.off('end', onEnd)
            req.off('error', onError)
            req.off('close', onClose)
          }
          const onReadable = () => {
            if (tryRead()) {
              cleanup()
              resolve()
            }
          }
          const onEnd = () => {
            cleanup()
            controller.close()
            resolve()
          }
          const onError = (error: Error) => {
            cleanup()
            reject(error)
          }
          // The client went away mid-body: the body can never complete.
          const onClose = () => {
            cleanup()
            if (!req.readableEnded) reject(new Error('The client disconnected while sending the request body.'))
            else resolve()
          }
          req.on('readable', onReadable)
          req.on('end', onEnd)
          req.on('error', onError)
          req.on('close', onClose)
        })
      },
      cancel() {
        // The handler gave up on the body: drain it, so the response can still be sent on
        // this connection.
        req.resume()
      },
    },
    { highWaterMark: 0 },
  )
}

/** The whole body straight from `req`, for `request.text()` and friends when no Web stream
 *  exists yet (incoming-request.ts): no ReadableStream, no undici body reader. */
export function readWholeBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    // The client already went away: no 'end' or 'close' is coming.
    if (req.destroyed && !req.readableEnded) return reject(new Error('The client disconnected while sending the request body.'))
    const chunks: Buffer[] = []
    const onData = (chunk: Buffer) => chunks.push(chunk)
    const cleanup = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      req.off('close', onClose)
    }
    const onEnd = () => {
      cleanup()
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))
    }
    const onError = (error: Error) => {
      cleanup()
      reject(error)
    }
    const onClose = () => {
      cleanup()
      reject(new Error('The client disconnected while sending the request body.'))
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
    req.on('close', onClose)
  })
}

const decoder = new TextDecoder()

/** Bytes -> text as undici's body methods decode them (its utf8DecodeBytes): one leading BOM
 *  dropped, then a default TextDecoder (which drops a second one), bad sequences as U+FFFD. */
export function decodeBodyText(bytes: Uint8Array): string {
  if (bytes.length === 0) return ''
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3)
  return decoder.decode(bytes)
}

/** A fresh ArrayBuffer holding exactly these bytes (a small Buffer shares a pooled one). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
}
