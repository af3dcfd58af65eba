// GET /api/books/export?pageSize=100  every book as newline-delimited JSON, streamed: each
// chunk is one page of rows, read from SQLite only when the client is ready for more
// (ReadableStream pull + back-pressure), so the export never sits in memory whole.
import { booksAfter } from '../../../../lib/library.ts'

export function GET(request: Request) {
  const requested = Number(new URL(request.url).searchParams.get('pageSize') ?? 100)
  if (!Number.isInteger(requested) || requested < 1 || requested > 1000) {
    return Response.json({ error: 'pageSize must be an integer from 1 to 1000', field: 'pageSize' }, { status: 400 })
  }
  const encoder = new TextEncoder()
  let lastId = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const page = booksAfter(lastId, requested)
      if (page.length === 0) return controller.close()
      lastId = page[page.length - 1].id
      controller.enqueue(encoder.encode(page.map((b) => JSON.stringify(b)).join('\n') + '\n'))
    },
  })
  return new Response(body, { headers: { 'content-type': 'application/x-ndjson; charset=utf-8' } })
}
