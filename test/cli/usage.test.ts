// What a user sees when asking for help or making a mistake on the command line: every message
// is one line saying what to do, a usage error shows the usage of that one command, and nothing
// prints a Node stack trace.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { TARGET_NAMES } from '../../src/build/targets/names.ts'
import { repoRoot, runCli } from '../helpers/app-server.ts'

const COMMANDS = ['dev', 'build', 'start', 'routes']

/** The first line of stderr, and a check that no stack trace or error object was printed. */
function oneLineError(r: { status: number | null; stdout: string; stderr: string }): string {
  assert.equal(r.status, 1, `exit ${r.status}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`)
  assert.doesNotMatch(r.stderr, /^\s+at /m, `a stack trace:\n${r.stderr}`)
  assert.doesNotMatch(r.stderr, /errno|syscall|code: '/, `a raw error object:\n${r.stderr}`)
  return r.stderr.split('\n')[0]!
}

describe('slugline --help and --version', () => {
  it('--help lists every command, one line each, and exits 0', () => {
    const r = runCli(['--help'])
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout, /^Usage: slugline <command>/)
    for (const command of COMMANDS) {
      const lines = r.stdout.split('\n').filter((l) => l.startsWith(`  ${command} [dir]`))
      assert.equal(lines.length, 1, `no single line for ${command}:\n${r.stdout}`)
      assert.match(lines[0]!, new RegExp(`^  ${command} \\[dir\\]\\s+\\S`), lines[0])
    }
  })

  it('`slugline` alone prints the same usage and exits 1', () => {
    const r = runCli([])
    assert.equal(r.status, 1)
    assert.match(r.stdout, /^Usage: slugline <command>/)
  })

  it('--version and -v print the version of package.json', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'))
    for (const flag of ['--version', '-v']) {
      const r = runCli([flag])
      assert.equal(r.status, 0, r.stderr)
      assert.equal(r.stdout, `${version}\n`)
    }
  })

  it('`<command> --help` and `help <command>` print that command alone, with its options', () => {
    for (const args of [['start', '--help'], ['help', 'start']]) {
      const r = runCli(args)
      assert.equal(r.status, 0, r.stderr)
      assert.match(r.stdout, /^Usage: slugline start \[dir\]/)
      assert.match(r.stdout, /--workers <n>/)
      assert.doesNotMatch(r.stdout, /--target|Commands:/, r.stdout)
    }
    const build = runCli(['build', '-h'])
    assert.match(build.stdout, /^Usage: slugline build/)
    assert.match(build.stdout, /--target <name>/)
    assert.doesNotMatch(build.stdout, /--port|--workers/, build.stdout)
  })
})

describe('slugline usage errors', () => {
  it('an unknown command is named, with the nearest real one and the general usage', () => {
    const r = runCli(['biuld'])
    assert.equal(oneLineError(r), 'Error: Unknown command: biuld. Did you mean `slugline build`?')
    assert.match(r.stderr, /Commands:/)
    const far = runCli(['frobnicate'])
    assert.equal(oneLineError(far), 'Error: Unknown command: frobnicate')
  })

  it('an unknown option gets a "did you mean", and the usage of its command only', () => {
    const r = runCli(['start', '--prot', '3000'])
    assert.equal(oneLineError(r), 'Error: Unknown option --prot. Did you mean --port?')
    assert.match(r.stderr, /Usage: slugline start \[dir\]/)
    assert.doesNotMatch(r.stderr, /Commands:|--target/)
    assert.equal(oneLineError(runCli(['build', '--taget', 'node'])), 'Error: Unknown option --taget. Did you mean --target?')
    assert.equal(oneLineError(runCli(['start', '--wrokers', '2'])), 'Error: Unknown option --wrokers. Did you mean --workers?')
    assert.equal(oneLineError(runCli(['start', '--zzz'])), 'Error: Unknown option --zzz')
  })

  it('an option the command does not take is an error naming the commands that do', () => {
    const dev = runCli(['dev', '--workers', '2'])
    assert.equal(oneLineError(dev), 'Error: `slugline dev` does not take --workers (only start does)')
    assert.match(dev.stderr, /Usage: slugline dev \[dir\]/)
    assert.equal(oneLineError(runCli(['build', '--port', '3000'])), 'Error: `slugline build` does not take --port (only dev and start do)')
    assert.equal(oneLineError(runCli(['routes', '--host', '0.0.0.0'])), 'Error: `slugline routes` does not take --host (only dev and start do)')
    assert.equal(oneLineError(runCli(['start', '-t', 'node'])), 'Error: `slugline start` does not take --target (only build does)')
  })

  it('a missing or malformed value says what it should be', () => {
    assert.equal(oneLineError(runCli(['start', '--port'])), 'Error: --port needs a value: --port <n>')
    assert.equal(oneLineError(runCli(['start', '-p', '--host', 'x'])), 'Error: -p needs a value: -p <n>')
    assert.equal(oneLineError(runCli(['start', '--port', '70000'])), 'Error: Invalid port "70000" (from --port): use a whole number from 0 to 65535')
    assert.equal(oneLineError(runCli(['start', '--port=abc'])), 'Error: Invalid port "abc" (from --port): use a whole number from 0 to 65535')
    assert.equal(oneLineError(runCli(['start'], { env: { PORT: 'http' } })), 'Error: Invalid port "http" (from $PORT): use a whole number from 0 to 65535')
    assert.equal(oneLineError(runCli(['start', '--workers', '0'])), 'Error: Invalid number of workers "0": use a whole number from 1')
    assert.equal(oneLineError(runCli(['build', '--target', 'nod'])), `Error: Unknown target "nod". Did you mean node? (one of: ${TARGET_NAMES.join(', ')})`)
    assert.equal(oneLineError(runCli(['routes', 'a', 'b'])), 'Error: Unexpected argument: b (routes takes one folder)')
  })

  it('a $PORT a command does not use does not fail it', () => {
    const r = runCli(['routes', path.join(repoRoot, 'test', 'fixtures', 'cli-app')], { env: { PORT: 'http' } })
    assert.equal(r.status, 0, r.stderr)
  })
})

describe('slugline runtime errors are one line', () => {
  const missing = path.join(os.tmpdir(), 'slugline-no-such-folder-' + process.pid)
  let dir = ''
  let blocker: net.Server
  let busyPort = 0
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-usage-'))
    fs.mkdirSync(path.join(dir, 'pages', 'api'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'pages', 'api', 'x.js'), 'export default (req, res) => res.json({ ok: true })\n')
    assert.equal(runCli(['build', dir]).status, 0)
    blocker = net.createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    busyPort = (blocker.address() as net.AddressInfo).port
  })
  after(async () => {
    await new Promise((resolve) => blocker.close(resolve))
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('a folder that does not exist: every command says so', () => {
    for (const command of COMMANDS) {
      assert.equal(oneLineError(runCli([command, missing])), `Error: No such folder: ${missing}`, command)
    }
  })

  it('a file given as the folder', () => {
    const file = path.join(dir, 'pages', 'api', 'x.js')
    assert.match(oneLineError(runCli(['build', file])), /^Error: Not a folder: .*x\.js/)
  })

  it('a port in use, under start, start --workers and dev', () => {
    const expected = `Error: Port ${busyPort} is in use on 127.0.0.1: pass --port <n> for another one (or stop what is listening there).`
    for (const args of [['start'], ['dev'], ['start', '--workers', '1']]) {
      const r = runCli([...args, dir, '--port', String(busyPort), '--host', '127.0.0.1'])
      assert.equal(oneLineError(r), expected, args.join(' '))
    }
  })

  it('a host name that does not resolve', () => {
    const r = runCli(['start', dir, '--port', '0', '--host', 'no-such-host.invalid'])
    assert.match(oneLineError(r), /^Error: Cannot listen on no-such-host\.invalid: no such host name; pass --host/)
  })
})
