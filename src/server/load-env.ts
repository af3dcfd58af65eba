// `.env` files, loaded as Next.js (@next/env) loads them: for mode `production` the files
// `.env.production.local`, `.env.local`, `.env.production`, `.env`, earlier ones winning over
// later ones (`.env.local` is skipped in `test` mode), `${VAR}` references expanded, and a
// variable already set in the process environment always wins.
// https://nextjs.org/docs/app/building-your-application/configuring/environment-variables
//
// Reading and applying are apart so a deploy target can read the files at build time, carry
// the values in its output, and apply them where it runs (src/build/targets/bake-env.ts).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'dotenv'
import { expand } from 'dotenv-expand'

export type EnvMode = 'production' | 'development' | 'test'

export interface EnvFiles {
  /** The files that were read, in priority order. */
  files: string[]
  /** Their variables merged (an earlier file wins), `${VAR}` references not yet expanded. */
  values: Record<string, string>
}

export function envFiles(mode: EnvMode): string[] {
  return [`.env.${mode}.local`, mode === 'test' ? null : '.env.local', `.env.${mode}`, '.env'].filter(
    (f): f is string => f !== null,
  )
}

/** The app's env files for a mode, merged, without touching any environment. */
export function readEnvFiles(dir: string, mode: EnvMode): EnvFiles {
  const files: string[] = []
  const values: Record<string, string> = {}
  for (const name of envFiles(mode)) {
    const file = join(dir, name)
    if (!existsSync(file)) continue
    const parsed = parse(readFileSync(file))
    for (const [k, v] of Object.entries(parsed)) if (!(k in values)) values[k] = v
    files.push(name)
  }
  return { files, values }
}

/** Sets each variable the environment lacks, its references expanded against the values and
 *  the environment (so `${HOME}` is the running machine's, not the build machine's). */
export function applyEnv(values: Record<string, string>, env: NodeJS.ProcessEnv = process.env): void {
  const fromFiles: Record<string, string> = {}
  for (const [k, v] of Object.entries(values)) if (env[k] === undefined) fromFiles[k] = v
  const expanded = expand({ parsed: fromFiles, processEnv: { ...env } as Record<string, string> }).parsed ?? fromFiles
  for (const [k, v] of Object.entries(expanded)) if (env[k] === undefined) env[k] = v
}

/** Loads the app's env files into process.env; returns the files that were read. */
export function loadEnv(dir: string, mode: EnvMode, env: NodeJS.ProcessEnv = process.env): string[] {
  const { files, values } = readEnvFiles(dir, mode)
  applyEnv(values, env)
  return files
}
