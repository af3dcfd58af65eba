// next.config for build and dev: loaded, its keys checked (warnings name the unsupported ones),
// its routing part evaluated and its patterns compiled once, so a bad source fails here and
// not at the first request.
import { createPipeline } from '../pipeline/create-pipeline.ts'
import { configKeyWarnings } from './config-keys.ts'
import { loadNextConfig, type ConfigPhase } from './load-next-config.ts'
import { resolveRoutingConfig, type RoutingConfig } from './routing-config.ts'

export interface AppConfig {
  routing: RoutingConfig
  warnings: string[]
}

/** The app's next.config, or null when it has none. Throws a SluglineError for an invalid one. */
export async function readAppConfig(dir: string, phase: ConfigPhase): Promise<AppConfig | null> {
  const loaded = await loadNextConfig(dir, phase)
  if (loaded === null) return null
  const routing = await resolveRoutingConfig(loaded.file, loaded.config)
  createPipeline(routing, null)
  return { routing, warnings: configKeyWarnings(loaded.file, loaded.config) }
}
