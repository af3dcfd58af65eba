// Checks `export const schema` once, when the module loads (start, dev) and, from the source,
// at build: a misspelt method or key would otherwise validate nothing, silently.
import { SluglineError } from '../errors.ts'
import { METHOD_SCHEMA_KEYS, SCHEMA_METHODS, type RouteSchema } from './types.ts'

/** A schema's shape: method -> the keys its entry has (what the build reads from the source). */
export type SchemaShape = Record<string, string[]>

function invalid(file: string, message: string): SluglineError {
  return new SluglineError('HANDLER_INVALID', `The route ${file} has an invalid \`schema\`: ${message}`, [file])
}

/** Throws on a method or key Slugline does not know; returns the warnings (an app route schema
 *  for a method it does not export). */
export function checkSchemaShape(shape: SchemaShape, file: string, exportedMethods: readonly string[] | null): string[] {
  const warnings: string[] = []
  for (const [method, keys] of Object.entries(shape)) {
    if (!(SCHEMA_METHODS as readonly string[]).includes(method)) {
      throw invalid(file, `\`${method}\` is not an HTTP method (one of ${SCHEMA_METHODS.join(', ')}).`)
    }
    for (const key of keys) {
      if (!METHOD_SCHEMA_KEYS.includes(key)) throw invalid(file, `\`schema.${method}.${key}\` is not a schema key (one of ${METHOD_SCHEMA_KEYS.join(', ')}).`)
    }
    if (exportedMethods !== null && !exportedMethods.includes(method)) {
      warnings.push(`Warning: ${file}: \`schema.${method}\` is for a method the route does not export; it is not used.`)
    }
  }
  return warnings
}

function isSchema(value: unknown): boolean {
  const std = (value as { '~standard'?: { validate?: unknown } } | null)?.['~standard']
  return typeof std === 'object' && std !== null && typeof std.validate === 'function'
}

/** Checks a loaded schema's values: each part a Standard Schema, `response` an object of them
 *  keyed by status code. */
export function checkSchemaValues(schema: unknown, file: string, exportedMethods: readonly string[] | null): { schema: RouteSchema; warnings: string[] } {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) throw invalid(file, 'it must be an object of methods, `{ GET: { query }, POST: { body } }`.')
  const shape: SchemaShape = {}
  for (const [method, entry] of Object.entries(schema)) {
    if (typeof entry !== 'object' || entry === null) throw invalid(file, `\`schema.${method}\` must be an object (\`{ query, body, params, response }\`).`)
    shape[method] = Object.keys(entry)
  }
  const warnings = checkSchemaShape(shape, file, exportedMethods)
  for (const [method, entry] of Object.entries(schema as Record<string, Record<string, unknown>>)) {
    for (const [key, value] of Object.entries(entry)) {
      if (value === undefined) continue
      if (key !== 'response') {
        if (!isSchema(value)) throw invalid(file, `\`schema.${method}.${key}\` is not a Standard Schema (a zod, valibot or arktype schema, or any value with \`~standard.validate\`).`)
        continue
      }
      if (typeof value !== 'object' || value === null) throw invalid(file, `\`schema.${method}.response\` must be an object of status codes, \`{ 200: Schema }\`.`)
      for (const [status, s] of Object.entries(value)) {
        if (!/^[1-5]\d\d$/.test(status)) throw invalid(file, `\`schema.${method}.response.${status}\` is not an HTTP status code.`)
        if (!isSchema(s)) throw invalid(file, `\`schema.${method}.response.${status}\` is not a Standard Schema.`)
      }
    }
  }
  return { schema: schema as RouteSchema, warnings }
}

/** A pages/api body schema with `config.api.bodyParser: false`: nothing to validate. */
export function bodyParserOffError(file: string, method: string): SluglineError {
  return new SluglineError('HANDLER_INVALID', `The API route ${file} has \`schema.${method}.body\` but turns the body parser off (\`config.api.bodyParser: false\`): a body schema needs the parsed body.`, [file])
}
