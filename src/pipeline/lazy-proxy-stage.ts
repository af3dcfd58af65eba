// The proxy stage as the server holds it from the start: the matcher only (no Web globals).
// What runs the proxy (run-proxy.ts) builds NextRequest and NextResponse, which extend undici's
// Request and Response; touching those loads undici (~10 MB, ~70 ms), so it is imported with the
// first request the matcher takes, and an app whose proxy never matches never loads it
// (test/cli/lazy-app-runtime.test.ts).
import type { ProxyMatcher } from './proxy-manifest.ts'
import { createProxyMatch } from './proxy-matcher.ts'
import type { ProxyStage } from './proxy-stage.ts'
import type { ProxyStageOptions } from './run-proxy.ts'

export function lazyProxyStage(options: ProxyStageOptions, matchers: ProxyMatcher[] | null): ProxyStage {
  let match = createProxyMatch(matchers)
  let matchersNow = matchers
  let runner: Promise<ProxyStage> | null = null
  return {
    matches(req, path) {
      const current = options.currentMatchers?.()
      if (current !== undefined && current !== matchersNow) {
        matchersNow = current
        match = createProxyMatch(current)
      }
      return match(req, path)
    },
    async run(req, headers) {
      const stage = await (runner ??= import('./run-proxy.ts').then((m) => m.createProxyStage(options, matchers)))
      return stage.run(req, headers)
    },
  }
}
