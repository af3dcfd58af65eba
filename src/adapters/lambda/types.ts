// The event and result shapes of the four ways an HTTP request reaches a Lambda function, as
// AWS documents them. Only the fields the adapter reads or writes are typed; the rest arrive
// as they are and stay reachable through lambdaInvocation() (invocation.ts).
//
// - API Gateway HTTP API, payload 2.0, and Function URLs (the same format):
//   https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
//   https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html
// - API Gateway REST API (payload 1.0; an HTTP API set to 1.0 sends the same):
//   https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
// - Application Load Balancer, with or without multi-value headers on the target group:
//   https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html

type Strings = Record<string, string | undefined>
type StringLists = Record<string, string[] | undefined>

export interface EventV2 {
  version: '2.0'
  rawPath: string
  rawQueryString: string
  cookies?: string[]
  /** Lower-case names; repeated headers joined with commas. */
  headers: Strings
  body?: string
  isBase64Encoded: boolean
  requestContext: {
    domainName?: string
    http: { method: string; path: string; protocol?: string; sourceIp?: string }
    [key: string]: unknown
  }
  [key: string]: unknown
}

export interface EventV1 {
  version?: '1.0'
  httpMethod: string
  path: string
  headers?: Strings | null
  multiValueHeaders?: StringLists | null
  /** Decoded by API Gateway. */
  queryStringParameters?: Strings | null
  multiValueQueryStringParameters?: StringLists | null
  body?: string | null
  isBase64Encoded?: boolean
  requestContext: { domainName?: string; identity?: { sourceIp?: string }; [key: string]: unknown }
  [key: string]: unknown
}

export interface AlbEvent {
  httpMethod: string
  path: string
  /** Either these two (the default) or the multi-value pair, as the target group is set. */
  headers?: Strings
  /** As the client sent them: the load balancer does not decode query parameters. */
  queryStringParameters?: Strings
  multiValueHeaders?: StringLists
  multiValueQueryStringParameters?: StringLists
  body?: string
  isBase64Encoded?: boolean
  requestContext: { elb: { targetGroupArn: string } }
  [key: string]: unknown
}

export type LambdaEvent = EventV2 | EventV1 | AlbEvent

/** How the event came, and so how the answer must be shaped. */
export type EventFormat = 'v2' | 'v1' | 'alb' | 'alb-multi'

export interface ResultV2 {
  statusCode: number
  headers: Record<string, string>
  cookies?: string[]
  body: string
  isBase64Encoded: boolean
}

export interface ResultV1 {
  statusCode: number
  multiValueHeaders: Record<string, string[]>
  body: string
  isBase64Encoded: boolean
}

export interface AlbResult {
  statusCode: number
  statusDescription: string
  headers?: Record<string, string>
  multiValueHeaders?: Record<string, string[]>
  body: string
  isBase64Encoded: boolean
}

export type LambdaResult = ResultV2 | ResultV1 | AlbResult

/** The Lambda context object (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html). */
export interface LambdaContext {
  awsRequestId?: string
  functionName?: string
  getRemainingTimeInMillis?(): number
  callbackWaitsForEmptyEventLoop?: boolean
  [key: string]: unknown
}

/** What Lambda's Node.js runtime passes a handler wrapped in awslambda.streamifyResponse. */
export interface ResponseStream {
  write(chunk: Uint8Array | string): boolean
  end(chunk?: Uint8Array | string): void
  once(event: 'drain' | 'close' | 'error', listener: (...args: unknown[]) => void): unknown
  destroy?(err?: Error): void
}

/** The `awslambda` global of Lambda's Node.js runtime (response streaming). */
export interface AwsLambdaGlobal {
  streamifyResponse<T>(handler: (event: T, stream: ResponseStream, context: LambdaContext) => Promise<void>): unknown
  HttpResponseStream: {
    from(stream: ResponseStream, prelude: { statusCode: number; headers: Record<string, string>; cookies?: string[] }): ResponseStream
  }
}
