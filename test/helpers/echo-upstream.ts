// The "other origin" that external rewrites go to: answers every request with what it got
// (method, path and query, body, a few headers) as JSON, and sets a cookie.
// `tsx test/helpers/echo-upstream.ts 39123` runs it alone (for recording against Next.js).
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export function startEchoUpstream(port = 0): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      res.setHeader('content-type', 'application/json')
      res.setHeader('set-cookie', 'upstream=1; Path=/')
      res.setHeader('x-custom', 'from-upstream')
      res.end(JSON.stringify({ upstream: true, method: req.method, url: req.url, body, fromProxy: req.headers['x-from-proxy'] ?? null, contentType: req.headers['content-type'] ?? null }))
    })
  })
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address() as AddressInfo
      resolve({ origin: `http://127.0.0.1:${p}`, close: () => new Promise((r) => server.close(() => r())) })
    })
  })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { origin } = await startEchoUpstream(Number(process.argv[2] ?? 39123))
  console.log(`echo upstream on ${origin}`)
}
