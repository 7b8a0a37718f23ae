/**
 * A read whose filter holds a value the database cannot compare (a word where a number or a date
 * belongs, e.g. `where[author][equals]=abc` or `where[publishedAt][greater_than]=soon` on SQL) fails in
 * the adapter with a data error, which Payload 3.90 answers with a 500. On a read the only source of
 * such a value is the request, so it is the client's mistake: 400. Writes are validated by Payload's
 * fields before they reach the database, so a data error there stays a server error.
 */
import type { AfterErrorHook } from 'payload'

function isDataError(error: unknown): boolean {
  // Drizzle's DrizzleQueryError (its `name` stays "Error"): the failed SQL, its parameters and the cause.
  if (!error || typeof error !== 'object' || error.constructor?.name !== 'DrizzleQueryError') return false
  const cause = (error as { cause?: { code?: unknown } & Error }).cause
  if (!cause) return false
  // SQLite (libsql): the driver refuses to bind NaN, undefined or objects before the query runs.
  if (cause instanceof TypeError || cause instanceof RangeError) return true
  // PostgreSQL: class 22 is "data exception" (invalid text representation, out of range, bad datetime);
  // 42883 "operator does not exist" is an operator the field's type lacks (`like` on a date).
  return typeof cause.code === 'string' && (cause.code.startsWith('22') || cause.code === '42883')
}

export const queryValueErrors: AfterErrorHook = ({ error, req }) => {
  if (req.method !== 'GET' || !isDataError(error)) return
  return {
    status: 400,
    response: {
      errors: [{ message: 'A filter value does not fit its field (e.g. text where a number, id or date belongs).' }],
    },
  }
}
