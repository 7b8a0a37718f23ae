/**
 * Unread inquiries: not marked read and not spam. Counted for the admin navigation's badge
 * (components/UnreadInquiries.tsx) through `GET /api/v1/inquiries/unread-count` → `{ "count": n }`,
 * for editors and admins.
 */
import { Forbidden, UnauthorizedError, type Endpoint, type PayloadRequest, type Where } from 'payload'

import { hasRole } from '../../access/roles'

export const UNREAD: Where = {
  and: [
    { or: [{ read: { equals: false } }, { read: { exists: false } }] },
    { or: [{ spam: { equals: false } }, { spam: { exists: false } }] },
  ],
}

/** Throws 401 for anonymous callers and 403 below editor. */
export function assertEditor(req: PayloadRequest): void {
  if (!req.user) throw new UnauthorizedError(req.t)
  if (!hasRole(req.user, 'editor')) throw new Forbidden(req.t)
}

export async function countUnread(req: PayloadRequest): Promise<number> {
  const { totalDocs } = await req.payload.count({
    collection: 'inquiries',
    where: UNREAD,
    overrideAccess: false,
    req,
  })
  return totalDocs
}

export const unreadCountEndpoint: Endpoint = {
  path: '/unread-count',
  method: 'get',
  handler: async (req) => {
    assertEditor(req)
    return Response.json({ count: await countUnread(req) }, { headers: { 'cache-control': 'no-store' } })
  },
}
