// Every error Slugline raises on purpose, with a stable code. Build errors carry the files they
// concern (relative to the app folder) so the CLI can name them; request errors carry a status.
// This file imports nothing local, so any layer can use it.

export type ErrorCode =
  | 'ROUTE_CONFLICT' // two route files Next.js would refuse together
  | 'ROUTE_INVALID' // one route file whose name Next.js refuses
  | 'BUILD_FAILED' // esbuild could not compile a handler
  | 'HANDLER_INVALID' // a module whose default export is not a handler
  | 'NO_ROUTES_DIR' // no pages/api or app folder
  | 'NO_BUILD' // `start` without a build
  | 'BAD_REQUEST' // a request the router cannot read (malformed escape)
  | 'CONFIG_INVALID' // a next.config or proxy config Next.js would refuse
  | 'INSTRUMENTATION_FAILED' // instrumentation.ts's register() threw

/** Marks a SluglineError from any copy of this file (see hasInstance below). */
const BRAND: unique symbol = Symbol.for('slugline.error')

export class SluglineError extends Error {
  /** `err instanceof SluglineError` holds for an error made by another copy of this class too:
   *  the CLI's command bundles (dist/cli/build.cjs, dev.cjs) each carry their own, and
   *  dist/cli/main.cjs reports what they throw. Subclasses keep the ordinary check. */
  static [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true
    return this === SluglineError && typeof value === 'object' && value !== null && (value as { [BRAND]?: boolean })[BRAND] === true
  }

  readonly [BRAND] = true
  readonly code: ErrorCode
  /** Files the error is about, relative to the app folder, posix separators. */
  readonly files: string[]

  constructor(code: ErrorCode, message: string, files: string[] = []) {
    super(message)
    this.name = 'SluglineError'
    this.code = code
    this.files = files
  }
}

/** A malformed percent-escape in a path segment: answered with 400, as Next.js does. */
export class BadRequestError extends SluglineError {
  readonly status = 400
  constructor(message: string) {
    super('BAD_REQUEST', message)
  }
}
