/**
 * Compile-time links between the site's schemas and the types the CMS generates
 * (cms/src/payload-types.ts), so a renamed field or a changed option list in the CMS fails
 * the site's type check instead of a page at run time.
 */
import type { Config } from '@cms/types'
import type { z } from 'zod'

type Missing<Union extends string, Listed extends readonly string[]> = Exclude<Union, Listed[number]>

/**
 * `exactly<Demo['kind']>()(['cost-estimator', …])` returns the list unchanged, and fails to
 * compile unless it names every option of the CMS union and nothing else.
 */
export function exactly<Union extends string>() {
  return <const Listed extends readonly [Union, ...Union[]]>(
    values: Listed & ([Missing<Union, Listed>] extends [never] ? unknown : { missingFromSite: Missing<Union, Listed> }),
  ): Listed => values
}

/**
 * `sameUnion<A, B>(true)` compiles only when the two unions are equal: a list the site takes
 * from the registry (@mspn/contract) checked against what the CMS generates.
 */
export function sameUnion<A extends string, B extends string>(
  equal: [A] extends [B] ? ([B] extends [A] ? true : false) : false,
): void {
  void equal
}

/** A zod object shape that may only use field names the CMS document `Doc` has. */
export type FieldsOf<Doc> = { [Field in keyof Doc]?: z.ZodType }

/** `populate[collection][field]=true`: which fields of related documents to return, typed by the CMS's select types. */
export type Populate = { [Slug in keyof Config['collections']]?: Config['collectionsSelect'][Slug] }
