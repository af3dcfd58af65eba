// Starts test/adapters/fetch/serve.mjs (Bun.serve or Deno.serve over createFetchHandler) or
// `slugline start` under Bun or Deno, with the binaries of the `bun` and `deno` npm packages.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { cliPath, freePort, repoRoot, type RunningServer } from '../../helpers/app-server.ts'

export type Runtime = 'bun' | 'deno'

export const runtimeBin = (runtime: Runtime): string => path.join(repoRoot, 'node_modules', '.bin', runtime)
const serveScript = path.join(repoRoot, 'test', 'adapters', 'fetch', 'serve.mjs')

function runArgs(runtime: Runtime, script: string): string[] {
  return runtime === 'bun' ? [script] : ['run', '-A', script]
}

/** `what: 'fetch'`: serve.mjs; `'start'`: the CLI's `start` under the runtime's Node compatibility. */
export async function serveWith(runtime: Runtime, dir: string, what: 'fetch' | 'start' = 'fetch'): Promise<RunningServer> {
  const port = await freePort()
  const args = what === 'fetch' ? [...runArgs(runtime, serveScript), dir, String(port)] : [...runArgs(runtime, cliPath), 'start', dir, '--port', String(port), '--host', '127.0.0.1']
  const child = spawn(runtimeBin(runtime), args, { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stdout!.on('data', (d) => (log += d))
  child.stderr!.on('data', (d) => (log += d))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const ready = what === 'fetch' ? `listening on ${port}` : `127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  while (!log.includes(ready)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`${runtime} ${what} did not start on ${port}:\n${log}`)
    }
    await new Promise((r) => setTimeout(r, 20))
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
