// The OpenAPI 3.1 document of a route table: every route under its path template, its methods
// (an app route's exported ones; a pages/api route's schema keys, else every common method),
// its path and query params, and request bodies and responses from its schemas' JSON Schema.
import { STATUS_CODES } from 'node:http'
import type { Route } from '../routes/types.ts'
import type { MethodSchema, RouteSchema } from '../schema/types.ts'
import { toJsonSchema, type JsonSchema, type SchemaContext } from './json-schema.ts'
import { pathTemplates, type PathTemplate } from './path-template.ts'

export interface DocumentedRoute {
  route: Route
  /** An app route's exported methods; for pages/api null (the schema's keys, else every
   *  common method) or, read from the source alone, the schema's keys. */
  methods: readonly string[] | null
  schema: RouteSchema | null
}

export interface DocumentInfo {
  title: string
  version: string
}

/** What a pages/api route without a schema is documented with: its handler may take any. */
export const PAGES_METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']

const INVALID_REQUEST: JsonSchema = {
  type: 'object',
  properties: {
    error: { const: 'Invalid request' },
    issues: {
      type: 'array',
      items: {
        type: 'object',
        properties: { in: { enum: ['params', 'query', 'body'] }, path: { type: 'array', items: { type: ['string', 'number'] } }, message: { type: 'string' } },
        required: ['in', 'path', 'message'],
      },
    },
  },
  required: ['error', 'issues'],
}

function operationId(method: string, template: PathTemplate): string {
  const words = template.path.split(/[^A-Za-z0-9]+/).filter((w) => w !== '')
  return method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('') + (template.root ? 'Root' : '')
}

function propertiesOf(schema: JsonSchema | null): { properties: Record<string, JsonSchema>; required: string[] } | null {
  if (schema === null || schema.type !== 'object' || typeof schema.properties !== 'object' || schema.properties === null) return null
  return { properties: schema.properties as Record<string, JsonSchema>, required: Array.isArray(schema.required) ? (schema.required as string[]) : [] }
}

function parameters(route: Route, template: PathTemplate, entry: MethodSchema | undefined, where: string, ctx: SchemaContext): JsonSchema[] {
  const out: JsonSchema[] = []
  const params = entry?.params === undefined ? null : propertiesOf(toJsonSchema(entry.params, 'input', `${where}.params`, ctx))
  for (const segment of template.params) {
    const many = segment.type !== 'dynamic'
    out.push({
      name: segment.name,
      in: 'path',
      required: true,
      schema: params?.properties[segment.name] ?? { type: 'string' },
      ...(many ? { description: `The rest of the path, one or more segments separated by \`/\` (\`${route.pattern}\`).` } : {}),
    })
  }
  if (entry?.query !== undefined) {
    const query = toJsonSchema(entry.query, 'input', `${where}.query`, ctx)
    const props = propertiesOf(query)
    if (props === null) {
      if (query !== null) ctx.warn(`Warning: ${where}.query is not an object schema: its query params are not documented.`)
    } else {
      for (const [name, schema] of Object.entries(props.properties)) {
        if (route.params.includes(name)) continue
        out.push({ name, in: 'query', required: props.required.includes(name), schema })
      }
    }
  }
  return out
}

function content(schema: JsonSchema | null): JsonSchema {
  return { 'application/json': { schema: schema ?? {} } }
}

function operation(route: Route, template: PathTemplate, method: string, entry: MethodSchema | undefined, ctx: SchemaContext): JsonSchema {
  const where = `${route.file}: schema.${method}`
  const op: JsonSchema = { operationId: operationId(method, template), summary: `${method} ${route.pattern}`, description: `\`${route.file}\`` }
  const params = parameters(route, template, entry, where, ctx)
  if (params.length > 0) op.parameters = params
  if (entry?.body !== undefined) op.requestBody = { required: true, content: content(toJsonSchema(entry.body, 'input', `${where}.body`, ctx)) }
  const responses: Record<string, JsonSchema> = {}
  for (const [status, schema] of Object.entries(entry?.response ?? {})) {
    responses[status] = { description: STATUS_CODES[Number(status)] ?? `Status ${status}`, content: content(toJsonSchema(schema, 'output', `${where}.response.${status}`, ctx)) }
  }
  if ((entry?.params ?? entry?.query ?? entry?.body) !== undefined && responses['400'] === undefined) {
    ctx.components.SluglineInvalidRequest ??= INVALID_REQUEST
    responses['400'] = { description: 'Invalid request: the issues the validator found', content: content({ $ref: '#/components/schemas/SluglineInvalidRequest' }) }
  }
  if (Object.keys(responses).length === 0) responses.default = { description: 'The handler’s answer (no response schema)' }
  op.responses = responses
  return op
}

export function createOpenApiDocument(routes: readonly DocumentedRoute[], info: DocumentInfo, warn: (line: string) => void): JsonSchema {
  const warned = new Set<string>()
  const ctx: SchemaContext = { components: {}, warn: (line) => void (warned.has(line) || (warned.add(line), warn(line))) }
  const paths: Record<string, Record<string, JsonSchema>> = {}
  for (const { route, methods, schema } of routes) {
    const list = methods ?? (route.source === 'app' ? [] : schema !== null ? Object.keys(schema) : PAGES_METHODS)
    for (const template of pathTemplates(route)) {
      const item = (paths[template.path] ??= {})
      for (const method of list) {
        const entry = schema?.[method as keyof RouteSchema]
        item[method.toLowerCase()] = operation(route, template, method, entry, ctx)
      }
    }
  }
  const doc: JsonSchema = { openapi: '3.1.0', info, paths }
  if (Object.keys(ctx.components).length > 0) doc.components = { schemas: ctx.components }
  return doc
}
