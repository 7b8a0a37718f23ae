/**
 * What the error pages say and which status they send. A CmsError means the content service
 * failed (down, slow, overloaded, or answered nonsense): the site itself is fine and the
 * visitor should simply retry, so that is a 503. Anything else is our bug: a 500.
 */
import { ERRORS } from '@mspn/contract/errors'

import { CmsError } from '../cms/errors.ts'

export interface Failure {
  status: 500 | 503
  heading: string
  message: string
  /** The CMS request ID, for support; only for CMS failures. */
  reference: string | null
}

export const CMS_UNAVAILABLE: Readonly<Failure> = Object.freeze({
  status: ERRORS.CMS_UNAVAILABLE.status,
  heading: 'This page is taking a break',
  message: ERRORS.CMS_UNAVAILABLE.message,
  reference: null,
})

export const UNEXPECTED_ERROR: Readonly<Failure> = Object.freeze({
  status: 500,
  heading: 'Something went wrong',
  message: 'An unexpected error stopped this page from loading. Please try again later.',
  reference: null,
})

export function failureFor(error: unknown): Failure {
  if (error instanceof CmsError) return { ...CMS_UNAVAILABLE, reference: error.requestId || null }
  return { ...UNEXPECTED_ERROR }
}
