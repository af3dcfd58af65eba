// The options every baseline server takes: --port N, --routes N (how many /api/r{i}/[id]
// routes to register, like the generated Slugline app) and --no-etag.

function value(name, fallback) {
  const i = process.argv.indexOf(name)
  return i === -1 ? fallback : process.argv[i + 1]
}

export const port = Number(value('--port', '3000'))
export const routeCount = Number(value('--routes', '100'))
export const withEtag = !process.argv.includes('--no-etag')
export const JSON_TYPE = 'application/json; charset=utf-8'

// Exit normally on a signal, so `node --cpu-prof` can write its profile.
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => process.exit(0))
