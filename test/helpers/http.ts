// A raw HTTP client for tests: node:http sends the path exactly as written (no URL
// normalisation), which the routing tests need for `//`, `%2F` and malformed escapes.
import http from 'node:http'

export interface RawResponse {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
  json<T = any>(): T
}

export function request(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string | string[]>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  const url = new URL(base)
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method: options.method ?? 'GET', path, headers: { connection: 'close', ...options.headers } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8')
          resolve({ status: res.statusCode!, headers: res.headers, body, json: () => JSON.parse(body) })
        })
        res.on('error', reject)
      },
    )
    req.setTimeout(10_000, () => req.destroy(new Error('timed out')))
    req.on('error', reject)
    if (options.body !== undefined) req.write(options.body)
    req.end()
  })
}
