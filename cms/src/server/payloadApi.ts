/**
 * Payload's REST and GraphQL handlers mounted straight on Express. They are plain
 * `Request → Response` functions, so the API needs no Next.js routing at all: faster reads,
 * and the API runs (and is tested) without a Next build.
 */
import { GRAPHQL_PLAYGROUND_GET, GRAPHQL_POST } from '@payloadcms/next/routes'
import { Router, type NextFunction, type Request, type Response } from 'express'
import { handleEndpoints, type SanitizedConfig } from 'payload'

import { sendWebResponse, toWebRequest } from './webBridge'

export interface PayloadApiOptions {
  config: SanitizedConfig
  /** Serve the GraphQL playground (development only). */
  playground: boolean
}

export function payloadApi({ config, playground }: PayloadApiOptions): Router {
  const router = Router()
  const api = config.routes.api
  const graphqlPath = `${api}${config.routes.graphQL}`
  const graphql = GRAPHQL_POST(Promise.resolve(config))
  const playgroundHandler = GRAPHQL_PLAYGROUND_GET(Promise.resolve(config))

  const run =
    (handler: (request: globalThis.Request) => Promise<globalThis.Response>) =>
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        await sendWebResponse(res, await handler(toWebRequest(req)))
      } catch (error) {
        next(error)
      }
    }

  router.post(graphqlPath, run(graphql))
  if (playground) router.get(`${api}${config.routes.graphQLPlayground}`, run(playgroundHandler))
  router.all(`${api}/{*rest}`, run((request) => handleEndpoints({ config, request })))
  router.all(api, run((request) => handleEndpoints({ config, request })))
  return router
}
