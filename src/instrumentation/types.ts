// The error hook's contract, as Next.js 15+ defines it for `instrumentation.ts`
// (https://nextjs.org/docs/app/api-reference/file-conventions/instrumentation), with the
// argument shapes next start 16.4.6 was recorded passing
// (test/fixtures/next-parity/instrumentation.json).

/** The request a failed handler was serving. */
export interface RequestErrorRequest {
  /** The request target as received, query included: `/api/users/7?x=1`. */
  path: string
  method: string
  headers: Record<string, string | string[] | undefined>
}

/** Where the error happened. Slugline serves route handlers only, so `routeType` is always
 *  'route' (Next.js also has 'render', 'action' and 'proxy'). */
export interface RequestErrorContext {
  routerKind: 'Pages Router' | 'App Router'
  /** The route's pattern: `/api/users/[id]`, `/items/[id]`. */
  routePath: string
  routeType: 'route'
  revalidateReason: undefined
}

export type OnRequestError = (error: unknown, request: RequestErrorRequest, context: RequestErrorContext) => void | Promise<void>

/** What an instrumentation module may export. */
export interface InstrumentationModule {
  register?: () => unknown
  onRequestError?: OnRequestError
}

/** Calls the app's onRequestError, if it has one; never rejects (a failing hook is logged). */
export type ErrorReporter = (error: unknown, request: RequestErrorRequest, context: RequestErrorContext) => Promise<void>
