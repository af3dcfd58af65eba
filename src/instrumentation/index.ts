// The error hook (`instrumentation.ts`, as Next.js 15+): what every server and deploy adapter
// needs to find it, start it (register()) and report a handler's crash to it.
export { findInstrumentation, isInstrumentationPath } from './find-instrumentation.ts'
export { createErrorReporter, noHooksWarning, readInstrumentation, startInstrumentation } from './load-instrumentation.ts'
export { fromNodeRequest, fromWebRequest, reportNodeRequestError, toErrorContext, type ErrorRoute } from './request-error.ts'
export type { ErrorReporter, InstrumentationModule, OnRequestError, RequestErrorContext, RequestErrorRequest } from './types.ts'
