// A Slugline server whose request log can be switched while it runs (bench/request-log.mjs):
// `GET /__log/off|text|json` picks the mode for the requests after it, so the three are
// measured in one process, A/B, free of the cost differences between processes. The same
// handler `slugline start` serves (createHandler over the build), the same server classes
// (listen.ts), the same log (request-log.ts), its lines on stdout.
//   node --import tsx bench/lib/request-log-server.ts DIR --port N
import { createHandler } from '../../src/server/create-handler.ts'
import { createServer } from '../../src/server/listen.ts'
import { withRequestLog } from '../../src/server/request-log.ts'

const [dir] = process.argv.slice(2)
const port = Number(process.argv[process.argv.indexOf('--port') + 1])
process.chdir(dir!)
const plain = createHandler({ dir: dir!, loadEnv: false })
const modes = { off: plain, text: withRequestLog(plain, 'text'), json: withRequestLog(plain, 'json') }
let current = plain
createServer((req, res) => {
  if (req.url?.startsWith('/__log/')) {
    current = modes[req.url.slice(7) as keyof typeof modes] ?? plain
    res.end()
    return
  }
  current(req, res)
}).listen(port, '127.0.0.1')
process.on('SIGTERM', () => process.exit(0))
