// `slugline build` type-checks the app first, as `next build` does, when the app has a
// tsconfig.json and `typescript` resolves from it: the app's own `tsc --noEmit`, in a child
// process (the compiler is the app's, at its version; the build's own process stays small).
// Errors come as `file:line:col - error TSxxxx: message`; any fails the build.
// `slugline build --no-typecheck` skips it.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { SluglineError } from '../errors.ts'

export type TypecheckResult = { ran: false; reason: string } | { ran: true; durationMs: number }

/** The app's tsc, or why there is none. */
export function findTsc(dir: string): string | { reason: string } {
  if (!fs.existsSync(path.join(dir, 'tsconfig.json'))) return { reason: 'no tsconfig.json' }
  let pkgFile: string
  try {
    pkgFile = createRequire(path.join(dir, 'package.json')).resolve('typescript/package.json')
  } catch {
    return { reason: 'typescript is not installed' }
  }
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { bin?: string | Record<string, string> }
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.tsc
  if (bin === undefined) return { reason: 'typescript has no tsc' }
  return path.join(path.dirname(pkgFile), bin)
}

/** tsc's `file(3,7): error TS2322: ...` -> `file:3:7 - error TS2322: ...`; other lines kept. */
export function formatTscOutput(output: string): string {
  return output
    .replace(/\r\n/g, '\n')
    .trimEnd()
    .split('\n')
    .map((line) => line.replace(/^(.+?)\((\d+),(\d+)\): (error|warning) (TS\d+): /, '$1:$2:$3 - $4 $5: '))
    .join('\n')
}

function run(tsc: string, dir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, '--noEmit', '-p', path.join(dir, 'tsconfig.json'), '--pretty', 'false'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
}

/** Runs the check; throws a SluglineError listing the errors when there are any. */
export async function typecheckApp(dir: string, found: string | { reason: string } = findTsc(dir)): Promise<TypecheckResult> {
  const tsc = found
  if (typeof tsc !== 'string') return { ran: false, reason: tsc.reason }
  const started = performance.now()
  const { code, output } = await run(tsc, dir)
  if (code !== 0) {
    const text = formatTscOutput(output)
    const count = (text.match(/ - error TS\d+:|^error TS\d+:/gm) ?? []).length
    const files = [...new Set([...text.matchAll(/^(.+?):\d+:\d+ - error/gm)].map((m) => m[1]!))]
    throw new SluglineError(
      'BUILD_FAILED',
      `Type check failed (${count === 1 ? '1 error' : `${count || 'some'} errors`}; \`slugline build --no-typecheck\` skips it):\n${text || `tsc exited with code ${code}`}`,
      files,
    )
  }
  return { ran: true, durationMs: performance.now() - started }
}
