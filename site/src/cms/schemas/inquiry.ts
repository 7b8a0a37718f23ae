/**
 * The contact form's payload and the CMS's answer. Anonymous visitors may create an inquiry
 * but not read it back, so the answer carries little more than the new ID.
 */
import type { Inquiry } from '@cms/types'
import { z } from 'zod'

import { idSchema, text } from './common.ts'

export type InquiryInput = Pick<Inquiry, 'name' | 'email' | 'message'> &
  Partial<Pick<Inquiry, 'company' | 'budget' | 'sourcePage'>> & {
    /** Honeypot: hidden from people, so anything in it marks a bot. Passed through for the CMS to judge. */
    website?: string
    /** When the form was shown (epoch ms or ISO date): the CMS refuses forms sent implausibly fast. */
    formStartedAt?: number | string
  }

export const inquiryCreatedSchema = z.object({
  doc: z.object({ id: idSchema, createdAt: text() }),
  message: text(),
})

export type InquiryCreated = { id: number | string; message: string | null }
