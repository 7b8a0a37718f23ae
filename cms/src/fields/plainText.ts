/**
 * Validation for single-line text: Payload's own checks (required, length) plus no control
 * characters. A NUL cannot be stored by PostgreSQL at all (a 500 from the database, after upload
 * files were written); the others have no place in alt text or captions.
 */
import type { TextFieldSingleValidation } from 'payload'
import { text } from 'payload/shared'

/** True if the text holds a C0 control character (U+0000–U+001F) or DEL. */
export function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i)
    if (code < 0x20 || code === 0x7f) return true
  }
  return false
}

export const plainText: TextFieldSingleValidation = (value, options) => {
  if (typeof value === 'string' && hasControlCharacter(value))
    return 'Remove control characters (such as NUL or line breaks) from this text.'
  return text(value, options)
}
