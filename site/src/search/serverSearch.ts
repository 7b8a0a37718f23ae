/**
 * The search page's server half (server build): asks the CMS's search API for the visitor's
 * query, as that visitor (the site signs their address, so the CMS's search budget is theirs:
 * server/visitorCms.ts), and turns failures into a message for the page instead of an error page.
 */
import { env } from '../env.ts'
import { CmsHttpError } from '../cms/index.ts'
import { socketAddressOf, visitorAddress } from '../server/visitorAddress.ts'
import { createVisitorCms } from '../server/visitorCms.ts'
import { searchAnswerSchema, type SearchAnswerView } from './searchAnswer.ts'
import { RESULTS_PER_PAGE, type SearchRequest } from './searchRequest.ts'

export interface SearchOutcome {
  answer: SearchAnswerView | null
  error: string | null
}

export interface VisitorContext {
  clientAddress: string
  request: Request
}

export async function serverSearch(context: VisitorContext, request: SearchRequest): Promise<SearchOutcome> {
  if (!request.q) return { answer: null, error: null }
  const cms = createVisitorCms({
    baseUrl: env.CMS_URL,
    timeoutMs: env.CMS_TIMEOUT_MS,
    retries: 0,
    clientAddress: visitorAddress(
      socketAddressOf(context),
      context.request.headers.get('x-forwarded-for'),
      env.SITE_TRUST_PROXY,
    ),
    siteSecret: env.REVALIDATE_SECRET,
  })
  try {
    const answer = await cms.client.get('/search', searchAnswerSchema, {
      query: { q: request.q, type: request.type ?? undefined, page: request.page, limit: RESULTS_PER_PAGE },
    })
    return { answer, error: null }
  } catch (error) {
    if (error instanceof CmsHttpError && error.status === 429)
      return { answer: null, error: 'Too many searches from your address. Please wait a minute and try again.' }
    if (error instanceof CmsHttpError && error.status === 400)
      return { answer: null, error: 'That search could not be run. Try fewer or simpler words.' }
    return { answer: null, error: 'Search is unavailable just now. Please try again in a minute.' }
  }
}
