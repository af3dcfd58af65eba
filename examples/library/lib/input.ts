// Reading and checking what the client sent. Each check returns the clean value or throws an
// HttpError(400) that names the offending field, which `methods()` turns into
// `{ "error": "...", "field": "..." }`.
import type { ApiRequest } from 'slugline'
import { HttpError } from './api.ts'

const JSON_TYPE = /^application\/(?:ld\+)?json\s*(?:;|$)/i
const MAX_TEXT = 200

/** A route param such as `[id]` as a positive integer. */
export function idParam(req: ApiRequest, name: string): number {
  const raw = req.query[name]
  const id = typeof raw === 'string' && /^[1-9][0-9]*$/.test(raw) ? Number(raw) : NaN
  if (!Number.isSafeInteger(id)) {
    throw new HttpError(400, `${name} must be a positive integer, got ${JSON.stringify(raw)}`, name)
  }
  return id
}

/** An optional query-string parameter given at most once (`?q=a&q=b` is an array). */
export function optionalQuery(req: ApiRequest, name: string): string | undefined {
  const raw = req.query[name]
  if (Array.isArray(raw)) throw new HttpError(400, `${name} must be given at most once`, name)
  return raw
}

/** The request body as a JSON object. The body parser has already run: a JSON body that does
 *  not parse never reaches the handler (the server answers 400 `Invalid JSON`, as Next.js
 *  does), but a form or text body arrives as an object or a string, and is refused here. */
export function jsonObject(req: ApiRequest): Record<string, unknown> {
  const type = req.headers['content-type'] ?? ''
  const body: unknown = req.body
  if (!JSON_TYPE.test(type) || typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'The body must be a JSON object sent with Content-Type: application/json', 'body')
  }
  return body as Record<string, unknown>
}

/** A required, non-empty string, trimmed. */
export function requiredText(body: Record<string, unknown>, field: string): string {
  const value = body[field]
  if (value === undefined || value === null) throw new HttpError(400, `${field} is required`, field)
  if (typeof value !== 'string') throw new HttpError(400, `${field} must be a string`, field)
  const text = value.trim()
  if (text === '') throw new HttpError(400, `${field} must not be empty`, field)
  if (text.length > MAX_TEXT) throw new HttpError(400, `${field} must be at most ${MAX_TEXT} characters`, field)
  return text
}

/** An optional year: absent or null gives null; otherwise a whole number not in the future. */
export function optionalYear(body: Record<string, unknown>, field: string): number | null {
  const value = body[field]
  if (value === undefined || value === null) return null
  const thisYear = new Date().getFullYear()
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -3000 || value > thisYear) {
    throw new HttpError(400, `${field} must be a whole year between -3000 and ${thisYear}`, field)
  }
  return value
}

/** A catch-all param (`[...name]` or `[[...name]]`) as its path segments, decoded. A string
 *  is not a path: `/api/shop?slug=x` has no segments, so Next.js leaves the query's own
 *  `slug=x` in place, and it is ignored here. */
export function segmentsParam(req: ApiRequest, name: string): string[] {
  const raw = req.query[name]
  return Array.isArray(raw) ? raw : []
}
