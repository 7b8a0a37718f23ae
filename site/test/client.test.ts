import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'

import { createCmsClient, type CmsClientConfig } from '../src/cms/client.ts'
import {
  CmsAbortedError,
  CmsError,
  CmsHttpError,
  CmsNetworkError,
  CmsTimeoutError,
  CmsValidationError,
} from '../src/cms/errors.ts'
import { closedPort, envelope, sendJson, startServer, type Handler, type TestServer } from './helpers/server.ts'
import { instantSleep, recordingLogger } from './helpers/recorders.ts'

const okSchema = z.object({ ok: z.literal(true) })
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** A server answering with `handler`, and a client for it with instant, recorded retry waits. */
async function setup(handler: Handler, config: Partial<CmsClientConfig> = {}) {
  server = await startServer(handler)
  const sleep = instantSleep()
  const logger = recordingLogger()
  const client = createCmsClient({ baseUrl: server.origin, sleep, logger, random: () => 0.5, ...config })
  return { server, client, sleep, logger }
}

describe('requests', () => {
  it('sends a generated X-Request-Id and logs method, path, status and duration', async () => {
    const { server, client, logger } = await setup((_req, res) => sendJson(res, 200, { ok: true }))

    await expect(client.get('/posts', okSchema, { query: { limit: 1 } })).resolves.toEqual({ ok: true })

    const [received] = server.requests
    expect(received?.url).toBe('/api/v1/posts?limit=1')
    expect(received?.headers['x-request-id']).toMatch(UUID)
    expect(received?.headers.accept).toBe('application/json')
    expect(logger.lines).toHaveLength(1)
    expect(logger.lines[0]?.fields).toMatchObject({
      requestId: received?.headers['x-request-id'],
      method: 'GET',
      path: '/api/v1/posts?limit=1',
      status: 200,
      attempt: 1,
    })
    expect(logger.lines[0]?.fields.durationMs).toEqual(expect.any(Number))
  })

  it('passes on a valid caller request ID and replaces one the CMS would reject', async () => {
    const { server, client } = await setup((_req, res) => sendJson(res, 200, { ok: true }))

    await client.get('/a', okSchema, { requestId: 'page-request:1234' })
    await client.get('/b', okSchema, { requestId: 'bad id!' })

    expect(server.requests[0]?.headers['x-request-id']).toBe('page-request:1234')
    expect(server.requests[1]?.headers['x-request-id']).toMatch(UUID)
  })

  it('posts JSON and keeps a path prefix of the base URL', async () => {
    server = await startServer((_req, res) => sendJson(res, 201, { ok: true }))
    const client = createCmsClient({ baseUrl: `${server.origin}/cms/`, logger: recordingLogger() })

    await client.post('/inquiries', { name: 'Ada' }, okSchema)

    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/cms/api/v1/inquiries', body: '{"name":"Ada"}' })
    expect(server.requests[0]?.headers['content-type']).toBe('application/json')
  })
})

describe('timeouts and cancellation', () => {
  it('throws CmsTimeoutError when the CMS does not answer in time, without retrying', async () => {
    const { server, client, sleep } = await setup(() => undefined /* never answers */, { timeoutMs: 100 })

    const error = await client.get('/slow', okSchema).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(CmsTimeoutError)
    expect(error).toBeInstanceOf(CmsError)
    expect((error as CmsTimeoutError).timeoutMs).toBe(100)
    expect((error as CmsTimeoutError).requestId).toMatch(UUID)
    expect(server.requests).toHaveLength(1)
    expect(sleep.delays).toEqual([])
  })

  it('times out a body that stalls after the headers', async () => {
    const { client } = await setup(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.write('{"ok":')
      },
      { timeoutMs: 100 },
    )

    await expect(client.get('/stalls', okSchema)).rejects.toBeInstanceOf(CmsTimeoutError)
  })

  it('stops when the caller aborts mid-request', async () => {
    const { client } = await setup(() => undefined, { timeoutMs: 5000 })
    const controller = new AbortController()

    const pending = client.get('/slow', okSchema, { signal: controller.signal })
    setTimeout(() => controller.abort(new Error('visitor left')), 20)

    const error = await pending.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CmsAbortedError)
    expect((error as CmsAbortedError).cause).toEqual(new Error('visitor left'))
  })

  it('sends nothing when the signal is already aborted', async () => {
    const { server, client } = await setup((_req, res) => sendJson(res, 200, { ok: true }))

    await expect(client.get('/x', okSchema, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(CmsAbortedError)
    expect(server.requests).toHaveLength(0)
  })

  it('cancels a pending retry wait (real sleep)', async () => {
    server = await startServer((_req, res) => sendJson(res, 503, envelope('UNAVAILABLE', 'Down')))
    const client = createCmsClient({
      baseUrl: server.origin,
      logger: recordingLogger(),
      random: () => 0.99,
      retryTiming: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
    })
    const controller = new AbortController()

    const pending = client.get('/x', okSchema, { signal: controller.signal })
    // Abort once the first attempt has been answered (the client is then in its 60 s wait), not after a
    // fixed delay that a busy machine may not have reached the server within.
    while (server.requests.length < 1) await new Promise((resolve) => setTimeout(resolve, 5))
    await new Promise((resolve) => setTimeout(resolve, 20))
    controller.abort()

    await expect(pending).rejects.toBeInstanceOf(CmsAbortedError)
    expect(server.requests).toHaveLength(1)
  })
})

describe('retries', () => {
  it('retries 503 with backoff, then succeeds, keeping one request ID', async () => {
    const { server, client, sleep, logger } = await setup((_req, res, index) =>
      index < 2 ? sendJson(res, 503, envelope('UNAVAILABLE', 'Starting up')) : sendJson(res, 200, { ok: true }),
    )

    await expect(client.get('/posts', okSchema)).resolves.toEqual({ ok: true })

    expect(server.requests).toHaveLength(3)
    expect(new Set(server.requests.map((r) => r.headers['x-request-id'])).size).toBe(1)
    // Full jitter with random() = 0.5: half of 100 ms, then half of 200 ms.
    expect(sleep.delays).toEqual([50, 100])
    expect(logger.lines.filter((l) => l.message === 'cms request').map((l) => l.fields.status)).toEqual([503, 503, 200])
  })

  it('gives up after `retries` extra attempts with the last CmsHttpError', async () => {
    const { server, client } = await setup((_req, res) => sendJson(res, 502, envelope('INTERNAL', 'Bad gateway')), {
      retries: 1,
    })

    const error = await client.get('/posts', okSchema).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(CmsHttpError)
    expect((error as CmsHttpError).status).toBe(502)
    expect(server.requests).toHaveLength(2)
  })

  it('honours Retry-After seconds on 429', async () => {
    const { server, client, sleep } = await setup((_req, res, index) =>
      index === 0
        ? sendJson(res, 429, envelope('RATE_LIMITED', 'Slow down'), { 'retry-after': '1' })
        : sendJson(res, 200, { ok: true }),
    )

    await expect(client.get('/posts', okSchema)).resolves.toEqual({ ok: true })

    expect(server.requests).toHaveLength(2)
    expect(sleep.delays).toEqual([1000])
  })

  it('honours Retry-After as an HTTP date', async () => {
    const { client, sleep } = await setup((_req, res, index) =>
      index === 0
        ? sendJson(res, 429, envelope('RATE_LIMITED', 'Slow down'), {
            'retry-after': new Date(Date.now() + 2000).toUTCString(),
          })
        : sendJson(res, 200, { ok: true }),
    )

    await client.get('/posts', okSchema)

    expect(sleep.delays).toHaveLength(1)
    expect(sleep.delays[0]).toBeGreaterThan(0)
    expect(sleep.delays[0]).toBeLessThanOrEqual(2000)
  })

  it('does not wait out a Retry-After beyond the cap', async () => {
    const { server, client, sleep } = await setup(
      (_req, res) => sendJson(res, 429, envelope('RATE_LIMITED', 'Slow down'), { 'retry-after': '3600' }),
      { retryTiming: { maxRetryAfterMs: 2000 } },
    )

    const error = await client.get('/posts', okSchema).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(CmsHttpError)
    expect(error).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfterMs: 3_600_000 })
    expect(server.requests).toHaveLength(1)
    expect(sleep.delays).toEqual([])
  })

  it.each([
    [404, 'NOT_FOUND', 'Not Found'],
    [400, 'BAD_REQUEST', 'The following path cannot be queried: nope'],
    [403, 'FORBIDDEN', 'You are not allowed to perform this action.'],
  ])('never retries %i and reports the envelope code', async (status, code, message) => {
    const { server, client } = await setup((_req, res) => sendJson(res, status, envelope(code, message)))

    const error = await client.get('/posts', okSchema).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(CmsHttpError)
    expect(error).toMatchObject({ status, code, message, requestId: 'from-the-cms-0001' })
    expect(server.requests).toHaveLength(1)
  })

  it('reads every field error of a validation envelope', async () => {
    const { client } = await setup((_req, res) =>
      sendJson(res, 400, {
        errors: [
          { message: 'Please enter a valid email address.', field: 'email', code: 'VALIDATION_ERROR' },
          { message: 'Too short.', field: 'message', code: 'VALIDATION_ERROR' },
        ],
        requestId: 'abc12345',
      }),
    )

    const error = (await client.post('/inquiries', {}, okSchema).catch((e: unknown) => e)) as CmsHttpError

    expect(error.code).toBe('VALIDATION_ERROR')
    expect(error.field).toBe('email')
    expect(error.errors.map((e) => e.field)).toEqual(['email', 'message'])
  })

  it('makes a usable error of a body that is not an envelope', async () => {
    const { client } = await setup(
      (_req, res, index) => {
        if (index === 0) {
          res.writeHead(502, { 'content-type': 'text/html' })
          res.end('<h1>Bad Gateway</h1>')
        } else sendJson(res, 418, { message: 'not an envelope' })
      },
      { retries: 0 },
    )

    await expect(client.get('/a', okSchema)).rejects.toMatchObject({ status: 502, code: 'HTTP_502' })
    await expect(client.get('/b', okSchema)).rejects.toMatchObject({ status: 418, code: 'HTTP_418' })
  })

  it('does not retry a POST on 5xx (it may have been stored)', async () => {
    const { server, client } = await setup((_req, res) => sendJson(res, 500, envelope('INTERNAL', 'Oops')))

    await expect(client.post('/inquiries', { name: 'Ada' }, okSchema)).rejects.toBeInstanceOf(CmsHttpError)
    expect(server.requests).toHaveLength(1)
  })

  it('retries a GET whose connection was reset, but not a POST', async () => {
    const { server, client, sleep } = await setup((_req, res, index) => {
      if (index === 0 || index === 2) res.socket?.destroy()
      else sendJson(res, 200, { ok: true })
    })

    await expect(client.get('/posts', okSchema)).resolves.toEqual({ ok: true })
    expect(sleep.delays).toHaveLength(1)

    await expect(client.post('/inquiries', {}, okSchema)).rejects.toBeInstanceOf(CmsNetworkError)
    expect(server.requests).toHaveLength(3)
  })
})

describe('network errors', () => {
  it('throws CmsNetworkError after retrying a refused connection', async () => {
    const origin = await closedPort()
    const sleep = instantSleep()
    const logger = recordingLogger()
    const client = createCmsClient({ baseUrl: origin, sleep, logger, random: () => 1 })

    const error = await client.get('/posts', okSchema).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(CmsNetworkError)
    expect((error as CmsNetworkError).code).toBe('ECONNREFUSED')
    expect(sleep.delays).toEqual([100, 200])
    expect(logger.lines.filter((l) => l.message === 'cms request failed')).toHaveLength(3)
  })

  it('retries a refused POST too: the CMS never saw it', async () => {
    const origin = await closedPort()
    const sleep = instantSleep()
    const client = createCmsClient({ baseUrl: origin, sleep, logger: recordingLogger() })

    await expect(client.post('/inquiries', {}, okSchema)).rejects.toBeInstanceOf(CmsNetworkError)
    expect(sleep.delays).toHaveLength(2)
  })
})

describe('response validation', () => {
  const listSchema = z.object({ docs: z.array(z.object({ slug: z.string(), title: z.string() })) })

  it('throws CmsValidationError naming the failing field path', async () => {
    const { client } = await setup((_req, res) => sendJson(res, 200, { docs: [{ title: 'No slug' }] }))

    const error = (await client.get('/posts', listSchema).catch((e: unknown) => e)) as CmsValidationError

    expect(error).toBeInstanceOf(CmsValidationError)
    expect(error.field).toBe('docs.0.slug')
    expect(error.message).toContain('docs.0.slug: expected string')
    expect(error.message).toContain('GET /posts')
    expect(error.issues).toEqual([{ path: 'docs.0.slug', message: 'expected string, received undefined' }])
    expect(error.requestId).toMatch(UUID)
  })

  it('counts further issues in the message', async () => {
    const { client } = await setup((_req, res) => sendJson(res, 200, { docs: [{}] }))

    await expect(client.get('/posts', listSchema)).rejects.toThrow(/docs\.0\.slug: expected string.*\(and 1 more\)/)
  })

  it('rejects a 200 that is not JSON', async () => {
    const { client } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<html>login page</html>')
    })

    const error = (await client.get('/posts', listSchema).catch((e: unknown) => e)) as CmsValidationError
    expect(error).toBeInstanceOf(CmsValidationError)
    expect(error.message).toContain('(body): expected a JSON body')
  })

  it('lets the schema decide about an empty body', async () => {
    const { client } = await setup((_req, res) => {
      res.writeHead(204)
      res.end()
    })

    await expect(client.get('/ping', z.undefined())).resolves.toBeUndefined()
  })
})

describe('defaults', () => {
  it('uses the global fetch, the real sleep and the environment logger', async () => {
    server = await startServer((_req, res, index) =>
      index === 0 ? sendJson(res, 503, envelope('UNAVAILABLE', 'Down')) : sendJson(res, 200, { ok: true }),
    )
    const client = createCmsClient({ baseUrl: server.origin, retryTiming: { baseDelayMs: 1 } })

    await expect(client.get('/x', okSchema)).resolves.toEqual({ ok: true })
    expect(client.apiUrl).toBe(`${server.origin}/api/v1`)
  })

  it('refuses a base URL that is not a URL', () => {
    expect(() => createCmsClient({ baseUrl: 'not a url' })).toThrow()
  })
})
