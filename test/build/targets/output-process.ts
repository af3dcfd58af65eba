// Runs a deploy target's output as a real process (`node server.mjs --port N`) on 127.0.0.1
// and waits until it answers: what a user does after copying the output somewhere.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { canConnect, freePort, runCli } from '../../helpers/app-server.ts'

export interface OutputProcess {
  base: string
  child: ChildProcess
  log(): string
  /** Sends the signal and resolves with the exit code (null: killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/** The environment the output runs with: the test runner's minus what would leak into it. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('NODE_TEST') && k !== 'NODE_OPTIONS' && k !== 'LIBRARY_DB_PATH') env[k] = v
  }
  return { ...env, NO_COLOR: '1', ...extra }
}

export interface RunOptions {
  args?: string[]
  env?: Record<string, string>
  /** Pass the port and host as $PORT and $HOST rather than as flags. */
  addressFromEnv?: boolean
}

export async function runOutput(script: string, options: RunOptions = {}): Promise<OutputProcess> {
  const port = await freePort()
  const address = options.addressFromEnv ? [] : ['--port', String(port), '--host', '127.0.0.1']
  const env = options.addressFromEnv ? { PORT: String(port), HOST: '127.0.0.1', ...options.env } : options.env
  // Started from elsewhere: the output must not depend on the working directory it is given.
  const child = spawn(process.execPath, [script, ...address, ...(options.args ?? [])], {
    cwd: os.tmpdir(),
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  child.stdout!.on('data', (d) => (log += d))
  child.stderr!.on('data', (d) => (log += d))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const deadline = Date.now() + 20_000
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`${script} did not start on ${port}:\n${log}`)
    }
    await new Promise((r) => setTimeout(r, 15))
  }
  return {
    base: `http://127.0.0.1:${port}`,
    child,
    log: () => log,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
      child.kill(signal)
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      const code = await exited
      clearTimeout(timer)
      return code
    },
  }
}

/** Builds `app` (a folder of its own) for `target` with the real CLI; throws with the output on failure. */
export function buildForTarget(app: string, target: string): string {
  // --no-typecheck: a copied example's tsconfig paths point outside the copy (test/build/typecheck.test.ts covers the check).
  const built = runCli(['build', app, '--target', target, '--no-typecheck'])
  if (built.status !== 0) throw new Error(`build --target ${target} failed:\n${built.stdout}\n${built.stderr}`)
  return built.stdout
}

/** A fresh temp folder with no node_modules in it or in any folder above it. */
export function isolatedDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'node_modules'))) throw new Error(`${d} has a node_modules: the copy would not be on its own`)
    if (path.dirname(d) === d) break
  }
  return dir
}
