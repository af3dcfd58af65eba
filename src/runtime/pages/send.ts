// The bodies of Next.js's response helpers (next/src/server/api-utils/node/api-resolver.ts:
// sendData, sendJson, redirect, sendError), as functions of (req, res) so they serve both the
// prototype methods of our own response class and responses from a foreign server.
// Hot path: res.status(200).json(...) ends here.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { Stream } from 'node:stream'
import { etagOf, isFresh } from '../shared/etag.ts'

const JSON_TYPE = 'application/json; charset=utf-8'

/** Sets the ETag and answers 304 when the client already has this body. */
function answeredFromCache(req: IncomingMessage, res: ServerResponse, etag: string): boolean {
  res.setHeader('ETag', etag)
  const inm = req.headers['if-none-match']
  if (inm !== undefined && isFresh(inm, req.headers['cache-control'], etag)) {
    res.statusCode = 304
    res.end()
    return true
  }
  return false
}

export function sendData(req: IncomingMessage, res: ServerResponse, body: unknown): void {
  if (body === null || body === undefined) {
    res.end()
    return
  }
  // 204 and 304 carry no body: drop it and the headers that would describe it.
  if (res.statusCode === 204 || res.statusCode === 304) {
    res.removeHeader('Content-Type')
    res.removeHeader('Content-Length')
    res.removeHeader('Transfer-Encoding')
    res.end()
    return
  }
  if (body instanceof Stream) {
    if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', 'application/octet-stream')
    pipeStream(body as unknown as NodeJS.ReadableStream & Stream, req, res)
    return
  }
  if (Buffer.isBuffer(body)) {
    if (answeredFromCache(req, res, etagOf(body))) return
    if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', 'application/octet-stream')
    res.setHeader('Content-Length', body.length)
    res.end(body)
    return
  }
  const t = typeof body
  const jsonLike = t === 'object' || t === 'number' || t === 'boolean'
  const text = jsonLike ? JSON.stringify(body) : String(body)
  if (answeredFromCache(req, res, etagOf(text))) return
  if (jsonLike) res.setHeader('Content-Type', JSON_TYPE)
  res.setHeader('Content-Length', Buffer.byteLength(text))
  res.end(text)
}

/** `res.send(stream)`: Node's pipe forwards no errors, and a stream that fails (a file that
 *  is not there) would emit an 'error' nobody listens to, which ends the process. Here it is
 *  logged; the client gets a 500 if nothing was sent yet, else a cut connection. */
function pipeStream(body: NodeJS.ReadableStream & Stream, req: IncomingMessage, res: ServerResponse): void {
  body.once('error', (err) => {
    console.error(`Error while sending a stream for ${req.method} ${req.url}:`, err)
    body.unpipe(res)
    if (!res.headersSent) {
      res.removeHeader('Content-Type')
      sendError(res, 500, 'Internal Server Error')
    } else res.destroy()
  })
  // A client that leaves stops the stream instead of leaving it open (a file handle).
  const destroy = (body as unknown as { destroy?: () => void }).destroy
  res.once('close', () => {
    if (!res.writableFinished && typeof destroy === 'function') destroy.call(body)
  })
  body.pipe(res)
}

export function sendJson(req: IncomingMessage, res: ServerResponse, body: unknown): void {
  res.setHeader('Content-Type', JSON_TYPE)
  sendData(req, res, JSON.stringify(body))
}

export function redirect(res: ServerResponse, statusOrUrl: number | string, url?: string): void {
  if (typeof statusOrUrl === 'string') {
    url = statusOrUrl
    statusOrUrl = 307
  }
  if (typeof statusOrUrl !== 'number' || typeof url !== 'string') {
    throw new Error(
      `Invalid redirect arguments. Please use a single argument URL, e.g. res.redirect('/destination') or use a status code and URL, e.g. res.redirect(307, '/destination').`,
    )
  }
  res.writeHead(statusOrUrl, { Location: url })
  res.end(url)
}

/** Next.js's sendError: the message is both the status text and the plain-text body. */
export function sendError(res: ServerResponse, statusCode: number, message: string): void {
  res.statusCode = statusCode
  res.statusMessage = message
  res.end(message)
}
