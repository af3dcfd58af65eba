// Fastify 5 serving the bench app's routes. With ETags on (the default here) it does the same
// work as Slugline: serialise, hash, set the ETag; with --no-etag it is idiomatic Fastify
// (reply.send(object), its own serialiser, no ETag).
import Fastify from 'fastify'
import { etagOf } from './etag.mjs'
import { JSON_TYPE, port, routeCount, withEtag } from './args.mjs'

const app = Fastify({ logger: false })

function sendJson(req, reply, body, etag) {
  if (!etag) return reply.send(body)
  const text = JSON.stringify(body)
  const tag = etagOf(text)
  if (req.headers['if-none-match'] === tag) return reply.code(304).header('etag', tag).send()
  return reply.header('content-type', JSON_TYPE).header('etag', tag).send(text)
}

for (let i = 0; i < routeCount; i++) {
  app.get(`/api/r${i}/:id`, (req, reply) => sendJson(req, reply, { route: i, id: req.params.id }, withEtag))
}
app.get('/api/health', (req, reply) => sendJson(req, reply, { ok: true }, withEtag))
app.get('/api/files/*', (req, reply) => sendJson(req, reply, { path: req.params['*'].split('/') }, withEtag))
app.post('/api/echo', (req, reply) =>
  sendJson(req, reply, { received: req.body.items.length, first: req.body.items[0].name }, withEtag),
)
app.get('/items/:id', (req, reply) => sendJson(req, reply, { id: req.params.id }, false))

await app.listen({ port, host: '127.0.0.1' })
console.log(`fastify ready on ${port}`)
