// A response body of bytes for the runtime's Response. Never a string: the Fetch spec gives a
// string body `text/plain;charset=UTF-8`, which `start` does not send. And on Bun, bytes
// without a Content-Type go out as a one-chunk stream, since Bun.serve gives a byte body that
// has none `application/octet-stream` (it leaves a stream's headers alone, and still sends a
// one-chunk stream with a Content-Length).
const ON_BUN = typeof (globalThis as { Bun?: unknown }).Bun !== 'undefined'
const encoder = new TextEncoder()

export function bodyFor(data: string | Uint8Array, hasType: boolean): BodyInit | null {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data
  if (!ON_BUN || hasType || bytes.byteLength === 0) return bytes as BodyInit
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes)
      controller.close()
    },
  })
}
