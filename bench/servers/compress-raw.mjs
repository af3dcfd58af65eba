// The baseline for bench/compress.mjs: node:http answering /api/list/[id] with the same JSON
// as the bench app's route, ETag included, and, for a client that asks, compressing it the
// plainest way (zlib.gzipSync / brotliCompressSync at quality 4, as Slugline's brotli) with
// `Vary: Accept-Encoding`. --no-compress: never compresses (the bare server).
import http from 'node:http'
import zlib from 'node:zlib'
import { etagOf } from './etag.mjs'
import { JSON_TYPE, port } from './args.mjs'
import { listBody } from './compress-list.mjs'

const compress = !process.argv.includes('--no-compress')
const BR = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }

http
  .createServer((req, res) => {
    const url = req.url
    if (url === '/api/health') {
      const text = '{"ok":true}'
      res.writeHead(200, { 'Content-Type': JSON_TYPE, 'Content-Length': text.length, ETag: etagOf(text) })
      return res.end(text)
    }
    if (!url.startsWith('/api/list/')) {
      res.statusCode = 404
      return res.end()
    }
    const text = JSON.stringify(listBody(decodeURIComponent(url.slice('/api/list/'.length))))
    const headers = { 'Content-Type': JSON_TYPE, ETag: etagOf(text) }
    const accept = compress ? req.headers['accept-encoding'] : undefined
    if (accept !== undefined) {
      headers.Vary = 'Accept-Encoding'
      const encoding = /\bgzip\b/.test(accept) ? 'gzip' : /\bbr\b/.test(accept) ? 'br' : null
      if (encoding !== null) {
        const body = encoding === 'gzip' ? zlib.gzipSync(text) : zlib.brotliCompressSync(text, BR)
        headers['Content-Encoding'] = encoding
        headers['Content-Length'] = body.length
        res.writeHead(200, headers)
        return res.end(body)
      }
    }
    headers['Content-Length'] = Buffer.byteLength(text)
    res.writeHead(200, headers)
    res.end(text)
  })
  .listen(port, '127.0.0.1')

for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => process.exit(0))
