// The app's `.env*` files in development, loadable again when one changes: the variables that
// came from the files are replaced by what the files say now (and removed when a file no longer
// sets them); a variable the process environment set is never overwritten, as with Next.js.
import path from 'node:path'
import { loadEnv } from '../server/load-env.ts'

/** `.env`, `.env.local`, `.env.development`, ...: the files whose change reloads the env. */
export function isEnvFile(dir: string, file: string): boolean {
  const name = path.basename(file)
  return path.dirname(file) === dir && (name === '.env' || name.startsWith('.env.'))
}

export class EnvFiles {
  private readonly dir: string
  private readonly env: NodeJS.ProcessEnv
  /** The environment before any file was read: what the files may never override. */
  private readonly base: NodeJS.ProcessEnv
  private fromFiles = new Set<string>()

  constructor(dir: string, env: NodeJS.ProcessEnv = process.env) {
    this.dir = dir
    this.env = env
    this.base = { ...env }
  }

  /** Reads the files (again); returns the names of those that exist, highest priority first. */
  load(): string[] {
    const target = { ...this.base }
    const files = loadEnv(this.dir, 'development', target)
    const next = new Set(Object.keys(target).filter((k) => this.base[k] === undefined))
    for (const k of this.fromFiles) if (!next.has(k)) delete this.env[k]
    for (const k of next) this.env[k] = target[k]
    this.fromFiles = next
    return files
  }
}
