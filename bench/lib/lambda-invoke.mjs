// One Lambda instance, simulated: loads a handler module (a built `.slugline/lambda/index.mjs`
// or bench/servers/lambda-raw.mjs) as Lambda's Node.js runtime does, with `import()`, then
// invokes it with API Gateway HTTP API events (payload 2.0), each parsed from JSON as the
// runtime parses the payload it receives. Reports to the parent (IPC):
//   { initMs }                           module load to ready (the import resolved)
//   { firstMs, status }                  then the first invocation, /api/r0/x, answered
//   { case, cpuUs, wallUs } per case     with --cpu N: CPU per invocation over N invocations
//                                        (process.cpuUsage, after as many unmeasured)
//   node lambda-invoke.mjs <module> [--cpu N]
import { pathToFileURL } from 'node:url'

const [file, flag, count] = process.argv.slice(2)
const send = (m) => process.send?.(m) ?? console.log(JSON.stringify(m))

function eventText(method, path, body, headers = {}) {
  return JSON.stringify({
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'abc123.execute-api.us-east-1.amazonaws.com', 'user-agent': 'bench', 'x-forwarded-proto': 'https', ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'bench' },
      requestId: 'bench',
      routeKey: '$default',
      stage: '$default',
      timeEpoch: 0,
    },
    ...(body === undefined ? {} : { body, isBase64Encoded: false }),
    isBase64Encoded: false,
  })
}

const context = { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 30_000 }

const t0 = performance.now()
const mod = await import(pathToFileURL(file).href)
send({ initMs: performance.now() - t0 })
const first = await mod.handler(JSON.parse(eventText('GET', '/api/r0/x')), context)
send({ firstMs: performance.now() - t0, status: first.statusCode })

if (flag === '--cpu') {
  const n = Number(count)
  const cases = JSON.parse(process.env.BENCH_CASES)
  for (const c of cases) {
    const text = eventText(c.method ?? 'GET', c.path, c.body, c.headers)
    const once = async () => {
      const r = await mod.handler(JSON.parse(text), context)
      if (r.statusCode !== 200) throw new Error(`${c.path}: ${r.statusCode} ${r.body}`)
    }
    for (let i = 0; i < n; i++) await once()
    const cpu0 = process.cpuUsage()
    const w0 = performance.now()
    for (let i = 0; i < n; i++) await once()
    const cpu = process.cpuUsage(cpu0)
    send({ case: c.id, cpuUs: (cpu.user + cpu.system) / n, wallUs: ((performance.now() - w0) * 1000) / n })
  }
}
process.exit(0)
