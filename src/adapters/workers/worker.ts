// The ES module worker `slugline build --target workers` writes (`export default { fetch }`):
// the dispatch core (createFetchDispatcher) over route modules the bundle imports statically,
// so nothing is read from a file system. The platform already speaks Request and Response;
// all this adds is the client address for `req.socket.remoteAddress`, which Cloudflare gives
// in CF-Connecting-IP (https://developers.cloudflare.com/fundamentals/reference/http-headers/).
import { createFetchDispatcher, type FetchDispatcherOptions, type FetchRoute } from '../fetch/dispatcher.ts'

export interface Worker {
  fetch(request: Request, env?: unknown, ctx?: unknown): Promise<Response>
}

/** `instrumentation`: the app's instrumentation.ts module, if it has one (register() runs before
 *  the first answer, onRequestError for every handler crash), with NEXT_RUNTIME 'edge' as on
 *  Next.js's edge runtime. */
export function createWorker(routes: readonly FetchRoute[], instrumentation?: FetchDispatcherOptions['instrumentation']): Worker {
  if (instrumentation !== undefined && typeof process !== 'undefined') process.env.NEXT_RUNTIME ??= 'edge'
  const dispatch = instrumentation === undefined ? createFetchDispatcher({ routes }) : createFetchDispatcher({ routes, instrumentation })
  return {
    fetch(request) {
      const ip = request.headers.get('cf-connecting-ip')
      return dispatch(request, ip === null ? undefined : { remoteAddress: ip })
    },
  }
}
