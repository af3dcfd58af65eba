// What a new user does with Slugline, done for real: pack the package as `npm publish` would,
// install the tarball into a fresh project, type-check that project with a real `tsc`.
//
// The tarball is packed from a copy of the working tree (the files git tracks or would track),
// with the repository's node_modules linked in, so `prepack` runs for real (the build, then the
// manifest without `prepare`) without rebuilding the dist/ that other test files are using.
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { repoRoot } from '../helpers/app-server.ts'

export interface CommandResult {
  status: number | null
  stdout: string
  stderr: string
}

/** Runs a command to its end without blocking the event loop (installs and tsc runs overlap). */
export function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
    child.on('error', reject)
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}

/** npm, run by the Node running the tests. */
export function npm(args: string[], cwd: string): Promise<CommandResult> {
  // Lifecycle variables of an outer `npm test` would leak into the nested npm.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_(config_local_prefix|command|lifecycle_|package_)/.test(k)))
  return run('npm', args, { cwd, env })
}

/** The flags of every install here: from the local tarball, the registry only for what the
 *  npm cache lacks, and with scripts on, as a user's install would run them. */
export const INSTALL_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts=false']

/** A copy of the working tree's source files (no node_modules, dist or other ignored output). */
export function copyWorkingTree(into: string): string {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' })
  for (const file of listed.split('\0')) {
    const from = path.join(repoRoot, file)
    if (file === '' || !fs.existsSync(from)) continue
    fs.mkdirSync(path.dirname(path.join(into, file)), { recursive: true })
    fs.copyFileSync(from, path.join(into, file))
  }
  return into
}

export function tempDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `slugline-${name}-`))
}

/** `npm pack` of the working tree; returns the tarball's path. */
export async function packTarball(work: string): Promise<string> {
  const source = copyWorkingTree(path.join(work, 'source'))
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(source, 'node_modules'), 'dir')
  const r = await npm(['pack', '--pack-destination', work], source)
  if (r.status !== 0) throw new Error(`npm pack failed:\n${r.stdout}\n${r.stderr}`)
  const tarball = fs.readdirSync(work).find((f) => f.endsWith('.tgz'))
  if (!tarball) throw new Error(`npm pack wrote no tarball:\n${r.stdout}`)
  return path.join(work, tarball)
}

/** A TypeScript compiler the repository has as a devDependency (typescript, typescript-5, ...). */
export function tscOf(pkg: string): string {
  return path.join(repoRoot, 'node_modules', pkg, 'bin', 'tsc')
}

/** `tsc -p <project>` with the given compiler. */
export function typeCheck(pkg: string, project: string): Promise<CommandResult> {
  return run(process.execPath, [tscOf(pkg), '-p', project], { cwd: project })
}

/** The lines npm prints as warnings or errors (`npm warn ...`, `npm error ...`). */
export function npmComplaints(r: CommandResult): string[] {
  return `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /^npm (warn|error|WARN|ERR)/.test(l))
}

/** The compilers every consumer project is checked with: the latest 5.x, the repository's own
 *  (6.x), and TypeScript 7 (the native compiler, published as `typescript` 7.x). */
export const COMPILERS = ['typescript-5', 'typescript', 'typescript-7'] as const

/** Runs tasks at most `limit` at a time (the machine is shared; tsc is CPU-bound). */
export async function inBatches<T>(tasks: (() => Promise<T>)[], limit = 2): Promise<T[]> {
  const results: T[] = new Array(tasks.length)
  let next = 0
  async function worker(): Promise<void> {
    while (next < tasks.length) {
      const i = next++
      results[i] = await tasks[i]!()
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker))
  return results
}
