// `route()` (app routes) and `apiRoute()` (pages/api): give a handler its types from its schema,
// with no generics to write. Both return the handler itself carrying the schema; Slugline's
// loader validates in front of it (apply.ts), as it does for `export const schema`.
import type { ApiQuery, ApiRequest, ApiResponse } from '../runtime/pages/types.ts'
import { SCHEMA_MARK } from './mark.ts'
import type { InputOf, MethodSchema, OutputOf, RouteSchema } from './types.ts'

type Query = Record<string, string | string[]>

/** What a `response` schema map lets a handler send: the union of its schemas' inputs. */
export type ResponseData<S extends MethodSchema> = S['response'] extends infer R ? ([R] extends [undefined] ? any : { [K in keyof R]: InputOf<R[K], never> }[keyof R]) : any

/** The second argument of a `route()` handler. */
export interface SchemaRouteContext<S extends MethodSchema> {
  /** The route's params; parsed by `schema.params` when there is one. */
  params: Promise<OutputOf<S['params'], Record<string, string | string[]> | undefined>>
  /** The query string: parsed by `schema.query`, else as strings (arrays for repeated keys). */
  query: OutputOf<S['query'], Query>
  /** The body parsed by `schema.body` (the Request's own body has been read); else undefined. */
  body: OutputOf<S['body'], undefined>
}

/** An app route method handler validated by its schema:
 *  `export const POST = route(schema.POST, async (request, { body }) => Response.json(body))`. */
export function route<const S extends MethodSchema>(
  schema: S,
  handler: (request: Request, context: SchemaRouteContext<S>) => Response | Promise<Response>,
): (request: Request, context: { params: Promise<any> }) => Response | Promise<Response> {
  return Object.assign(handler as never, { [SCHEMA_MARK]: schema })
}

type MethodOf<M extends string> = M extends 'GET' ? 'GET' | 'HEAD' : M

/** `req` for one method of an `apiRoute()` schema: `method` narrows it. */
export type SchemaApiRequest<M extends string, S extends MethodSchema> = Omit<ApiRequest, 'method' | 'query' | 'body'> & {
  method: MethodOf<M>
  query: (S['query'] extends undefined ? ApiQuery : OutputOf<S['query'], ApiQuery>) & OutputOf<S['params'], {}>
  body: OutputOf<S['body'], any>
}

/** The union over the schema's methods: check `req.method` to narrow `req.query` and `req.body`. */
export type SchemaApiRequests<R extends RouteSchema> = { [M in keyof R & string]: R[M] extends MethodSchema ? SchemaApiRequest<M, R[M]> : never }[keyof R & string]

type AllResponses<R extends RouteSchema> = { [M in keyof R]: R[M] extends MethodSchema ? ResponseData<R[M]> : never }[keyof R]

/** A pages/api handler validated by its schema, whose keys are its methods (any other answers
 *  405): `export default apiRoute(schema, (req, res) => { if (req.method === 'POST') req.body.title })`. */
export function apiRoute<const R extends RouteSchema>(
  schema: R,
  handler: (req: SchemaApiRequests<R>, res: ApiResponse<AllResponses<R>>) => unknown,
): (req: ApiRequest, res: ApiResponse) => unknown {
  return Object.assign(handler as never, { [SCHEMA_MARK]: schema })
}
