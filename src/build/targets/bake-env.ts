// `.env` values baked into a deploy target's output, as `next build` leaves them to its
// standalone server: the production env files (`.env.production.local`, `.env.local`,
// `.env.production`, `.env`, in load-env.ts's order) are read once at build time, so the output
// runs where those files are not. They are applied where the output runs, with the same rules
// as `slugline start`: the process environment wins, `${VAR}` references expand against it.
//
// Use in a target: pass `bakedEnvDefine(bakeEnv(ctx.dir))` to the esbuild `define` of the
// bundle that runs on the platform, and in that bundle's entry:
//
//   declare const __SLUGLINE_BAKED_ENV__: Record<string, string>
//   applyEnv(__SLUGLINE_BAKED_ENV__)          // from src/server/load-env.ts
//
// A platform without process.env (workers) reads `bakeEnv(dir).values` and hands them over its
// own way. The values are secrets as much as the files were: the output is as private as they.
import { readEnvFiles, type EnvFiles } from '../../server/load-env.ts'

export type BakedEnv = EnvFiles

/** The identifier an output's entry reads its baked values from. */
export const BAKED_ENV_GLOBAL = '__SLUGLINE_BAKED_ENV__'

/** The production env files of the app folder, merged, references not yet expanded. */
export function bakeEnv(dir: string): BakedEnv {
  return readEnvFiles(dir, 'production')
}

/** esbuild `define` entries that replace BAKED_ENV_GLOBAL with the values, as a literal. */
export function bakedEnvDefine(baked: BakedEnv): Record<string, string> {
  return { [BAKED_ENV_GLOBAL]: JSON.stringify(baked.values) }
}

/** One line for a target's summary: which files were baked in. */
export function describeBakedEnv(baked: BakedEnv): string {
  return baked.files.length === 0 ? 'no .env files' : `env from ${baked.files.join(', ')}`
}
