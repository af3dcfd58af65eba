// `lambdaInvocation(request)`: the Lambda event and context behind a request, for a handler
// that needs what only the platform knows (`event.requestContext`: the authorizer's claims, the
// stage, the request id; `context.getRemainingTimeInMillis()`), without any header to forge.
//
//   import { lambdaInvocation } from 'slugline/lambda'
//   // app route:  lambdaInvocation(request)?.event.requestContext
//   // pages/api:  lambdaInvocation(req)?.event.requestContext
//
// undefined outside Lambda (`slugline start`, dev). Entries are kept per Request in a WeakMap
// on globalThis under a registered symbol: the handler's bundled copy of this file and the
// copy a route module imports from `slugline/lambda` are two modules, and must share it.
// Imports nothing, so that a route importing it pulls nothing else into the function.

export interface LambdaInvocation<E = Record<string, any>, C = Record<string, any>> {
  /** The event as Lambda delivered it; `event.requestContext` is the platform's context. */
  readonly event: E
  /** The Lambda context object. */
  readonly context: C
}

const KEY = Symbol.for('slugline.lambdaInvocations')

type GlobalWithInvocations = typeof globalThis & { [KEY]?: WeakMap<object, LambdaInvocation> }

function invocations(): WeakMap<object, LambdaInvocation> {
  const g = globalThis as GlobalWithInvocations
  return (g[KEY] ??= new WeakMap())
}

/** Records the invocation a Request came from (the Lambda handler does, once per request). */
export function setLambdaInvocation(request: Request, invocation: LambdaInvocation): void {
  invocations().set(request, invocation)
}

/**
 * The event and context of the invocation `request` came from: an app route's Request, or a
 * pages/api handler's `req` (which stands for one). undefined when not on Lambda.
 */
export function lambdaInvocation<E = Record<string, any>, C = Record<string, any>>(request: object): LambdaInvocation<E, C> | undefined {
  const map = (globalThis as GlobalWithInvocations)[KEY]
  if (map === undefined) return undefined
  const found = map.get(request) ?? map.get((request as { request?: object }).request ?? request)
  return found as LambdaInvocation<E, C> | undefined
}
