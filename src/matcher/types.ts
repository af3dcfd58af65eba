// The contract every matcher implements: a canonical pathname in, the route and its decoded
// params out. Params follow Next.js: a string per dynamic segment, an array per catch-all, and
// nothing at all for an optional catch-all matched at its root.
import type { Segment } from '../routes/types.ts'

export type Params = Record<string, string | string[]>

/** What a matcher needs of a route; callers attach their own payload (module, config, ...). */
export interface MatchableRoute {
  segments: Segment[]
  /** Param names in URL order. */
  params: string[]
}

export interface Match<T> {
  route: T
  params: Params
}

export interface Matcher<T> {
  /** `pathname` must be canonical: starts with `/`, no empty segments, no trailing slash.
   *  Throws BadRequestError when a param segment has a malformed percent-escape. */
  match(pathname: string): Match<T> | null
}
