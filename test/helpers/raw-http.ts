// Requests over one raw TCP connection, and a strict reading of what comes back: each
// response framed by its Content-Length or chunked encoding, exactly as a keep-alive client
// reads them. A server that sends more or fewer bytes than it declares shows up here as a
// response that swallows the next one, or as bytes left over.
import net from 'node:net'

export interface RawAnswer {
  status: number
  headers: Record<string, string>
  body: string
}

export interface Exchange {
  answers: RawAnswer[]
  /** Bytes after the last complete response (a frame that lied). */
  leftover: string
  /** The server closed the connection before answering every request. */
  closedEarly: boolean
}

/** Sends `requests` (raw HTTP/1.1 text, the last should say `Connection: close`) in one write
 *  and reads until the server closes the connection. */
export function pipelined(port: number, requests: string[], timeoutMs = 5_000): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(requests.join('')))
    const chunks: Buffer[] = []
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no close within ${timeoutMs} ms; read so far: ${JSON.stringify(Buffer.concat(chunks).toString('latin1'))}`))
    }, timeoutMs)
    socket.on('data', (d) => chunks.push(d))
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(timer)
      const parsed = parseAll(Buffer.concat(chunks), requests.map((r) => r.startsWith('HEAD ')))
      resolve({ ...parsed, closedEarly: parsed.answers.length < requests.length })
    })
  })
}

export const get = (path: string, close = false, method = 'GET'): string =>
  `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${close ? 'Connection: close\r\n' : ''}\r\n`

/** `heads[i]`: the i-th request was a HEAD, whose answer has no body whatever its length says. */
function parseAll(data: Buffer, heads: boolean[]): { answers: RawAnswer[]; leftover: string } {
  const answers: RawAnswer[] = []
  let at = 0
  for (;;) {
    const answer = parseOne(data, at, heads[answers.length] ?? false)
    if (answer === null) break
    answers.push(answer.answer)
    at = answer.next
  }
  return { answers, leftover: data.subarray(at).toString('latin1') }
}

function parseOne(data: Buffer, at: number, head: boolean): { answer: RawAnswer; next: number } | null {
  const headEnd = data.indexOf('\r\n\r\n', at)
  if (headEnd === -1) return null
  const lines = data.subarray(at, headEnd).toString('latin1').split('\r\n')
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]!)
  if (!m) return null
  const headers: Record<string, string> = {}
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
  }
  let pos = headEnd + 4
  let body: Buffer
  if (head) body = Buffer.alloc(0)
  else if (headers['transfer-encoding'] === 'chunked') {
    const parts: Buffer[] = []
    for (;;) {
      const lineEnd = data.indexOf('\r\n', pos)
      if (lineEnd === -1) return null
      const size = parseInt(data.subarray(pos, lineEnd).toString('latin1'), 16)
      if (Number.isNaN(size)) return null
      pos = lineEnd + 2
      if (size === 0) {
        pos += 2
        break
      }
      if (pos + size > data.length) return null
      parts.push(data.subarray(pos, pos + size))
      pos += size + 2
    }
    body = Buffer.concat(parts)
  } else {
    const length = Number(headers['content-length'] ?? 0)
    if (pos + length > data.length) return null
    body = data.subarray(pos, pos + length)
    pos += length
  }
  return { answer: { status: Number(m[1]), headers, body: body.toString('utf8') }, next: pos }
}
