// Runs the real CLI as a child process against an app folder and serves it on a free port of
// 127.0.0.1, the way a user runs `slugline build` and `slugline start`. Shared by every
// integration test so they all exercise the same binary.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..')
export const cliPath = path.join(repoRoot, 'bin', 'slugline.mjs')

export interface CliResult {
  status: number | null
  stdout: string
  stderr: string
}

/** Runs `slugline <args>` to completion. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** Copies an app folder (a fixture) to a fresh temp dir, so build output never lands in the repo. */
export function copyApp(src: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-app-'))
  fs.cpSync(src, dir, { recursive: true })
  return dir
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })
}

export interface RunningServer {
  base: string
  port: number
  child: ChildProcess
  /** Everything the server printed so far, stdout and stderr interleaved. */
  log(): string
  /** Waits until the log contains `text` (or throws after `ms`). */
  waitForLog(text: string, ms?: number): Promise<void>
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/** Starts `slugline <mode> dir --port N` (the repo's CLI, or the launcher `cli`) and resolves once it answers on the port. */
export async function serve(
  dir: string,
  options: { mode?: 'start' | 'dev'; env?: Record<string, string>; args?: string[]; cli?: string } = {},
): Promise<RunningServer> {
  const port = await freePort()
  const child = spawn(
    process.execPath,
    [options.cli ?? cliPath, options.mode ?? 'start', dir, '--port', String(port), '--host', '127.0.0.1', ...(options.args ?? [])],
    {
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let log = ''
  child.stdout!.on('data', (d) => (log += d))
  child.stderr!.on('data', (d) => (log += d))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

  const deadline = Date.now() + 20_000
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`server did not start on ${port}:\n${log}`)
    }
    await new Promise((r) => setTimeout(r, 15))
  }

  return {
    base: `http://127.0.0.1:${port}`,
    port,
    child,
    log: () => log,
    async waitForLog(text, ms = 5_000) {
      const end = Date.now() + ms
      while (!log.includes(text)) {
        if (Date.now() > end) throw new Error(`server log lacks ${JSON.stringify(text)}:\n${log}`)
        await new Promise((r) => setTimeout(r, 20))
      }
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal)
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
        const code = await exited
        clearTimeout(timer)
        return code
      }
      return child.exitCode
    },
  }
}

/** Whether a TCP connection to 127.0.0.1:port is accepted now. */
export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1', () => {
      sock.end()
      resolve(true)
    })
    sock.on('error', () => resolve(false))
  })
}

/** Copies a fixture app, builds it with the CLI and serves it: the `before` of most suites. */
export async function buildAndServe(
  fixture: string,
  options: Parameters<typeof serve>[1] = {},
): Promise<{ dir: string; server: RunningServer }> {
  const dir = copyApp(fixture)
  const built = runCli(['build', dir], { env: options.env })
  if (built.status !== 0) throw new Error(`build failed:\n${built.stdout}\n${built.stderr}`)
  return { dir, server: await serve(dir, options) }
}

/** Stops the server and removes the app copy: the matching `after`. */
export async function stopAndRemove(dir: string, server: RunningServer | undefined): Promise<void> {
  await server?.stop()
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
}
