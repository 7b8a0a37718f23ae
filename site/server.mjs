/**
 * The site's production entry (`npm start -w site`, root `npm start`): Astro's Node handler
 * (static files, then pages) behind the route cache's fast path. A redirect of the CMS's table
 * (301/302) and a page the route cache holds are answered here, before Astro's pipeline, with exactly the headers the middleware would
 * replay (see src/server/routeCacheLookup.ts); everything else goes to Astro as before.
 * `node dist/server/entry.mjs` still works, without the fast path.
 *
 * HOST and PORT as for the adapter's own server (defaults localhost:4321).
 */
import { createServer } from 'node:http'

process.env.ASTRO_NODE_AUTOSTART = 'disabled'
const { handler } = await import('./dist/server/entry.mjs')

const LOOKUP = Symbol.for('mspn.site.routeCacheLookup')
const host = process.env.HOST || 'localhost'
const port = Number(process.env.PORT || 4321)

const server = createServer((request, response) => {
  const lookup = globalThis[LOOKUP]
  const hit = typeof lookup === 'function' ? lookup(request.method, request.url, request.headers) : undefined
  if (hit === undefined) {
    handler(request, response)
    return
  }
  response.writeHead(hit.status ?? 200, hit.headers)
  response.end(hit.body ?? undefined)
})

server.listen(port, host, () => console.log(`Server listening on http://${host}:${port}`))
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    server.close(() => process.exit(0))
    server.closeIdleConnections()
    setTimeout(() => process.exit(0), 5000).unref()
  })
}
