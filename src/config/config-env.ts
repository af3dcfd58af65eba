// next.config `env` at run time. Its own file: `start` and the deploy targets import it, and
// nothing here may bring in the config loader (which loads esbuild for a next.config.ts).
import type { RoutingConfig } from './routing-config.ts'

/** next.config `env`, as the app sees it: Next.js inlines these into the code, so they win
 *  over the process environment. */
export function applyConfigEnv(routing: RoutingConfig | undefined): void {
  if (routing === undefined) return
  for (const [k, v] of Object.entries(routing.env)) process.env[k] = v
}
