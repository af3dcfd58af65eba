// `.env` files, loaded as Next.js (@next/env) loads them: for mode `production` the files
// `.env.production.local`, `.env.local`, `.env.production`, `.env`, earlier ones winning over
// later ones (`.env.local` is skipped in `test` mode), `${VAR}` references expanded, and a
// variable already set in the process environment always wins.
// https://nextjs.org/docs/app/building-your-application/configuring/environment-variables
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'dotenv'
import { expand } from 'dotenv-expand'

export type EnvMode = 'production' | 'development' | 'test'

export function envFiles(mode: EnvMode): string[] {
  return [`.env.${mode}.local`, mode === 'test' ? null : '.env.local', `.env.${mode}`, '.env'].filter(
    (f): f is string => f !== null,
  )
}

/** Loads the app's env files into process.env; returns the files that were read. */
export function loadEnv(dir: string, mode: EnvMode, env: NodeJS.ProcessEnv = process.env): string[] {
  const loaded: string[] = []
  const values: Record<string, string> = {}
  for (const name of envFiles(mode)) {
    const file = join(dir, name)
    if (!existsSync(file)) continue
    const parsed = parse(readFileSync(file))
    for (const [k, v] of Object.entries(parsed)) if (!(k in values)) values[k] = v
    loaded.push(name)
  }
  const fromFiles: Record<string, string> = {}
  for (const [k, v] of Object.entries(values)) if (env[k] === undefined) fromFiles[k] = v
  // Expand against the files and the environment; set only what the environment lacks.
  const expanded = expand({ parsed: fromFiles, processEnv: { ...env } as Record<string, string> }).parsed ?? fromFiles
  for (const [k, v] of Object.entries(expanded)) if (env[k] === undefined) env[k] = v
  return loaded
}
