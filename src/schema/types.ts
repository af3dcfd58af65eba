// The schema a route declares, in Standard Schema terms (https://standardschema.dev). The
// interfaces are written out here, structurally the same as @standard-schema/spec's, so that
// Slugline's public types need no package: a zod 4, valibot or arktype schema fits them as is.

/** A Standard Schema value (`~standard.validate`), as zod 4, valibot 1 and arktype 2 make. */
export interface StandardSchema<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1
    readonly vendor: string
    readonly validate: (value: unknown, options?: any) => StandardResult<Output> | Promise<StandardResult<Output>>
    readonly types?: { readonly input: Input; readonly output: Output } | undefined
    /** Standard JSON Schema, where the validator provides it (zod 4, arktype; valibot through
     *  `toStandardJsonSchema` of @valibot/to-json-schema). `slugline openapi` reads it. */
    readonly jsonSchema?: StandardJsonSchemaConverter | undefined
  }
}

export interface StandardJsonSchemaConverter {
  readonly input: (options: { readonly target: string }) => Record<string, unknown>
  readonly output: (options: { readonly target: string }) => Record<string, unknown>
}

export interface StandardIssue {
  readonly message: string
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined
}

export type StandardResult<Output> = { readonly value: Output; readonly issues?: undefined } | { readonly issues: ReadonlyArray<StandardIssue> }

/** What one method of a route accepts and answers. `response` is documentation (OpenAPI, the
 *  types of a handler's answer); it is not checked at run time. */
export interface MethodSchema {
  /** The route's params (`[id]`), as strings (arrays for catch-alls). */
  readonly params?: StandardSchema | undefined
  /** The query string's keys (params excluded), as strings or arrays of strings. */
  readonly query?: StandardSchema | undefined
  /** The body, as the body parser reads it (JSON, a urlencoded form as an object, else text). */
  readonly body?: StandardSchema | undefined
  /** The answer per status code: `{ 200: Book, 404: NotFound }`. */
  readonly response?: { readonly [status: number]: StandardSchema } | undefined
}

export type SchemaMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'POST' | 'PUT' | 'DELETE' | 'PATCH'

/** `export const schema = { GET: { query }, POST: { body, response: { 201: Book } } }`. */
export type RouteSchema = { readonly [M in SchemaMethod]?: MethodSchema }

/** The keys a method's schema may have (checked at build and at load). */
export const METHOD_SCHEMA_KEYS: readonly string[] = Object.freeze(['params', 'query', 'body', 'response'])
export const SCHEMA_METHODS: readonly SchemaMethod[] = Object.freeze(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'])

/** A schema's parsed value type; `Fallback` when there is no schema. */
export type OutputOf<S, Fallback> = S extends StandardSchema ? NonNullable<S['~standard']['types']>['output'] : Fallback
/** A schema's input type (what a handler sends for a `response` schema). */
export type InputOf<S, Fallback> = S extends StandardSchema ? NonNullable<S['~standard']['types']>['input'] : Fallback

/** One issue of a 400 answer: where (`params`, `query` or `body`), the path inside it, and
 *  the validator's message. */
export interface RequestIssue {
  in: 'params' | 'query' | 'body'
  path: (string | number)[]
  message: string
}
