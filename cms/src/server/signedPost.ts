/**
 * One signed webhook delivery (`X-MSPN-Signature`, @mspn/contract): POSTs a JSON body, retrying
 * network failures and 5xx with doubling delays. A 4xx is final: the request itself is wrong
 * (e.g. the secrets differ), and sending it again will not help. Used by the site's cache purge and
 * the static export's build hook; each says in its own words what an outcome means.
 */
import { SIGNATURE_HEADER, signPayload } from '@mspn/contract/signature'

export interface SignedPostOptions {
  attempts: number
  /** Delay before the first retry; doubled after each failure (ms). */
  backoffMs: number
  timeoutMs: number
}

export type SignedPostOutcome = { ok: true } | { ok: false; refused: boolean; status?: number; error?: unknown }

export async function postSigned(
  url: string,
  secret: string,
  body: string,
  { attempts, backoffMs, timeoutMs }: SignedPostOptions,
): Promise<SignedPostOutcome> {
  let outcome: SignedPostOutcome = { ok: false, refused: false }
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      // Signed per attempt: a retry much later must not arrive with a stale timestamp.
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signPayload(secret, body) },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      })
      await response.body?.cancel()
      if (response.ok) return { ok: true }
      if (response.status < 500) return { ok: false, refused: true, status: response.status }
      outcome = { ok: false, refused: false, status: response.status }
    } catch (error) {
      outcome = { ok: false, refused: false, error }
    }
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)))
  }
  return outcome
}
