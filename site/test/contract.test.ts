/** The site reads the contract's content-change event through its own zod schema; they must describe the same thing. */
import type { ContentChange } from '@mspn/contract'
import { describe, expectTypeOf, it } from 'vitest'

import type { Invalidation } from '../src/server/invalidate.ts'

describe('the content-change event', () => {
  it('is what the invalidation schema accepts', () => {
    expectTypeOf<Invalidation['changes'][number]>().toEqualTypeOf<ContentChange>()
  })
})
