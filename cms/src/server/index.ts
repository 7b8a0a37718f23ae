/**
 * The production host: an Express app in front of Payload. The API is served directly
 * (payloadApi); everything else — the admin panel and its assets — goes to Next.js.
 */
import type { Server } from 'node:http'
import express, { type Express, type NextFunction, type Request, type Response } from 'express'
import type { Payload } from 'payload'

import type { Env } from '../env'
import { payloadApi } from './payloadApi'

export type NextRequestHandler = (req: Request, res: Response) => Promise<void>

export interface AppOptions {
  payload: Payload
  env: Env
  /** Next.js handler for the admin panel; omitted, only the API is served. */
  nextHandler?: NextRequestHandler
}

export function createApp({ payload, env, nextHandler }: AppOptions): Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', false)

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' })
  })

  app.use(payloadApi({ config: payload.config, playground: env.graphqlPlayground }))

  if (nextHandler) {
    app.all('/{*splat}', (req, res, next) => {
      nextHandler(req, res).catch(next)
    })
  } else {
    app.use((_req, res) => {
      res.status(404).json({ errors: [{ message: 'Not found', code: 'NOT_FOUND' }] })
    })
  }

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    payload.logger.error({ err: error, msg: 'Unhandled request error' })
    if (res.headersSent) {
      res.end()
      return
    }
    res.status(500).json({ errors: [{ message: 'Something went wrong.', code: 'INTERNAL' }] })
  })
  return app
}

/** Listens on HOST:PORT and resolves once the socket is bound. */
export function listen(app: Express, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)))
    server.once('error', reject)
  })
}
