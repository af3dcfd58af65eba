// The route table's data: plain objects, built once at build time and serialised into the
// manifest, so `start` only looks things up.

/** One URL segment of a route pattern. `name` is the literal text or the param name. */
export type Segment =
  | { type: 'static'; name: string }
  | { type: 'dynamic'; name: string }
  | { type: 'catch-all'; name: string }
  | { type: 'optional-catch-all'; name: string }

export type RouteKind = 'static' | 'dynamic' | 'catch-all' | 'optional catch-all'

/** Which runtime serves the file: `pages/api` (req, res) or App Router `route.ts` (Request). */
export type RouteSource = 'pages' | 'app'

/** A route file found on disk, before the table is validated. */
export interface RouteFile {
  /** Path relative to the app folder, posix separators: `pages/api/authors/[id].ts`. */
  file: string
  /** The URL pattern in Next.js notation: `/api/authors/[id]`. */
  pattern: string
  source: RouteSource
}

/** A validated route, in the table's precedence order. */
export interface Route extends RouteFile {
  segments: Segment[]
  kind: RouteKind
  /** Param names in URL order. */
  params: string[]
}
