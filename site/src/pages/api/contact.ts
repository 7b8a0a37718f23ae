/**
 * The contact form's endpoint: works for a plain HTML form (303 back to the page) and for
 * JSON callers (the enhancer). All the logic is in server/contact.ts.
 */
import type { APIContext, APIRoute } from 'astro';

import { env } from '../../env.ts';
import { handleContact } from '../../server/contact.ts';
import { createVisitorCms } from '../../server/visitorCms.ts';

export const prerender = false;

export const POST: APIRoute = (context) =>
  handleContact(context.request, {
    cms: createVisitorCms({
      baseUrl: env.CMS_URL,
      timeoutMs: env.CMS_TIMEOUT_MS,
      retries: env.CMS_RETRIES,
      clientAddress: clientAddressOf(context),
    }),
  });

/** `clientAddress` is a getter that throws when the adapter cannot tell; the form works without it. */
function clientAddressOf(context: APIContext): string | undefined {
  try {
    return context.clientAddress;
  } catch {
    return undefined;
  }
}
