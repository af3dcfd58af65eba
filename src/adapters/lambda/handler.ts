// `handler(event, context)` for AWS Lambda over a fetch handler (the dispatch core's
// `(Request) => Promise<Response>`): each event becomes a Request (to-request.ts), the
// Response becomes the result its trigger expects (to-result.ts). Nothing of the request path
// lives here: routing, bodies, limits and errors are the core's, as under `slugline start`.
//
// Two handlers, since Lambda streams only when the function is invoked for it:
// - `handler`: any trigger (API Gateway HTTP or REST API, ALB, a Function URL in BUFFERED
//   mode). The Response is read to its end and returned in one piece: `res.write()` chunks and
//   a ReadableStream body arrive together, once the handler has finished.
// - `streamHandler`: a Function URL in RESPONSE_STREAM mode, through the runtime's
//   `awslambda.streamifyResponse` (https://docs.aws.amazon.com/lambda/latest/dg/response-streaming-tutorial.html):
//   status and headers go out first, then each chunk as the route produces it, with
//   back-pressure. API Gateway and the ALB cannot invoke a streaming handler.
import { setLambdaInvocation } from './invocation.ts'
import { toRequest } from './to-request.ts'
import { singleHeaders, toResult } from './to-result.ts'
import type { AwsLambdaGlobal, LambdaContext, LambdaEvent, LambdaResult, ResponseStream } from './types.ts'

export type FetchHandler = (request: Request) => Promise<Response>

export type LambdaHandler = (event: LambdaEvent, context: LambdaContext) => Promise<LambdaResult>

export type StreamingLambdaHandler = (event: LambdaEvent, stream: ResponseStream, context: LambdaContext) => Promise<void>

export function toLambdaHandler(fetch: FetchHandler): LambdaHandler {
  return async function handler(event, context) {
    const { request, format } = toRequest(event)
    setLambdaInvocation(request, { event, context })
    const response = await fetch(request)
    return toResult(response, format, request.method)
  }
}

function drained(stream: ResponseStream): Promise<void> {
  return new Promise((resolve) => {
    stream.once('drain', () => resolve())
    stream.once('close', () => resolve())
  })
}

export function toStreamingLambdaHandler(fetch: FetchHandler, awslambda: AwsLambdaGlobal): StreamingLambdaHandler {
  return async function streamHandler(event, responseStream, context) {
    const { request } = toRequest(event)
    setLambdaInvocation(request, { event, context })
    const response = await fetch(request)
    const cookies = response.headers.getSetCookie()
    const prelude = { statusCode: response.status, headers: singleHeaders(response.headers), ...(cookies.length > 0 ? { cookies } : {}) }
    const stream = awslambda.HttpResponseStream.from(responseStream, prelude)
    if (response.body === null || request.method === 'HEAD') {
      await response.body?.cancel()
      return stream.end()
    }
    const reader = response.body.getReader()
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        if (!stream.write(value)) await drained(stream)
      }
    } catch (err) {
      // The route's stream failed midway: the status is gone, so end what was sent, as start does.
      console.error('Error while streaming a response:', err)
    }
    stream.end()
  }
}

/** The runtime's `awslambda` global, or undefined off Lambda. */
export function awsLambdaGlobal(): AwsLambdaGlobal | undefined {
  return (globalThis as { awslambda?: AwsLambdaGlobal }).awslambda
}
