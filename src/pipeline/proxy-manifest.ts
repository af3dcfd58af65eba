// What the build records of an app's proxy.ts (or middleware.ts) for `start`.
import type { RouteCondition } from '../config/routing-config.ts'

/** One compiled `config.matcher` entry, as Next.js's getMiddlewareMatchers makes it. */
export interface ProxyMatcher {
  /** The regex source, matched against the path (and the decoded path). */
  regexp: string
  originalSource: string
  has?: RouteCondition[]
  missing?: RouteCondition[]
}

export interface ProxyManifest {
  /** The source file, relative to the app (`proxy.ts`, `src/middleware.js`...). */
  file: string
  /** The compiled module, relative to the build folder. */
  module: string
  /** null: no matcher, every path. */
  matchers: ProxyMatcher[] | null
}
