/** What a document id looks like on the configured database: SQL serials, or MongoDB ObjectIds. */
import type { SanitizedConfig } from 'payload'

export interface IdSyntax {
  test: (value: string) => boolean
}

/** PostgreSQL `serial` ids are 32-bit; larger numbers fail in the database rather than "not found". */
const MAX_SERIAL = 2_147_483_647

export function idSyntax(config: SanitizedConfig): IdSyntax {
  if (config.db.defaultIDType === 'number')
    return { test: (value) => /^\d{1,10}$/.test(value) && Number(value) <= MAX_SERIAL }
  return { test: (value) => /^[0-9a-f]{24}$/i.test(value) }
}
