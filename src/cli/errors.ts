// The CLI's own errors, each printed as one line (no stack): the user can act on the message.
import type { CommandName } from './usage.ts'

/** A mistake in argv: printed with the usage of the command it concerns (or of all of them). */
export class UsageError extends Error {
  readonly command: CommandName | undefined
  constructor(message: string, command?: CommandName) {
    super(message)
    this.name = 'UsageError'
    this.command = command
  }
}

/** Something the user must fix outside argv (a missing folder, a busy port). */
export class CliError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CliError'
  }
}

/** Node's error for a listen() that failed, as one line saying what to do; null for any other. */
export function describeListenError(err: unknown, port: number, host: string): string | null {
  const e = err as NodeJS.ErrnoException | null
  if (e === null || typeof e !== 'object') return null
  if (e.syscall === 'getaddrinfo') return `Cannot listen on ${host}: no such host name; pass --host with an address such as 127.0.0.1 or 0.0.0.0.`
  if (e.syscall !== 'listen' && e.syscall !== 'bind') return null
  const where = `${host}:${port}`
  switch (e.code) {
    case 'EADDRINUSE':
      return `Port ${port} is in use on ${host}: pass --port <n> for another one (or stop what is listening there).`
    case 'EACCES':
      return `No permission to listen on ${where}: ports below 1024 need privileges; pass --port <n> with a higher one.`
    case 'EADDRNOTAVAIL':
      return `Cannot listen on ${where}: ${host} is not an address of this machine; pass --host 127.0.0.1 or --host 0.0.0.0.`
    default:
      return `Cannot listen on ${where}: ${e.message}`
  }
}
