// What a deploy target is: `slugline build [dir] --target <name>` first makes the ordinary
// build (dir/.slugline: manifest.json and the compiled route modules in server/), then hands it
// to the target, which packages it for its platform (a folder to copy, a function bundle, an
// output tree) and says where it put it.
import type { ManifestRoute } from '../../server/manifest.ts'

export interface TargetContext {
  /** The app folder, absolute. */
  dir: string
  /** dir/.slugline: the finished node build. */
  buildDir: string
  /** The validated route table, in precedence order, each with its compiled module. */
  routes: ManifestRoute[]
}

export interface TargetResult {
  /** Where the output went, absolute. */
  outDir: string
  /** One or more lines for the CLI to print: what was written and how to run it. */
  summary: string
}

export interface Target {
  build(ctx: TargetContext): Promise<TargetResult>
}
