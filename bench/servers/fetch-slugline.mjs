// Slugline's fetch adapter under Bun.serve or Deno.serve: createFetchHandler over the built
// bench app. `bun fetch-slugline.mjs --port N --dir APP` or `deno run -A fetch-slugline.mjs ...`.
import { createFetchHandler } from '../../dist/adapters/fetch/index.js' // = 'slugline/fetch'

const argv = globalThis.Deno ? Deno.args : process.argv.slice(2)
const value = (name, fallback) => (argv.indexOf(name) === -1 ? fallback : argv[argv.indexOf(name) + 1])
const port = Number(value('--port', '3000'))
const fetch = createFetchHandler({ dir: value('--dir', '.') })

if (globalThis.Bun) Bun.serve({ port, hostname: '127.0.0.1', fetch })
else Deno.serve({ port, hostname: '127.0.0.1', onListen() {} }, fetch)
for (const signal of ['SIGTERM', 'SIGINT']) (globalThis.Deno ? Deno.addSignalListener(signal, () => Deno.exit(0)) : process.once(signal, () => process.exit(0)))
