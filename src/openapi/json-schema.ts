// Standard JSON Schema (`~standard.jsonSchema`) -> a schema for an OpenAPI 3.1 document, whose
// Schema Object is JSON Schema 2020-12. Definitions a validator puts in `$defs` (recursive or
// registered schemas) move to `components.schemas`, with their `$ref`s rewritten, since a
// `#/$defs/...` inside the document would point at its root.
import type { StandardSchema } from '../schema/types.ts'

export type JsonSchema = Record<string, unknown>

export interface SchemaContext {
  /** components.schemas, filled as definitions are found. */
  components: Record<string, JsonSchema>
  warn(line: string): void
}

function rewriteRefs(value: unknown, names: Map<string, string>, self: string | null = null): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, names, self))
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) {
    if (key === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) {
      const name = decodeURIComponent(v.slice('#/$defs/'.length))
      out[key] = `#/components/schemas/${encodeURIComponent(names.get(name) ?? name)}`
    } else if (key === '$ref' && v === '#' && self !== null) {
      out[key] = `#/components/schemas/${encodeURIComponent(self)}`
    } else out[key] = rewriteRefs(v, names, self)
  }
  return out
}

/** The JSON Schema of a part (input: what a client sends; output: what a response holds);
 *  null when the validator gives none (a warning says so, naming `where`). */
export function toJsonSchema(schema: StandardSchema, io: 'input' | 'output', where: string, ctx: SchemaContext): JsonSchema | null {
  const std = schema['~standard']
  const converter = std.jsonSchema
  if (converter === undefined || typeof converter[io] !== 'function') {
    ctx.warn(`Warning: ${where} (${std.vendor}) provides no JSON Schema (~standard.jsonSchema): documented as any value.${std.vendor === 'valibot' ? ' Wrap it in toStandardJsonSchema() from @valibot/to-json-schema.' : ''}`)
    return null
  }
  let raw: JsonSchema
  try {
    raw = converter[io]({ target: 'draft-2020-12' })
  } catch (err) {
    ctx.warn(`Warning: ${where} (${std.vendor}) cannot be written as JSON Schema (${(err as Error).message.split('\n')[0]}): documented as any value.`)
    return null
  }
  const { $schema: _dialect, $defs, ...rest } = raw as JsonSchema & { $defs?: Record<string, JsonSchema> }
  const names = new Map<string, string>()
  const unique = (name: string, value: unknown): string => {
    let name2 = name
    for (let n = 2; name2 in ctx.components && JSON.stringify(ctx.components[name2]) !== JSON.stringify(value); n++) name2 = `${name}${n}`
    return name2
  }
  if ($defs !== undefined) {
    for (const name of Object.keys($defs)) names.set(name, unique(name, $defs[name]))
    for (const [name, def] of Object.entries($defs)) ctx.components[names.get(name)!] = rewriteRefs(def, names) as JsonSchema
  }
  // A schema that refers to itself (`$ref: '#'`, a recursive root) becomes a component of its
  // own, named for where it is used.
  if (JSON.stringify(rest).includes('"$ref":"#"')) {
    const hint = where.split(/[^A-Za-z0-9]+/).filter((w) => w !== '' && !/^(ts|tsx|js|mjs|cjs|jsx|schema)$/.test(w))
    const base = hint.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('') || 'Schema'
    const self = unique(base, rest)
    ctx.components[self] = rewriteRefs(rest, names, self) as JsonSchema
    return { $ref: `#/components/schemas/${encodeURIComponent(self)}` }
  }
  return rewriteRefs(rest, names) as JsonSchema
}
