// Hono 4 on @hono/node-server serving the bench app's routes, doing the same work as
// Slugline (serialise, hash, set the ETag) unless --no-etag; the app-route case is c.json().
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { etagOf } from './etag.mjs'
import { JSON_TYPE, port, routeCount, withEtag } from './args.mjs'

const app = new Hono()

function sendJson(c, body, etag) {
  if (!etag) return c.json(body)
  const text = JSON.stringify(body)
  const tag = etagOf(text)
  if (c.req.header('if-none-match') === tag) return c.body(null, 304, { etag: tag })
  return c.body(text, 200, { 'content-type': JSON_TYPE, etag: tag })
}

for (let i = 0; i < routeCount; i++) {
  app.get(`/api/r${i}/:id`, (c) => sendJson(c, { route: i, id: c.req.param('id') }, withEtag))
}
app.get('/api/health', (c) => sendJson(c, { ok: true }, withEtag))
app.get('/api/files/*', (c) => sendJson(c, { path: c.req.path.slice('/api/files/'.length).split('/').map(decodeURIComponent) }, withEtag))
app.post('/api/echo', async (c) => {
  const body = await c.req.json()
  return sendJson(c, { received: body.items.length, first: body.items[0].name }, withEtag)
})
app.get('/items/:id', (c) => c.json({ id: c.req.param('id') }))

serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => console.log(`hono ready on ${port}`))
