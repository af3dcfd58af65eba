// Small helpers shared by the handlers: one function per HTTP method, a 405 with an `Allow`
// header for any other method, and input errors thrown as HttpError and answered as JSON.
import type { ApiRequest, ApiResponse } from 'slugline'

export type MethodHandler = (req: ApiRequest, res: ApiResponse) => void | Promise<void>

/** An error meant for the client: its status, a message and, for bad input, the field. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message)
  }
}

export interface ErrorBody {
  error: string
  field?: string
}

/** The route's default export: picks the handler for req.method. An HttpError becomes its JSON
 *  answer; anything else propagates, and the server answers 500 and logs it. */
export function methods(handlers: Partial<Record<string, MethodHandler>>) {
  const allow = Object.keys(handlers).join(', ')
  return async function handler(req: ApiRequest, res: ApiResponse<unknown>): Promise<void> {
    const method = req.method ?? ''
    // hasOwn, so a method named like an Object.prototype member finds nothing.
    const handle = Object.hasOwn(handlers, method) ? handlers[method] : undefined
    if (handle === undefined) {
      res.setHeader('Allow', allow)
      res.status(405).json({ error: `Method ${req.method} not allowed` } satisfies ErrorBody)
      return
    }
    try {
      await handle(req, res)
    } catch (err) {
      if (!(err instanceof HttpError)) throw err
      const body: ErrorBody = err.field === undefined ? { error: err.message } : { error: err.message, field: err.field }
      res.status(err.status).json(body)
    }
  }
}
