/**
 * The contact form's endpoint: works for a plain HTML form (303 back to the page) and for
 * JSON callers (the enhancer). All the logic is in contact/server.ts; the CMS counts the
 * message against the visitor's address, which the site signs (server/visitorCms.ts).
 */
import type { APIRoute } from 'astro'

import { env } from '../../env.ts'
import { handleContact } from '../../contact/server.ts'
import { socketAddressOf, visitorAddress } from '../../server/visitorAddress.ts'
import { createVisitorCms } from '../../server/visitorCms.ts'

export const prerender = false

export const POST: APIRoute = (context) =>
  handleContact(context.request, {
    cms: createVisitorCms({
      baseUrl: env.CMS_URL,
      timeoutMs: env.CMS_TIMEOUT_MS,
      retries: env.CMS_RETRIES,
      clientAddress: visitorAddress(
        socketAddressOf(context),
        context.request.headers.get('x-forwarded-for'),
        env.SITE_TRUST_PROXY,
      ),
      siteSecret: env.REVALIDATE_SECRET,
    }),
  })
