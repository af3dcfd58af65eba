// `res.setHeader` as Next.js patches it for every request it serves
// (next/src/server/lib/patch-set-header.ts), recorded in test/fixtures/compression:
// - Set-Cookie is stored as an array: `res.getHeader('Set-Cookie')` after setting a string
//   reads `['a=1']` (the api-routes-middleware example relies on it); repeated lines are
//   dropped, and a value that is neither a string nor an array sets none;
// - cookies a proxy/middleware answer set come first (SluglineResponse.middlewareCookies);
// - a setHeader once the headers went out does nothing (Node would throw ERR_HTTP_HEADERS_SENT
//   from the handler, mid-response).
import type { ServerResponse } from 'node:http'

type HeaderValue = number | string | readonly string[]
type SetHeader = (this: ServerResponse, name: string, value: HeaderValue) => ServerResponse

export function setHeaderAsNext<R extends ServerResponse>(res: R, name: string, value: HeaderValue, middlewareCookies: string[] | undefined, setHeader: SetHeader): R {
  if (res.headersSent) return res
  if (name.length === 10 && name.toLowerCase() === 'set-cookie') {
    const own = typeof value === 'string' ? [value] : Array.isArray(value) ? (value as string[]) : []
    // Next.js's check: the middleware's own lines set again are kept as they are.
    if (middlewareCookies === undefined || own.length !== middlewareCookies.length || !own.every((line, i) => line === middlewareCookies[i])) {
      value = [...new Set([...(middlewareCookies ?? []), ...own])]
    }
  }
  setHeader.call(res, name, value)
  return res
}

/** The same behaviour as an own property, for a response our server did not create. */
export function patchSetHeader(res: ServerResponse): void {
  const setHeader = res.setHeader as SetHeader
  res.setHeader = function (this: ServerResponse, name: string, value: HeaderValue) {
    return setHeaderAsNext(this, name, value, undefined, setHeader)
  } as ServerResponse['setHeader']
}
