/**
 * A real HTTP server on 127.0.0.1 with a random port, recording what it received. Tests
 * script its answers per request, so the client is exercised over an actual socket.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedRequest {
  method: string
  /** Path and query, as sent. */
  url: string
  headers: IncomingHttpHeaders
  body: string
}

/** `index` counts requests from 0. */
export type Handler = (request: ReceivedRequest, response: ServerResponse, index: number) => void | Promise<void>

export interface TestServer {
  origin: string
  requests: ReceivedRequest[]
  close(): Promise<void>
}

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: ReceivedRequest[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const received = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      requests.push(received)
      Promise.resolve(handler(received, res, requests.length - 1)).catch((error: unknown) => {
        res.statusCode = 599
        res.end(String(error))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
  response.end(JSON.stringify(body))
}

/** The CMS's error envelope. */
export function envelope(code: string, message: string, field?: string) {
  return { errors: [{ message, code, ...(field ? { field } : {}) }], requestId: 'from-the-cms-0001' }
}

/** A port nothing listens on: bound once by the OS, then released. */
export async function closedPort(): Promise<string> {
  const server = await startServer(() => undefined)
  await server.close()
  return server.origin
}
