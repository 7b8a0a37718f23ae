/**
 * What an API-only process (SERVER_ROLE=api, cli/start.ts) answers where a full process hands the
 * request to Next.js: admin routes get a 404 in the error envelope saying why, so a misrouted
 * editor learns where the admin lives rather than seeing a bare "not found"; anything else is
 * the usual "no route".
 */
import { ERRORS } from '@mspn/contract/errors'

import { refuse } from './errors'
import type { NextRequestHandler } from './index'

export const ADMIN_NOT_SERVED =
  'The admin panel is not served by this process (SERVER_ROLE=api): open it on a server started with SERVER_ROLE=all.'

export function apiOnlyFallback(adminRoute: string): NextRequestHandler {
  return async (req, res) => {
    const admin = req.path === adminRoute || req.path.startsWith(`${adminRoute}/`) || req.path.startsWith('/_next/')
    refuse(res, ERRORS.NOT_FOUND, admin ? ADMIN_NOT_SERVED : `No route for ${req.method} ${req.path}`)
  }
}
