// Validation in front of a pages/api handler. The body parser has run (run-handler.ts) when
// this is called, so `req.body` is what the schema sees; the query schema sees the query
// string's keys without the route's params, which the params schema gets instead. The parsed
// values replace `req.query` (params written over, as always) and `req.body`.
// With a schema, its keys are the route's methods: any other answers 405 with `Allow`.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { PagesModule } from '../runtime/pages/run-handler.ts'
import { SCHEMA_MARK } from './mark.ts'
import type { RouteSchema } from './types.ts'
import { invalidRequestBody, validateParts, type Outcome, type Validated } from './validate.ts'

type Req = IncomingMessage & { query: Record<string, unknown>; body: unknown }
type Handler = PagesModule['handler']

/** `pages/api/a/[id]/[...rest].ts` -> `['id', 'rest']`. */
export function paramNamesOf(file: string): string[] {
  return [...file.matchAll(/\[\[?(?:\.\.\.)?([^\]]+)\]\]?/g)].map((m) => m[1]!)
}

function sendJson(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.statusCode = status
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  res.end(body)
}

export function allowOf(schema: RouteSchema): string {
  const methods = new Set(Object.keys(schema))
  if (methods.has('GET')) methods.add('HEAD')
  return [...methods].sort().join(', ')
}

export function validatePagesHandler(handler: Handler, schema: RouteSchema, paramNames: readonly string[]): Handler {
  const allow = allowOf(schema)
  const validated = function validated(req: Req, res: ServerResponse) {
    const method = req.method ?? 'GET'
    const entry = schema[method as keyof RouteSchema] ?? (method === 'HEAD' ? schema.GET : undefined)
    if (entry === undefined) return sendJson(res, 405, '{"error":"Method Not Allowed"}', { Allow: allow })
    const input: Validated = {}
    const params: Record<string, unknown> = {}
    if (entry.query !== undefined || entry.params !== undefined) {
      const query: Record<string, unknown> = { ...req.query }
      for (const name of paramNames) {
        if (name in query) params[name] = query[name]
        delete query[name]
      }
      input.query = query
      input.params = params
    }
    if (entry.body !== undefined) input.body = req.body
    const finish = (outcome: Outcome): unknown => {
      if (!outcome.ok) return sendJson(res, 400, invalidRequestBody(outcome.issues))
      const { value } = outcome
      if (entry.query !== undefined || entry.params !== undefined) {
        req.query = Object.assign({}, entry.query !== undefined ? value.query : input.query, entry.params !== undefined ? value.params : params)
      }
      if (entry.body !== undefined) req.body = value.body
      return handler(req, res)
    }
    const outcome = validateParts(entry, input)
    return outcome instanceof Promise ? outcome.then(finish) : finish(outcome)
  }
  // Carries its schema on, as route() and apiRoute() handlers do, for `slugline openapi`.
  return Object.assign(validated, { [SCHEMA_MARK]: schema })
}
