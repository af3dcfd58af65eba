// A Vercel function run the way Vercel's Node launcher runs one with `shouldAddHelpers: false`:
// a plain node:http server handing every request, Node's own req and res, to the handler module's
// default export. No routing of Vercel's own (its edge does that before the function): what is
// measured is the function. `node vercel-launcher.mjs --func <dir>.func --port N [--host H]`.
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { func: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } } })
const func = path.resolve(values.func)
const { handler } = JSON.parse(fs.readFileSync(path.join(func, '.vc-config.json'), 'utf8'))
// Vercel runs a function with its folder as the working directory (/var/task).
process.chdir(func)
const fn = (await import(pathToFileURL(path.join(func, handler)).href)).default
http.createServer(fn).listen(Number(values.port), values.host ?? '127.0.0.1')
process.once('SIGTERM', () => process.exit(0))
