// The dispatch core's Response -> the result object Lambda hands back to API Gateway or the
// ALB, shaped for the event it answers (types.ts for the docs):
//
// - 2.0: `headers` (one value each, repeated headers joined with commas) and Set-Cookie lines
//   apart in `cookies`, since a comma cannot be joined into a Set-Cookie.
// - 1.0: `multiValueHeaders`, every header with all its values.
// - ALB: `multiValueHeaders` when the event came with them (the target group has multi-value
//   headers on), else `headers`, which hold one value per name: there, only the last of
//   several Set-Cookie lines reaches the client, an ALB limit. Plus the `statusDescription`
//   the ALB requires.
//
// The body is text (`isBase64Encoded: false`) when its content type is textual and it is valid
// UTF-8 with no content-encoding; anything else (an image, a gzip body, bytes with no type)
// goes base64, which API Gateway and the ALB decode back to the same bytes. (A REST API
// decodes it only for the types listed in its binaryMediaTypes: set that to `*/*`.)
import { STATUS_CODES } from 'node:http'
import type { AlbResult, EventFormat, LambdaResult, ResultV1, ResultV2 } from './types.ts'

const TEXT_TYPE = /^(?:text\/|application\/(?:json|javascript|ecmascript|xml|x-www-form-urlencoded|graphql)\b|[^;]*\+(?:json|xml)\b)/i
/** Hop-by-hop headers: the platform frames the answer itself. */
const DROPPED = new Set(['connection', 'keep-alive', 'transfer-encoding'])

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

export function isTextBody(headers: Headers): boolean {
  const encoding = headers.get('content-encoding')
  if (encoding !== null && encoding !== 'identity') return false
  return TEXT_TYPE.test(headers.get('content-type') ?? '')
}

/** The body as Lambda carries it: UTF-8 text, or base64. */
export function encodeBody(bytes: Uint8Array, text: boolean): { body: string; isBase64Encoded: boolean } {
  if (bytes.byteLength === 0) return { body: '', isBase64Encoded: false }
  if (text) {
    try {
      return { body: utf8.decode(bytes), isBase64Encoded: false }
    } catch {
      // Declared text, but not UTF-8: the bytes as they are.
    }
  }
  return { body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'), isBase64Encoded: true }
}

/** Every header but Set-Cookie, one comma-joined value each (Headers joins them itself). */
export function singleHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {}
  headers.forEach((value, name) => {
    if (name !== 'set-cookie' && !DROPPED.has(name)) out[name] = value
  })
  return out
}

function multiHeaders(headers: Headers): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  headers.forEach((value, name) => {
    if (name !== 'set-cookie' && !DROPPED.has(name)) out[name] = [value]
  })
  const cookies = headers.getSetCookie()
  if (cookies.length > 0) out['set-cookie'] = cookies
  return out
}

export async function toResult(response: Response, format: EventFormat, method: string): Promise<LambdaResult> {
  const bytes = method === 'HEAD' || response.body === null ? new Uint8Array(0) : new Uint8Array(await response.arrayBuffer())
  const { body, isBase64Encoded } = encodeBody(bytes, isTextBody(response.headers))
  const statusCode = response.status
  if (format === 'v2') {
    const result: ResultV2 = { statusCode, headers: singleHeaders(response.headers), body, isBase64Encoded }
    const cookies = response.headers.getSetCookie()
    if (cookies.length > 0) result.cookies = cookies
    return result
  }
  if (format === 'v1') return { statusCode, multiValueHeaders: multiHeaders(response.headers), body, isBase64Encoded } satisfies ResultV1
  const statusDescription = `${statusCode} ${STATUS_CODES[statusCode] ?? 'Unknown'}`
  if (format === 'alb-multi') return { statusCode, statusDescription, multiValueHeaders: multiHeaders(response.headers), body, isBase64Encoded } satisfies AlbResult
  const headers = singleHeaders(response.headers)
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) headers['set-cookie'] = cookies[cookies.length - 1]!
  return { statusCode, statusDescription, headers, body, isBase64Encoded } satisfies AlbResult
}
