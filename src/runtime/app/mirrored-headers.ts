// Headers for the lazily built Request and Response objects (incoming-request.ts,
// fast-response.ts), and the copy of node's request headers into them.
import type { IncomingMessage } from 'node:http'

/**
 * Headers that, once the real undici object behind a lazy Request or Response has been built
 * from them, repeat every change on that object's own Headers. undici copies the Headers it is
 * given, and the lazy object keeps handing out this one (`request.headers` stays the same
 * object, as with undici); without the mirror, a header set after the body was read would be
 * missing from `fetch(request)` or `request.clone()`.
 */
export class MirroredHeaders extends Headers {
  #mirror: Headers | undefined

  /** From now on, changes here are made on `target` too. */
  mirrorTo(target: Headers): void {
    this.#mirror = target
  }

  override append(name: string, value: string): void {
    super.append(name, value)
    this.#mirror?.append(name, value)
  }

  override set(name: string, value: string): void {
    super.set(name, value)
    this.#mirror?.set(name, value)
  }

  override delete(name: string): void {
    super.delete(name)
    this.#mirror?.delete(name)
  }
}

/** Copies node's parsed request headers into `target`, one entry per value (node keeps
 *  repeated Set-Cookie-like headers as arrays). */
export function appendNodeHeaders(target: Headers, source: IncomingMessage['headers']): void {
  for (const name in source) {
    const value = source[name]
    if (value === undefined) continue
    if (typeof value === 'string') target.append(name, value)
    else for (const v of value) target.append(name, v)
  }
}
