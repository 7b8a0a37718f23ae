/** Payload's list answer around any item schema: the items plus what pagination links need. */
import { z } from 'zod'

const pageInfoSchema = z.object({
  totalDocs: z.number(),
  limit: z.number(),
  totalPages: z.number(),
  page: z.number(),
  pagingCounter: z.number().optional(),
  hasPrevPage: z.boolean(),
  hasNextPage: z.boolean(),
  prevPage: z.number().nullish(),
  nextPage: z.number().nullish(),
})

export function paginated<S extends z.ZodType>(item: S) {
  return pageInfoSchema.extend({ docs: z.array(item) })
}

export type PageInfo = z.output<typeof pageInfoSchema>
export type Paginated<T> = PageInfo & { docs: T[] }
