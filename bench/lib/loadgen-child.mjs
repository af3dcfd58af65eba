// One load generator process per server under test (bench/lib/load.mjs starts it): autocannon
// runs on request from the parent, over IPC. A server's CPU per request depends on how its
// requests arrive (how many per read), and so on the load generator's own state (JIT, heap);
// one shared in-process generator carried that state from server to server, and the server
// measured after the slowest one paid for it (an identical second node:http process came
// out at 0.79-0.88 of the first). A generator of its own gives every server the same.
import autocannon from 'autocannon'

process.on('message', (options) => {
  autocannon(options, (err, result) => {
    if (err) return process.send({ error: String(err) })
    process.send({
      sent: result.requests.sent,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      p50: result.latency.p50,
      p99: result.latency.p99,
    })
  })
})
