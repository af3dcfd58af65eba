// The types a pages/api handler is written against. The Next.js names resolve to the same
// types, so a handler from a Next.js project type-checks unchanged.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { PageConfig } from './config.ts'

export type { PageConfig }

/** The query string parsed, with route params written over keys of the same name. */
export type ApiQuery = Partial<{ [key: string]: string | string[] }>

/** Each pages/api pattern's params, filled in by the route types `slugline build` and
 *  `slugline dev` generate (.slugline/types/routes.d.ts) by augmenting this interface. */
export interface ApiRouteParams {}

/** `ApiRequest<'/api/authors/[id]'>` types the route's own params (`req.query.id: string`);
 *  plain `ApiRequest` types every query value as `string | string[] | undefined`. */
export interface ApiRequest<Route extends keyof ApiRouteParams = never> extends IncomingMessage {
  query: [Route] extends [never] ? ApiQuery : ApiQuery & ApiRouteParams[Route]
  cookies: Partial<{ [key: string]: string }>
  body: any
  env: NodeJS.ProcessEnv
}

export type Send<T> = (body: T) => void

export type ApiResponse<Data = any> = ServerResponse & {
  send: Send<Data>
  json: Send<Data>
  status: (statusCode: number) => ApiResponse<Data>
  redirect(url: string): ApiResponse<Data>
  redirect(status: number, url: string): ApiResponse<Data>
}

export type ApiHandler<Data = any> = (req: ApiRequest, res: ApiResponse<Data>) => unknown | Promise<unknown>

export type NextApiRequest = ApiRequest
export type NextApiResponse<Data = any> = ApiResponse<Data>
export type NextApiHandler<Data = any> = ApiHandler<Data>
