// Validation in front of an app route's method handler. The handler's second argument gains
// `query` (the query string parsed, repeated keys as arrays) and, with a body schema, `body`:
// the body read by its content type and parsed. The Request's own body has then been read.
import { parseQuery } from '../runtime/shared/query.ts'
import { SCHEMA_MARK } from './mark.ts'
import type { MethodSchema } from './types.ts'
import { invalidRequestBody, validateParts, type Validated } from './validate.ts'

type Context = { params: Promise<unknown> }
type Handler = (request: Request, context: Context & { query: unknown; body?: unknown }) => unknown

const INVALID_JSON = Symbol('invalid JSON')

function searchOf(url: string): string {
  const q = url.indexOf('?')
  if (q === -1) return ''
  const h = url.indexOf('#', q)
  return url.slice(q + 1, h === -1 ? undefined : h)
}

/** The body as the pages/api body parser reads it: JSON (empty is `{}`), a urlencoded form as
 *  an object, multipart form data as an object (repeated names as arrays), else the text. */
async function readBody(request: Request): Promise<unknown> {
  const type = (request.headers.get('content-type') ?? '').toLowerCase()
  if (type.startsWith('multipart/form-data')) {
    const out: Record<string, unknown> = {}
    for (const [key, value] of await request.formData()) {
      const prev = out[key]
      out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value]
    }
    return out
  }
  const text = await request.text()
  if (type.startsWith('application/json') || /^application\/[\w.+-]*\+json/.test(type)) {
    if (text.trim() === '') return {}
    try {
      return JSON.parse(text)
    } catch {
      return INVALID_JSON
    }
  }
  if (type.startsWith('application/x-www-form-urlencoded')) return parseQuery(text)
  return text === '' && type === '' ? undefined : text
}

function json(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'content-type': 'application/json' } })
}

export function validateAppHandler(handler: Handler, schema: MethodSchema): (request: Request, context: Context) => Promise<unknown> {
  const validated = async function validated(request: Request, context: Context) {
    const input: Validated = {}
    const rawQuery = parseQuery(searchOf(request.url))
    input.query = rawQuery
    if (schema.params !== undefined) input.params = (await context.params) ?? {}
    if (schema.body !== undefined) {
      const body = await readBody(request)
      if (body === INVALID_JSON) return json(400, '{"error":"Invalid JSON"}')
      input.body = body
    }
    let outcome = validateParts(schema, input)
    if (outcome instanceof Promise) outcome = await outcome
    if (!outcome.ok) return json(400, invalidRequestBody(outcome.issues))
    const { value } = outcome
    return handler(request, {
      params: schema.params !== undefined ? Promise.resolve(value.params) : context.params,
      query: schema.query !== undefined ? value.query : rawQuery,
      body: value.body,
    })
  }
  return Object.assign(validated, { [SCHEMA_MARK]: schema })
}
