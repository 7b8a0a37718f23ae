/**
 * A plain static file server for the site benchmark's baseline, run as its own process:
 * `tsx bench/staticServer.ts <dir> <port>`. Directory URLs get their index.html, unknown paths
 * 404.html with status 404; files are read from disk on every request (the OS caches them),
 * with no compression, as the site server sends its pages. Prints `READY <port>`.
 */
import fs from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

const root = path.resolve(process.argv[2] ?? 'site/dist-static')
const port = Number(process.argv[3] ?? 0)

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
}

async function readFirst(candidates: string[]): Promise<{ file: string; body: Buffer } | null> {
  for (const file of candidates) {
    if (!file.startsWith(root + path.sep) && file !== root) continue
    try {
      return { file, body: await fs.readFile(file) }
    } catch {
      // try the next candidate
    }
  }
  return null
}

const server = createServer(async (request, response) => {
  const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://static.invalid').pathname)
  const target = path.join(root, pathname)
  const found = await readFirst([target, path.join(target, 'index.html')])
  const notFound = found ? null : await readFirst([path.join(root, '404.html')])
  const hit = found ?? notFound
  if (!hit) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found')
    return
  }
  response.writeHead(found ? 200 : 404, {
    'content-type': TYPES[path.extname(hit.file)] ?? 'application/octet-stream',
    'content-length': hit.body.length,
  })
  response.end(request.method === 'HEAD' ? undefined : hit.body)
})
server.listen(port, '127.0.0.1', () => process.stderr.write(`READY ${(server.address() as AddressInfo).port}\n`))
process.once('SIGTERM', () => server.close(() => process.exit(0)))
