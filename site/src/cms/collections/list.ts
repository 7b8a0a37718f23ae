/**
 * A list request in Payload's own terms (where, sort, limit, page). The HTTP client sends it
 * as query parameters; the static export answers it with `evaluateList` over the documents
 * its store holds. Both meet here, so a collection's order, filter and paging are written
 * once (in its file) and applied the same way in either build.
 */
import type { Paginated } from '../schemas/paginated.ts'
import type { QueryParams } from '../queryString.ts'

export interface ListRequest {
  /** `{ 'categories.slug': { equals: 'design' } }`: a dotted path matches when any value on it (arrays included) equals. */
  where?: Record<string, { equals: string }>
  /** Payload's sort syntax: `-publishedAt`, `order,title`. */
  sort: string
  limit: number
  /** 1-based. Absent: one unpaginated page of up to `limit` documents. */
  page?: number
}

/** Slugs come from URLs: anything that cannot be one is "not found" without asking the CMS. */
export function isPlausibleSlug(slug: unknown): slug is string {
  return typeof slug === 'string' && /^[a-z0-9][a-z0-9._~-]{0,199}$/i.test(slug)
}

export interface PageParams {
  /** 1-based. */
  page?: number
  perPage?: number
}

const MAX_PER_PAGE = 100

/** One page of `base`'s list, or null for paging values no page can have (they come from URLs). */
export function pageOf({ page = 1, perPage = 9 }: PageParams, base: ListRequest): ListRequest | null {
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE)
    return null
  return { ...base, limit: perPage, page }
}

/** The request as the CMS's REST API reads it (select and populate are added by the caller). */
export function listQuery({ where, sort, limit, page }: ListRequest): QueryParams {
  return { ...(where ? { where } : {}), sort, limit, ...(page !== undefined ? { page } : { pagination: false }) }
}

/** A page past the end answers "no such page" rather than an empty list, from the CMS and the store alike. */
export function pastTheEnd(request: ListRequest, result: { docs: readonly unknown[] }): boolean {
  return request.page !== undefined && request.page > 1 && result.docs.length === 0
}

/** Answers `request` over `records` the way the CMS does: filter, then sort (unset values last), then page. */
export function evaluateList<T extends object>(records: readonly T[], request: ListRequest): Paginated<T> {
  const { where = {}, sort, limit } = request
  const page = request.page ?? 1
  const order = sort
    .split(',')
    .filter((part) => part !== '')
    .map((part) => (part.startsWith('-') ? { path: part.slice(1), direction: -1 } : { path: part, direction: 1 }))
  const matching = records
    .filter((record) => Object.entries(where).every(([path, { equals }]) => valuesAt(record, path).includes(equals)))
    .sort((a, b) => {
      for (const { path, direction } of order) {
        const result = compareValues(valuesAt(a, path)[0], valuesAt(b, path)[0], direction)
        if (result !== 0) return result
      }
      return 0
    })
  const totalPages = Math.ceil(matching.length / limit)
  return {
    docs: matching.slice((page - 1) * limit, page * limit),
    totalDocs: matching.length,
    limit,
    totalPages,
    page,
    pagingCounter: (page - 1) * limit + 1,
    hasPrevPage: page > 1,
    hasNextPage: page < totalPages,
    prevPage: page > 1 ? page - 1 : null,
    nextPage: page < totalPages ? page + 1 : null,
  }
}

/** Every value at a dotted path, stepping into arrays (`categories.slug` of a post: each category's slug). */
function valuesAt(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value]
  for (const key of path.split('.')) {
    current = current
      .flatMap((item) => (Array.isArray(item) ? item : [item]))
      .map((item) => (item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[key] : undefined))
  }
  return current.flatMap((item) => (Array.isArray(item) ? item : [item]))
}

/** Unset values sort last in either direction; an unset flag counts as false. */
function compareValues(a: unknown, b: unknown, direction: number): number {
  const left = typeof b === 'boolean' && a == null ? false : a
  const right = typeof a === 'boolean' && b == null ? false : b
  if (left == null || right == null) return left == null ? (right == null ? 0 : 1) : -1
  const x = typeof left === 'boolean' ? Number(left) : left
  const y = typeof right === 'boolean' ? Number(right) : right
  return (x < y ? -1 : x > y ? 1 : 0) * direction
}
