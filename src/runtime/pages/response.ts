// `res` for pages/api handlers: Node's ServerResponse plus Next.js's helpers. On our own
// server every response is created as this class, so the helpers cost nothing per request;
// `adoptResponse` gives a foreign response the same helpers as own properties.
// Bytes written are counted only for routes with a response limit (Next.js warns, but
// still sends, when an API response reaches it).
import { ServerResponse, type IncomingMessage } from 'node:http'
import bytes from 'bytes'
import { redirect, sendData, sendJson } from './send.ts'

export class SluglineResponse<Req extends IncomingMessage = IncomingMessage> extends ServerResponse<Req> {
  /** Set by the pages runtime: warn past this many bytes (0: never). */
  responseLimit = 0
  private bytesSent = 0

  status(statusCode: number): this {
    this.statusCode = statusCode
    return this
  }

  json(body: unknown): void {
    sendJson(this.req, this, body)
  }

  send(body: unknown): void {
    sendData(this.req, this, body)
  }

  redirect(statusOrUrl: number | string, url?: string): this {
    redirect(this, statusOrUrl, url)
    return this
  }

  override write(chunk: any, encoding?: any, cb?: any): boolean {
    if (this.responseLimit !== 0) this.count(chunk)
    return super.write(chunk, encoding, cb)
  }

  override end(chunk?: any, encoding?: any, cb?: any): this {
    if (this.responseLimit !== 0) {
      if (typeof chunk !== 'function') this.count(chunk)
      this.warnIfOverLimit()
    }
    return super.end(chunk, encoding, cb)
  }

  private count(chunk: unknown): void {
    if (typeof chunk === 'string') this.bytesSent += Buffer.byteLength(chunk)
    else if (chunk instanceof Uint8Array) this.bytesSent += chunk.byteLength
  }

  private warnIfOverLimit(): void {
    if (this.bytesSent >= this.responseLimit) {
      console.warn(
        `API response for ${this.req.url} exceeds ${bytes.format(this.responseLimit)}. API Routes are meant to respond quickly. https://nextjs.org/docs/messages/api-routes-response-size-limit`,
      )
    }
  }
}

/** Own-property versions of the helpers, for a response our server did not create. */
export function adoptResponse(req: IncomingMessage, res: ServerResponse): void {
  const r = res as ServerResponse & Record<string, unknown>
  r.status = (code: number) => {
    res.statusCode = code
    return res
  }
  r.json = (body: unknown) => sendJson(req, res, body)
  r.send = (body: unknown) => sendData(req, res, body)
  r.redirect = (statusOrUrl: number | string, url?: string) => {
    redirect(res, statusOrUrl, url)
    return res
  }
}
