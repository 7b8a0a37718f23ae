/**
 * The only reader of process.env in the site. Settings are read at run time (not inlined at
 * build time) so one build can point at any CMS. They are validated once, when this module is
 * first loaded (Astro loads page code on the first request), and a bad value fails every
 * request with a message naming the variable, rather than producing subtly wrong pages.
 */
import { z } from 'zod';

/** Deployment tools often set a variable to '' to mean "unset". */
const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);

const envSchema = z.object({
  NODE_ENV: z.preprocess(blankToUndefined, z.string().default('development')),
  /** Origin of the CMS, without the /api/v1 prefix. */
  CMS_URL: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as http://127.0.0.1:3000' })
      .default('http://127.0.0.1:3000'),
  ),
  CMS_TIMEOUT_MS: z.preprocess(blankToUndefined, z.coerce.number().int().min(100).max(60_000).default(5000)),
  CMS_RETRIES: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(5).default(2)),
  /**
   * Origin of the CMS as the visitor's browser reaches it (the API explorer demo fetches from
   * there). Unset means CMS_URL; see `cmsPublicUrl`. Set it when the site talks to the CMS
   * over a private address, e.g. CMS_URL=http://cms:3000, CMS_PUBLIC_URL=https://cms.example.com.
   */
  CMS_PUBLIC_URL: z.preprocess(
    blankToUndefined,
    z.url({ protocol: /^https?$/, message: 'must be an http(s) URL such as https://cms.example.com' }).optional(),
  ),
  /**
   * Shared with the CMS: signs `POST /_cache/invalidate`. Unset, the endpoint answers 503 and
   * cached routes expire on their own.
   */
  REVALIDATE_SECRET: z.preprocess(blankToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
});

export type Env = z.output<typeof envSchema>;

/** Parses a raw environment; throws one error listing every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Invalid site environment:\n${problems.join('\n')}`);
}

export const env: Env = parseEnv(process.env);

/** The CMS origin for browsers: CMS_PUBLIC_URL, else CMS_URL; without a trailing slash. */
export function cmsPublicUrl(settings: Pick<Env, 'CMS_URL' | 'CMS_PUBLIC_URL'> = env): string {
  return (settings.CMS_PUBLIC_URL ?? settings.CMS_URL).replace(/\/+$/, '');
}
