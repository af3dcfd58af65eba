// The ES module worker `slugline build --target workers` writes (`export default { fetch }`):
// the dispatch core (createFetchDispatcher) over route modules the bundle imports statically,
// so nothing is read from a file system. The platform already speaks Request and Response;
// all this adds is the client address for `req.socket.remoteAddress`, which Cloudflare gives
// in CF-Connecting-IP (https://developers.cloudflare.com/fundamentals/reference/http-headers/).
import { createFetchDispatcher, type FetchRoute } from '../fetch/dispatcher.ts'

export interface Worker {
  fetch(request: Request, env?: unknown, ctx?: unknown): Promise<Response>
}

export function createWorker(routes: readonly FetchRoute[]): Worker {
  const dispatch = createFetchDispatcher({ routes })
  return {
    fetch(request) {
      const ip = request.headers.get('cf-connecting-ip')
      return dispatch(request, ip === null ? undefined : { remoteAddress: ip })
    },
  }
}
