// Slugline's public API.
export { createHandler, type HandlerOptions } from './server/create-handler.ts'
export { createFetchHandler, createFetchDispatcher, type FetchHandlerOptions, type FetchDispatcherOptions, type FetchHandler, type FetchRoute } from './adapters/fetch/index.ts'
export { listen, createServer, type ListenOptions, type RunningServer } from './server/listen.ts'
export { buildApp, type BuildResult } from './build/build-app.ts'
export { loadEnv } from './server/load-env.ts'
export { SluglineError, BadRequestError, type ErrorCode } from './errors.ts'
export type {
  ApiHandler,
  ApiQuery,
  ApiRequest,
  ApiRouteParams,
  ApiResponse,
  NextApiHandler,
  NextApiRequest,
  NextApiResponse,
  PageConfig,
} from './runtime/pages/types.ts'
export type { Route, RouteKind, Segment } from './routes/types.ts'
export type { AppRouteParams, RouteContext } from './runtime/app/types.ts'
export * from './schema/index.ts'
