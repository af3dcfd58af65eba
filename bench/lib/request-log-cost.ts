// The request log's own cost per request, apart from any server: the wrapper from
// src/server/request-log.ts around a listener that does nothing, called with stand-in
// request/response objects whose 'close' is emitted at once, lines written (batched, as
// under `start`) to /dev/null. CPU time per request, the minimum over repetitions: contention
// only ever adds, so the minimum is the figure a busy machine cannot inflate. Prints JSON:
// { off, text, json } in ns per request (off: the stand-ins alone).
//   node --import tsx bench/lib/request-log-cost.ts [--requests 300000] [--repeat 8]
import { EventEmitter } from 'node:events'
import fs from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RequestListener } from '../../src/server/dispatch.ts'
import { withRequestLog } from '../../src/server/request-log.ts'

const flag = (name: string, fallback: number) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback)
const requests = flag('--requests', 300_000)
const repeat = flag('--repeat', 8)
const devNull = fs.openSync('/dev/null', 'w')
const write = (chunk: string) => void fs.writeSync(devNull, chunk)
const nothing: RequestListener = () => {}
const listeners = { off: nothing, text: withRequestLog(nothing, 'text', write), json: withRequestLog(nothing, 'json', write) }

async function run(listener: RequestListener): Promise<number> {
  const started = process.cpuUsage()
  for (let i = 0; i < requests; i++) {
    const res = Object.assign(new EventEmitter(), { statusCode: 200, writableFinished: true, headersSent: true })
    const req = { method: 'GET', url: `/api/r42/abc123?page=${i & 7}` }
    listener(req as IncomingMessage, res as unknown as ServerResponse)
    res.emit('close')
    // Let the batch flush as it does between turns of a server's event loop.
    if ((i & 1023) === 1023) await new Promise((r) => setImmediate(r))
  }
  const used = process.cpuUsage(started)
  return ((used.user + used.system) * 1000) / requests
}

const best = { off: Infinity, text: Infinity, json: Infinity }
for (let r = 0; r < repeat; r++) {
  for (const mode of ['off', 'text', 'json'] as const) best[mode] = Math.min(best[mode], await run(listeners[mode]))
}
console.log(JSON.stringify(best))
