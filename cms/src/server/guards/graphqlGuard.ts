/**
 * Reads a GraphQL request before Payload runs it. Payload 3.90 computes query complexity before
 * validating, so a fragment cycle (`fragment A on Post { ...B } fragment B on Post { ...A }`) recurses
 * until the stack overflows (a 500), and a document of 100 000 tokens is parsed in full. Here the
 * document must be one request (no batches), nest no deeper than the body depth limit (measured by a
 * scan before graphql-js's recursive parser runs), parse within a token budget, and have no fragment
 * cycles; anything else is a 400 in the GraphQL error format.
 */
import {
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  NoFragmentCyclesRule,
  parse,
  validate,
  type GraphQLError,
} from 'graphql'

import { ERRORS, type ErrorCode } from '@mspn/contract/errors'

import { graphqlDepth } from './depth'

/** Far above any real query of this API (the site's largest is a few hundred tokens). */
export const MAX_GRAPHQL_TOKENS = 5000

// NoFragmentCyclesRule looks at fragments only; validate() still wants some schema.
const anySchema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
})

export interface GraphqlProblem {
  message: string
  code: ErrorCode
}

/** Undefined when Payload may run the request; otherwise why not. Requests without a JSON body are Payload's to judge. */
export function checkGraphqlRequest(body: unknown, maxDepth: number): GraphqlProblem | undefined {
  if (body === undefined) return undefined
  if (Array.isArray(body))
    return {
      message: 'Batched GraphQL requests are not supported: send one query per request.',
      code: ERRORS.BAD_REQUEST.code,
    }
  const { query, variables, operationName } = body as { query?: unknown; variables?: unknown; operationName?: unknown }
  if (typeof query !== 'string' || query.trim() === '')
    return { message: '"query" must be a GraphQL document (a string).', code: ERRORS.BAD_REQUEST.code }
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
    return { message: '"variables" must be an object.', code: ERRORS.BAD_REQUEST.code }
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string')
    return { message: '"operationName" must be a string.', code: ERRORS.BAD_REQUEST.code }
  // Variables were measured with the rest of the JSON body (body.ts); the document's own nesting here.
  if (graphqlDepth(query, maxDepth) > maxDepth)
    return { message: `The query is nested more than ${maxDepth} levels deep.`, code: ERRORS.BODY_TOO_DEEP.code }
  let errors: readonly GraphQLError[]
  try {
    errors = validate(anySchema, parse(query, { maxTokens: MAX_GRAPHQL_TOKENS }), [NoFragmentCyclesRule])
  } catch (error) {
    return { message: (error as GraphQLError).message, code: ERRORS.GRAPHQL_PARSE_FAILED.code }
  }
  if (errors.length > 0) return { message: errors[0].message, code: ERRORS.GRAPHQL_VALIDATION_FAILED.code }
  return undefined
}
