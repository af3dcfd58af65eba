// Turns a loaded instrumentation module into the server's error reporter: calls its register()
// once (awaited: the server serves nothing before it is done, as in Next.js) and wraps its
// onRequestError so a hook that throws or rejects is logged and never changes the answer.
import { SluglineError } from '../errors.ts'
import type { ErrorReporter, InstrumentationModule, OnRequestError } from './types.ts'

/** The module's hooks: named exports, or a CommonJS `module.exports = { register, ... }`
 *  (which an ES module namespace shows as `default`). */
export function readInstrumentation(ns: Record<string, unknown>): InstrumentationModule {
  const named = typeof ns.register === 'function' || typeof ns.onRequestError === 'function'
  const source = !named && ns.default !== null && typeof ns.default === 'object' ? (ns.default as Record<string, unknown>) : ns
  return {
    register: typeof source.register === 'function' ? (source.register as () => unknown) : undefined,
    onRequestError: typeof source.onRequestError === 'function' ? (source.onRequestError as OnRequestError) : undefined,
  }
}

/** The warning for a module with neither hook (build, start and dev say the same). */
export function noHooksWarning(file: string): string {
  return `Warning: ${file} exports neither register nor onRequestError, so it does nothing. Export \`async function register()\` (run once before serving) or \`function onRequestError(error, request, context)\` (called for every handler crash).`
}

/** The error for a register() that threw or rejected. */
export function registerFailed(file: string, error: unknown): SluglineError {
  const message = error instanceof Error ? error.message : String(error)
  const failed = new SluglineError('INSTRUMENTATION_FAILED', `register() in ${file} failed: ${message}`, [file])
  failed.cause = error
  return failed
}

/** Wraps an onRequestError so that it is awaited and cannot fail the request. */
export function createErrorReporter(hook: OnRequestError, file: string): ErrorReporter {
  return async (error, request, context) => {
    try {
      await hook(error, request, context)
    } catch (err) {
      console.error(`Error: onRequestError in ${file} failed (the response is not affected):`, err)
    }
  }
}

/** Runs register() and returns the reporter (undefined without onRequestError). Rejects with
 *  registerFailed() when register() fails. */
export async function startInstrumentation(ns: Record<string, unknown>, file: string): Promise<ErrorReporter | undefined> {
  const hooks = readInstrumentation(ns)
  if (hooks.register === undefined && hooks.onRequestError === undefined) console.warn(noHooksWarning(file))
  // Next.js sets it for the server's code; instrumentation files branch on it (Sentry's does).
  process.env.NEXT_RUNTIME ??= 'nodejs'
  if (hooks.register !== undefined) {
    try {
      await hooks.register()
    } catch (err) {
      throw registerFailed(file, err)
    }
  }
  return hooks.onRequestError === undefined ? undefined : createErrorReporter(hooks.onRequestError, file)
}
