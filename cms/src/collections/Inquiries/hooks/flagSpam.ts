/**
 * A submission from the public form with many links is kept, but flagged as spam: editors can
 * still find it (and unflag it), nobody is emailed about it and it is not counted as unread. The
 * screening hook (screenInquiry.ts) has already refused the bots it can be sure about.
 */
import type { CollectionBeforeChangeHook } from 'payload'

/** More links than this in one message marks it as spam. */
export const SPAM_LINK_LIMIT = 3

const LINK = /\bhttps?:\/\/|\bwww\.|\[url=|<a\s/gi

export function looksLikeSpam(message: unknown): boolean {
  return typeof message === 'string' && (message.match(LINK)?.length ?? 0) > SPAM_LINK_LIMIT
}

export const flagSpam: CollectionBeforeChangeHook = ({ data, operation, req }) => {
  if (operation === 'create' && !req.user && looksLikeSpam(data.message)) data.spam = true
  return data
}
