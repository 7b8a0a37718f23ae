import type { CollectionBeforeChangeHook } from 'payload'
import { roleOf } from '../../access/roles'

/**
 * Authors always write as themselves; editors may credit anyone and default to themselves.
 * The byline name is copied onto the post so visitors never need to read the users collection.
 */
export const assignAuthor: CollectionBeforeChangeHook = async ({ data, req, originalDoc }) => {
  const user = req.user
  if (roleOf(user) === 'author' && user) data.author = user.id
  if (data.author === undefined || data.author === null) data.author = originalDoc?.author ?? user?.id
  const authorId =
    typeof data.author === 'object' && data.author !== null ? (data.author as { id: string | number }).id : data.author
  if (authorId !== undefined && authorId !== null) {
    const author = await req.payload.findByID({
      collection: 'users',
      id: authorId as string | number,
      depth: 0,
      req,
      overrideAccess: true,
      disableErrors: true,
      select: { name: true },
    })
    data.authorName = author?.name ?? null
  }
  return data
}
