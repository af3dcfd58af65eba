// What build, dev and start say about the app's proxy file: a middleware.ts runs, with the
// deprecation notice Next.js 16 prints for the old name (src/pipeline/find-proxy-file.ts).
import { findProxyFile, MIDDLEWARE_DEPRECATION } from '../pipeline/find-proxy-file.ts'

export function unsupportedFileWarnings(dir: string): string[] {
  let found
  try {
    found = findProxyFile(dir)
  } catch {
    return [] // both files: the build reports it as its error
  }
  return found?.legacy ? [MIDDLEWARE_DEPRECATION] : []
}
