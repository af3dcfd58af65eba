// The `slugline` command: parse argv, run one command, turn known errors into a message and
// exit code 1 (no stack trace for a mistake the user can fix from the message alone).
import { readFileSync } from 'node:fs'
import { SluglineError } from '../errors.ts'
import { parseCliArgs } from './args.ts'
import { buildCommand, devCommand, openapiCommand, routesCommand, startCommand, type CliHost } from './commands.ts'
import { CliError, UsageError } from './errors.ts'
import { commandUsage, generalUsage } from './usage.ts'

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
  return pkg.version
}

export async function main(argv: string[], host: CliHost = {}): Promise<void> {
  try {
    const args = parseCliArgs(argv)
    if (args.version) return void console.log(version())
    if (args.help || args.command === undefined) {
      console.log(args.command === undefined ? generalUsage() : commandUsage(args.command))
      if (args.command === undefined && !args.help) process.exitCode = 1
      return
    }
    switch (args.command) {
      case 'build':
        await buildCommand(args)
        // Nothing the build started (esbuild's service, a target's packager) may keep us alive.
        process.exit(0)
      case 'start':
        return await startCommand(args, host)
      case 'dev':
        return await devCommand(args)
      case 'routes':
        return routesCommand(args)
      case 'openapi':
        await openapiCommand(args, host)
        process.exit(0)
    }
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`Error: ${err.message}\n\n${err.command === undefined ? generalUsage() : commandUsage(err.command)}`)
    } else if (err instanceof SluglineError || err instanceof CliError) {
      console.error(`Error: ${err.message}`)
      // The app's own error: its stack says where.
      if (err instanceof SluglineError && err.code === 'INSTRUMENTATION_FAILED') console.error(err.cause)
    } else {
      console.error(err)
    }
    process.exit(1)
  }
}
