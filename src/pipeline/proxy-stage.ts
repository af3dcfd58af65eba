// The proxy.ts (or middleware.ts) stage's contract with the pipeline.
import type { HeaderMap, Outcome, ResponseHeaders, StageRequest } from './types.ts'

export type ProxyResult =
  /** NextResponse.next() or NextResponse.rewrite() to a path of this app. */
  | { kind: 'continue'; headers: ResponseHeaders | null; requestHeaders: HeaderMap | null; rewrite: { path: string; search: string } | null }
  /** Anything that answers the request: a response, a redirect, an external rewrite. */
  | { kind: 'done'; outcome: Outcome }

export interface ProxyStage {
  /** Whether the proxy's matcher takes this path. */
  matches(req: StageRequest, path: string): boolean
  /** Runs the proxy; `headers` are those next.config's headers() collected so far. */
  run(req: StageRequest, headers: ResponseHeaders | null): Promise<ProxyResult>
}
