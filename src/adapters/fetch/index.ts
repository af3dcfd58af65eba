// The fetch adapter: a built app as a `(Request) => Promise<Response>` function.
export { createFetchHandler, type FetchHandlerOptions } from './handler.ts'
export { createFetchDispatcher, type FetchDispatcherOptions, type FetchHandler, type FetchRoute } from './dispatcher.ts'
