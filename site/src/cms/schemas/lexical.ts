/**
 * Lexical rich text, checked only as far as a renderer relies on it: a root with children,
 * each node a `type` and maybe more children. Everything else on a node is kept as is, so
 * new node types or attributes in the editor never fail a page.
 */
import { z } from 'zod'

export interface LexicalNode {
  type: string
  version?: number
  children?: LexicalNode[]
  [key: string]: unknown
}

export const lexicalNodeSchema: z.ZodType<LexicalNode> = z.looseObject({
  type: z.string(),
  version: z.number().optional(),
  get children() {
    return z.array(lexicalNodeSchema).optional()
  },
})

export const richTextSchema = z.looseObject({
  root: z.looseObject({
    type: z.string().optional(),
    children: z.array(lexicalNodeSchema),
  }),
})

export type RichText = z.output<typeof richTextSchema>
