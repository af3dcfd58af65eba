// `request.signal` for route handlers: an AbortSignal that fires when the client goes away
// before the response is complete, or when the route runs past its maxDuration (a
// TimeoutError). Like Next.js, it never aborts once the response was sent.
import type { ServerResponse } from 'node:http'
import { onDeadline } from '../shared/deadline.ts'

export function clientSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController()
  const abort = () => controller.abort(new DOMException('The client disconnected before the response was sent.', 'AbortError'))
  if (!res.writableFinished) {
    onDeadline(res, () => controller.abort(new DOMException('The route ran past its maxDuration.', 'TimeoutError')))
    if (res.destroyed) abort()
    else res.once('close', () => res.writableFinished || abort())
  }
  return controller.signal
}
