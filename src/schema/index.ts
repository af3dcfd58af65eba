// The schema helpers and types `slugline` exports.
export { route, apiRoute, type SchemaRouteContext, type SchemaApiRequest, type SchemaApiRequests, type ResponseData } from './route.ts'
export type { StandardSchema, StandardIssue, StandardResult, StandardJsonSchemaConverter, MethodSchema, RouteSchema, SchemaMethod, RequestIssue, OutputOf, InputOf } from './types.ts'
