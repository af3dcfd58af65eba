// The runtime's own Response class. When the App Router runtime is loaded in this process
// (createHandler beside createFetchHandler), globalThis.Response is Slugline's lighter
// FastResponse, which Bun.serve refuses ("Expected a Response object"); fast-response.ts keeps
// the original on globalThis, and this reads it from there (or the global, when nothing
// replaced it).
import { NativeResponse as KeptNative, TAKE_FAST_BODY, takeFastBody } from '../../runtime/app/fast-response.ts'

export const NativeResponse: typeof Response = KeptNative

/** `response` as the runtime's own Response: itself unless it is a FastResponse (a subclass of
 *  the native class, NextResponse's, is one already). */
export function toNativeResponse(response: Response): Response {
  if (!(TAKE_FAST_BODY in response)) return response
  const init = { status: response.status, statusText: response.statusText }
  const fast = takeFastBody(response)
  // Materialised already (something read its body or cloned it): forward what it holds.
  if (fast === undefined) return new NativeResponse(response.body, { ...init, headers: response.headers })
  const headers = fast.headers ?? new Headers(fast.type === null ? undefined : { 'content-type': fast.type })
  return new NativeResponse(fast.body, { ...init, headers })
}
