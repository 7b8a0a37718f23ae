/**
 * The only reader of process.env. Every setting the CMS uses is declared, defaulted and
 * validated here; the rest of the code receives a typed `Env`.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Cron } from 'croner'
import { z } from 'zod'
import { isAllowedHostEntry, parseAllowedHosts } from '@mspn/contract'

import { passwordProblem } from './collections/Users/passwordPolicy'
import { parseDsn, type ParsedDsn } from './server/errorReporting'

/** Absolute path of the `cms/` package, whatever the working directory. */
export const cmsRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** Used only outside staging/production when PAYLOAD_SECRET is unset. Refused in production. */
export const DEVELOPMENT_SECRET = 'mspn-dev-insecure-development-secret-do-not-deploy'
/** The placeholder shipped in .env.example. Refused in production. */
export const EXAMPLE_SECRET = 'change-me-to-a-long-random-string-of-at-least-32-chars'
const KNOWN_WEAK_SECRETS = new Set([DEVELOPMENT_SECRET, EXAMPLE_SECRET, 'secret', 'changeme', 'payload'])

export const APP_ENVS = ['development', 'staging', 'production', 'test'] as const
export type AppEnv = (typeof APP_ENVS)[number]

export type DatabaseKind = 'sqlite' | 'postgres' | 'mongodb'

/** Maps a DATABASE_URL to the adapter family it needs, or null for an unknown scheme. */
export function databaseKindOf(url: string): DatabaseKind | null {
  if (url.startsWith('file:')) return 'sqlite'
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres'
  if (/^mongodb(\+srv)?:\/\//.test(url)) return 'mongodb'
  return null
}

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value)
const optionalString = z.preprocess(emptyToUndefined, z.string().optional())
const bool = (fallback: boolean) =>
  z.preprocess(
    (value) => (value === undefined || value === '' ? fallback : value),
    z
      .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
      .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes'),
  )
const int = (fallback: number, min: number, max: number) =>
  z.preprocess(
    (value) => (value === undefined || value === '' ? fallback : Number(value)),
    z.number().int().min(min).max(max),
  )
/** A whole number in [min, max], or undefined when unset or empty (the reader's own default applies). */
const optionalInt = (min: number, max: number) =>
  z.preprocess(
    (value) => (emptyToUndefined(value) === undefined ? undefined : Number(value)),
    z.number().int().min(min).max(max).optional(),
  )
const urlList = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : value,
  z.array(z.string().url({ message: 'must be a comma-separated list of absolute URLs' })),
)

/** Why a cron expression is refused, or undefined when croner (Payload's cron library) accepts it. */
export function cronProblem(expression: string): string | undefined {
  try {
    new Cron(expression, { paused: true }).stop()
    return undefined
  } catch (error) {
    return `is not a cron expression (${(error as Error).message}); e.g. "0 3 * * *" for 03:00 every day`
  }
}

// ---- Shared media on S3-compatible object storage (env.media.s3; see s3Problems) ----
/** The secret docker-compose.yml falls back to for MinIO. Refused in production and staging. */
export const COMPOSE_S3_SECRET = 'mspn-minio-secret-change-me'
const mediaS3Fields = {
  S3_ENDPOINT: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .url()
      .regex(/^https?:\/\//i, 'must be an http:// or https:// URL')
      .optional(),
  ),
  S3_REGION: z.preprocess(emptyToUndefined, z.string().max(64).default('us-east-1')),
  S3_BUCKET: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
        'must be an S3 bucket name (3–63 lower-case letters, digits, dots, dashes)',
      )
      .optional(),
  ),
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  S3_FORCE_PATH_STYLE: bool(false),
}

/**
 * Every S3_* rule, in one place (media storage and scheduled backups share the connection):
 * - media in a bucket need S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY together;
 * - backups alone (BACKUP_S3_BUCKET, media on disk) need the two keys together;
 * - S3_ENDPOINT means nothing without a bucket;
 * - production and staging refuse docker-compose's published secret.
 * A problem names the missing variables, never a value given.
 */
function s3Problems(source: RawEnv, strict: boolean, appEnv: string): string[] {
  const problems: string[] = []
  const backupsOnly = !source.S3_BUCKET && Boolean(source.BACKUP_S3_BUCKET)
  const media = ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const
  const keys = ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const
  const mediaSet = media.filter((name) => source[name])
  if (backupsOnly) {
    const missing = keys.filter((name) => !source[name])
    if (missing.length === 1)
      problems.push(`${missing[0]}: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together`)
  } else if (mediaSet.length > 0 && mediaSet.length < media.length) {
    const missing = media.filter((name) => !source[name])
    problems.push(
      `${missing[0]}: S3 storage needs S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY together (missing ${missing.join(', ')}); unset all three to keep media on local disk`,
    )
  }
  if (mediaSet.length === 0 && source.S3_ENDPOINT && !source.BACKUP_S3_BUCKET)
    problems.push(
      'S3_ENDPOINT: is set but neither S3_BUCKET nor BACKUP_S3_BUCKET is: set a bucket and the credentials, or unset S3_ENDPOINT',
    )
  if (strict && source.S3_SECRET_ACCESS_KEY === COMPOSE_S3_SECRET) {
    problems.push(
      `S3_SECRET_ACCESS_KEY: is docker-compose's published default; set your own when APP_ENV=${appEnv} (e.g. \`openssl rand -hex 32\`)`,
    )
  }
  return problems
}

function mediaS3(raw: z.output<typeof fields>) {
  if (!raw.S3_BUCKET || !raw.S3_ACCESS_KEY_ID || !raw.S3_SECRET_ACCESS_KEY) return undefined
  return {
    bucket: raw.S3_BUCKET,
    region: raw.S3_REGION,
    /** Unset: AWS S3 itself. */
    endpoint: raw.S3_ENDPOINT,
    forcePathStyle: raw.S3_FORCE_PATH_STYLE,
    accessKeyId: raw.S3_ACCESS_KEY_ID,
    secretAccessKey: raw.S3_SECRET_ACCESS_KEY,
  }
}

export type MediaS3 = NonNullable<ReturnType<typeof mediaS3>>
// ---- end of shared media on S3 ----

const fields = z.object({
  APP_ENV: z.preprocess(emptyToUndefined, z.enum(APP_ENVS).default('development')),
  HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  PORT: int(3000, 1, 65535),
  PUBLIC_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  ALLOW_INSECURE_PUBLIC_URL: bool(false),
  PAYLOAD_SECRET: optionalString,
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('file:./data/cms.db')
      .superRefine((url, ctx) => {
        if (databaseKindOf(url) !== null) return
        ctx.addIssue({
          code: 'custom',
          message: `unsupported scheme in "${redactUrl(url)}": use file: (SQLite), postgres:// (PostgreSQL) or mongodb:// (MongoDB)`,
        })
      }),
  ),
  DATABASE_POOL_MAX: int(10, 1, 500),
  DATABASE_CONNECT_TIMEOUT_MS: int(5000, 100, 120_000),
  DATABASE_QUERY_TIMEOUT_MS: int(15_000, 0, 3_600_000),
  MEDIA_DIR: z.preprocess(emptyToUndefined, z.string().default('media')),
  MEDIA_MAX_BYTES: int(10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
  MEDIA_MAX_PIXELS: int(50_000_000, 10_000, 1_000_000_000),
  ADMIN_EMAIL: z.preprocess(emptyToUndefined, z.string().email().optional()),
  ADMIN_PASSWORD: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .superRefine((password, ctx) => {
        const problem = passwordProblem(password)
        if (problem) ctx.addIssue({ code: 'custom', message: problem })
      })
      .optional(),
  ),
  SEED_ON_START: bool(true).optional(),
  SITE_URL: z.preprocess(emptyToUndefined, z.string().url().default('http://localhost:4321')),
  CORS_ORIGINS: urlList.optional(),
  SITE_INVALIDATE_URLS: urlList.optional(),
  REDIRECT_ALLOWED_HOSTS: z.preprocess(
    (value) => (typeof value === 'string' ? parseAllowedHosts(value) : value),
    z
      .array(
        z.string().refine(isAllowedHostEntry, {
          message: 'must be a comma-separated list of host names (example.com, *.example.com), without scheme or port',
        }),
      )
      .default([]),
  ),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  SMTP_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  EMAIL_FROM: z.preprocess(emptyToUndefined, z.string().email().default('no-reply@mspn.dev')),
  GRAPHQL_PLAYGROUND: bool(false),
  TRUST_PROXY: int(0, 0, 10),
  REDIS_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .optional(),
  ),
  REDIS_PREFIX: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9:_-]{1,40}$/, 'letters, digits, colon, dash, underscore')
      .default('mspn:'),
  ),
  REDIS_FAILURE_MODE: z.preprocess(emptyToUndefined, z.enum(['open', 'closed']).default('open')),
  REDIS_COMMAND_TIMEOUT_MS: int(500, 50, 10_000),
  METRICS_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  RATE_LIMIT_API_PER_MINUTE: int(600, 1, 1_000_000),
  RATE_LIMIT_SITE_PER_MINUTE: int(20_000, 1, 10_000_000),
  RATE_LIMIT_LOGIN_PER_15_MINUTES: int(10, 1, 10_000),
  RATE_LIMIT_LOGIN_PER_ACCOUNT_PER_15_MINUTES: int(10, 1, 10_000),
  RATE_LIMIT_CONTACT_PER_HOUR: int(5, 1, 10_000),
  RATE_LIMIT_GRAPHQL_PER_MINUTE: int(120, 1, 1_000_000),
  RATE_LIMIT_SEARCH_PER_MINUTE: int(120, 1, 1_000_000),
  RATE_LIMIT_API_KEY_ROTATION_PER_HOUR: int(10, 1, 10_000),
  CONTACT_MIN_FILL_SECONDS: int(3, 0, 3600),
  BODY_LIMIT_BYTES: int(1_048_576, 1024, 104_857_600),
  // Real rich text inside layout blocks nests ~30 deep; Payload's recursion overflows in the thousands.
  BODY_MAX_DEPTH: int(100, 16, 1000),
  REQUEST_TIMEOUT_MS: z.preprocess(
    (value) => (value === undefined || value === '' ? undefined : Number(value)),
    z.number().int().min(100).max(3_600_000).optional(),
  ),
  UPLOAD_TIMEOUT_MS: int(120_000, 100, 3_600_000),
  CACHE_ENABLED: bool(true),
  CACHE_MAX_BYTES: int(64 * 1024 * 1024, 0, 4 * 1024 * 1024 * 1024),
  CACHE_S_MAXAGE_SECONDS: int(60, 0, 86_400),
  CACHE_STALE_SECONDS: int(300, 0, 604_800),
  READ_COALESCING: bool(true),
  FAST_READ_MAX_BYTES: int(32 * 1024 * 1024, 0, 4 * 1024 * 1024 * 1024),
  FAST_READ_STORE_MAX_BYTES: int(2 * 1024 * 1024 * 1024, 0, 4 * 1024 * 1024 * 1024),
  // Unset: the larger of 1 GiB and a tenth of the file system (projectionStore.ts).
  FAST_READ_STORE_RESERVE_BYTES: optionalInt(0, Number.MAX_SAFE_INTEGER),
  FAST_READ_PROJECT_AFTER: int(100, 0, 1_000_000_000),
  SEARCH_WORKER_MIN_DOCUMENTS: int(10_000, 0, 1_000_000_000),
  SHUTDOWN_TIMEOUT_MS: int(10_000, 0, 600_000),
  REVALIDATE_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
  API_KEY_ROTATION_OVERLAP_SECONDS: int(86_400, 0, 30 * 86_400),
  PREVIEW_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
  JOBS_INTERVAL_MS: int(5000, 250, 3_600_000),
  SITE_BUILD_HOOK_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .url()
      .regex(/^https?:\/\//i, 'must be an http:// or https:// URL')
      .optional(),
  ),
  SITE_BUILD_HOOK_DEBOUNCE_MS: int(5000, 0, 3_600_000),
  SENTRY_DSN: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine(
        (dsn) => parseDsn(dsn) !== null,
        'must be a Sentry DSN such as https://<key>@o1.ingest.sentry.io/<project>',
      )
      .optional(),
  ),
  SENTRY_RELEASE: z.preprocess(emptyToUndefined, z.string().max(200).optional()),
  WEB_CONCURRENCY: int(1, 1, 64),
  SERVER_ROLE: z.preprocess(emptyToUndefined, z.enum(['all', 'api']).default('all')),
  BACKUP_DIR: z.preprocess(emptyToUndefined, z.string().default('../backups')),
  BACKUP_PASSPHRASE: z.preprocess(emptyToUndefined, z.string().min(12, 'must be at least 12 characters').optional()),
  BACKUP_CRON: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim() || undefined : value),
    z
      .string()
      .superRefine((expression, ctx) => {
        const problem = cronProblem(expression)
        if (problem) ctx.addIssue({ code: 'custom', message: problem })
      })
      .optional(),
  ),
  BACKUP_KEEP: int(7, 1, 10_000),
  BACKUP_S3_BUCKET: optionalString,
  BACKUP_S3_PREFIX: z
    .string()
    .regex(/^([^/].*\/)?$/, 'must be empty or end with "/" and not start with "/" (e.g. backups/)')
    .default('backups/'),
  // Set by npm to the folder a script was started from: file arguments are relative to it.
  INIT_CWD: optionalString,
  ...mediaS3Fields,
})

type RawEnv = Record<string, string | undefined>

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * The public URL when it is plain http on a host other than this machine's loopback (a
 * browser treats http://localhost as secure, so a local production try-out is not refused).
 */
function insecurePublicUrl(source: RawEnv): string | undefined {
  if (!source.PUBLIC_URL) return undefined
  let url: URL
  try {
    url = new URL(source.PUBLIC_URL)
  } catch {
    return undefined
  }
  return url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname) ? url.origin : undefined
}

/** Rules that relate several variables; checked on the raw values so they are reported alongside field errors. */
function crossFieldProblems(source: RawEnv): string[] {
  const problems: string[] = []
  const appEnv = source.APP_ENV || 'development'
  const strict = appEnv === 'production' || appEnv === 'staging'
  const secret = source.PAYLOAD_SECRET || undefined
  if (strict && secret === undefined) problems.push(`PAYLOAD_SECRET: is required when APP_ENV=${appEnv}`)
  else if (secret !== undefined && secret.length < 32)
    problems.push(`PAYLOAD_SECRET: must be at least 32 characters (got ${secret.length})`)
  else if (strict && secret !== undefined && KNOWN_WEAK_SECRETS.has(secret)) {
    problems.push(
      'PAYLOAD_SECRET: is a published example or development value: generate one, e.g. `openssl rand -hex 32`',
    )
  }
  if (strict && !source.PREVIEW_SECRET)
    problems.push(
      `PREVIEW_SECRET: is required when APP_ENV=${appEnv} (shared with the site; e.g. \`openssl rand -hex 32\`)`,
    )
  if (strict && !source.REVALIDATE_SECRET) {
    problems.push(
      `REVALIDATE_SECRET: is required when APP_ENV=${appEnv} (shared with the site: signs cache purges and the site's identity, which keeps visitors' budgets apart)`,
    )
  }
  if (source.SITE_BUILD_HOOK_URL && !source.REVALIDATE_SECRET)
    problems.push('SITE_BUILD_HOOK_URL: needs REVALIDATE_SECRET, which signs the build requests')
  const insecure = insecurePublicUrl(source)
  if (strict && insecure && !['true', '1', 'yes'].includes(source.ALLOW_INSECURE_PUBLIC_URL ?? '')) {
    problems.push(
      `PUBLIC_URL: ${insecure} is plain http: when APP_ENV=${appEnv} sign-in cookies and API keys would cross the network unencrypted; ` +
        'serve it over https (behind a TLS proxy, with TRUST_PROXY set) or set ALLOW_INSECURE_PUBLIC_URL=true',
    )
  }
  if (!source.ADMIN_EMAIL !== !source.ADMIN_PASSWORD)
    problems.push('ADMIN_PASSWORD: ADMIN_EMAIL and ADMIN_PASSWORD must be set together')
  else if (source.ADMIN_EMAIL && source.ADMIN_PASSWORD && !passwordProblem(source.ADMIN_PASSWORD)) {
    const problem = passwordProblem(source.ADMIN_PASSWORD, { email: source.ADMIN_EMAIL, name: 'Administrator' })
    if (problem) problems.push(`ADMIN_PASSWORD: ${problem}`)
  }
  problems.push(...s3Problems(source, strict, appEnv))
  return problems
}

function toEnv(raw: z.output<typeof fields>) {
  const production = raw.APP_ENV === 'production'
  const publicUrl = (raw.PUBLIC_URL ?? `http://${raw.HOST === '0.0.0.0' ? 'localhost' : raw.HOST}:${raw.PORT}`).replace(
    /\/$/,
    '',
  )
  const siteUrl = raw.SITE_URL.replace(/\/$/, '')
  return {
    appEnv: raw.APP_ENV,
    isProduction: production,
    isDevelopment: raw.APP_ENV === 'development',
    isTest: raw.APP_ENV === 'test',
    host: raw.HOST,
    port: raw.PORT,
    publicUrl,
    /** Behind a TLS-terminating proxy that we trust, plain-http requests are sent to https. */
    redirectToHttps:
      (production || raw.APP_ENV === 'staging') && raw.TRUST_PROXY > 0 && publicUrl.startsWith('https://'),
    secret: raw.PAYLOAD_SECRET ?? DEVELOPMENT_SECRET,
    usingDevelopmentSecret: raw.PAYLOAD_SECRET === undefined,
    database: {
      url: raw.DATABASE_URL,
      kind: databaseKindOf(raw.DATABASE_URL) as DatabaseKind,
      poolMax: raw.DATABASE_POOL_MAX,
      /** How long opening a connection may take before the request fails with 503. */
      connectTimeoutMs: raw.DATABASE_CONNECT_TIMEOUT_MS,
      /** How long one query may take (client and server side); 0: unbounded. */
      queryTimeoutMs: raw.DATABASE_QUERY_TIMEOUT_MS,
    },
    mediaDir: path.resolve(cmsRoot, raw.MEDIA_DIR),
    /** Largest upload, in bytes (413 above). */
    mediaMaxBytes: raw.MEDIA_MAX_BYTES,
    /** Largest image, in decoded pixels (all frames of an animation): decompression bombs get 413. */
    mediaMaxPixels: raw.MEDIA_MAX_PIXELS,
    /** Where media files live when not on local disk: a bucket every CMS process shares. */
    media: { s3: mediaS3(raw) },
    admin: raw.ADMIN_EMAIL && raw.ADMIN_PASSWORD ? { email: raw.ADMIN_EMAIL, password: raw.ADMIN_PASSWORD } : undefined,
    /** Demo content on an empty database: on by default except in production. */
    seedOnStart: raw.SEED_ON_START ?? !production,
    siteUrl,
    corsOrigins: raw.CORS_ORIGINS ?? [siteUrl, publicUrl],
    /** Every site process whose route cache is purged on change (each keeps its own). */
    siteInvalidateUrls: raw.SITE_INVALIDATE_URLS ?? [siteUrl],
    /** Hosts (besides the site itself) that redirects may send visitors to; empty: paths on the site only. */
    redirectAllowedHosts: raw.REDIRECT_ALLOWED_HOSTS,
    logLevel: raw.LOG_LEVEL,
    smtpUrl: raw.SMTP_URL,
    emailFrom: raw.EMAIL_FROM,
    graphqlPlayground: raw.APP_ENV === 'development' || (raw.GRAPHQL_PLAYGROUND && !production),
    trustProxy: raw.TRUST_PROXY,
    redis: raw.REDIS_URL
      ? {
          url: raw.REDIS_URL,
          prefix: raw.REDIS_PREFIX,
          failureMode: raw.REDIS_FAILURE_MODE,
          commandTimeoutMs: raw.REDIS_COMMAND_TIMEOUT_MS,
        }
      : undefined,
    metricsToken: raw.METRICS_TOKEN,
    rateLimits: {
      apiPerMinute: raw.RATE_LIMIT_API_PER_MINUTE,
      /** The site's own reads (signed identity, no visitor): one budget for every visitor's pages. */
      sitePerMinute: raw.RATE_LIMIT_SITE_PER_MINUTE,
      loginPer15Minutes: raw.RATE_LIMIT_LOGIN_PER_15_MINUTES,
      contactPerHour: raw.RATE_LIMIT_CONTACT_PER_HOUR,
      graphqlPerMinute: raw.RATE_LIMIT_GRAPHQL_PER_MINUTE,
      searchPerMinute: raw.RATE_LIMIT_SEARCH_PER_MINUTE,
      loginPerAccountPer15Minutes: raw.RATE_LIMIT_LOGIN_PER_ACCOUNT_PER_15_MINUTES,
      apiKeyRotationPerHour: raw.RATE_LIMIT_API_KEY_ROTATION_PER_HOUR,
    },
    contactMinFillSeconds: raw.CONTACT_MIN_FILL_SECONDS,
    bodyLimitBytes: raw.BODY_LIMIT_BYTES,
    /** Deepest `{`/`[` nesting of a JSON body, `_payload` field or GraphQL document (400 BODY_TOO_DEEP above). */
    bodyMaxDepth: raw.BODY_MAX_DEPTH,
    /** Every request is answered within this (503 TIMEOUT); development leaves room for Next's first compiles. */
    requestTimeoutMs: raw.REQUEST_TIMEOUT_MS ?? (raw.APP_ENV === 'development' ? 120_000 : 30_000),
    /** The same bound for multipart uploads, which may be large and come over slow links. */
    uploadTimeoutMs: raw.UPLOAD_TIMEOUT_MS,
    cache: {
      enabled: raw.CACHE_ENABLED,
      maxBytes: raw.CACHE_MAX_BYTES,
      sMaxAge: raw.CACHE_S_MAXAGE_SECONDS,
      staleWhileRevalidate: raw.CACHE_STALE_SECONDS,
    },
    /** Identical anonymous reads in flight share one database read. */
    readCoalescing: raw.READ_COALESCING,
    /** Memory for the fast list read's document projections (publicReads/fastRead.ts); 0 turns it off. */
    fastReadMaxBytes: raw.FAST_READ_MAX_BYTES,
    fastReadStoreMaxBytes: raw.FAST_READ_STORE_MAX_BYTES,
    fastReadStoreReserveBytes: raw.FAST_READ_STORE_RESERVE_BYTES,
    fastReadProjectAfter: raw.FAST_READ_PROJECT_AFTER,
    /** Published documents from which the search engine runs in a worker thread (search/searchHost.ts). */
    searchWorkerMinDocuments: raw.SEARCH_WORKER_MIN_DOCUMENTS,
    shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_MS,
    /** Signs the site's cache-invalidation webhook; unset, the site is not notified. */
    revalidateSecret: raw.REVALIDATE_SECRET,
    /** How long an API key replaced by a rotation keeps working. */
    apiKeyRotationOverlapSeconds: raw.API_KEY_ROTATION_OVERLAP_SECONDS,
    /** Signs draft-preview links and checks them on `GET /api/v1/preview`; unset, there is no preview. */
    previewSecret: raw.PREVIEW_SECRET,
    /** How often a server process looks for due jobs (scheduled publish and unpublish). */
    jobsIntervalMs: raw.JOBS_INTERVAL_MS,
    /** Called after publishes when the site is a static export; unset, no build is requested. */
    siteBuildHook: raw.SITE_BUILD_HOOK_URL
      ? { url: raw.SITE_BUILD_HOOK_URL, debounceMs: raw.SITE_BUILD_HOOK_DEBOUNCE_MS }
      : undefined,
    /** Server-side 5xx reports (errorReporting.ts); unset, nothing is reported. */
    errorReporting: raw.SENTRY_DSN
      ? { dsn: parseDsn(raw.SENTRY_DSN) as ParsedDsn, release: raw.SENTRY_RELEASE }
      : undefined,
    /** Server processes `npm start` runs, sharing PORT (cli/start.ts). */
    webConcurrency: raw.WEB_CONCURRENCY,
    /**
     * What `npm start` serves: `all` (API and admin panel) or `api` (API only: Next.js is never
     * loaded, so the process is much leaner; admin routes answer 404).
     */
    serverRole: raw.SERVER_ROLE,
    backup: {
      /** Where `npm run backup` without a file name writes (relative to cms/). */
      dir: path.resolve(cmsRoot, raw.BACKUP_DIR),
      /** Encrypts new archives and opens encrypted ones, unless --passphrase-file is given. */
      passphrase: raw.BACKUP_PASSPHRASE,
      /** When the server takes a backup (cron, server time zone); unset: never on its own. */
      cron: raw.BACKUP_CRON,
      /** Scheduled archives kept in the target; older ones are deleted after each good backup. */
      keep: raw.BACKUP_KEEP,
      /** Scheduled backups go to this bucket (s3Connection) instead of `dir`. */
      s3: raw.BACKUP_S3_BUCKET ? { bucket: raw.BACKUP_S3_BUCKET, prefix: raw.BACKUP_S3_PREFIX } : undefined,
    },
    /** The S3-compatible service media storage and scheduled backups talk to (buckets are their own). */
    s3Connection: {
      endpoint: raw.S3_ENDPOINT,
      region: raw.S3_REGION,
      credentials:
        raw.S3_ACCESS_KEY_ID && raw.S3_SECRET_ACCESS_KEY
          ? { accessKeyId: raw.S3_ACCESS_KEY_ID, secretAccessKey: raw.S3_SECRET_ACCESS_KEY }
          : undefined,
      forcePathStyle: raw.S3_FORCE_PATH_STYLE,
    },
    /** The folder the command was started from (npm runs workspace scripts inside cms/). */
    invocationDir: raw.INIT_CWD ?? process.cwd(),
  }
}

export type Env = ReturnType<typeof toEnv>

/** Hides the password of a connection URL so it can be printed. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@')
}

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'EnvError'
  }
}

/** Validates a set of variables; throws an EnvError naming every invalid one. */
export function parseEnv(source: RawEnv): Env {
  const result = fields.safeParse(source)
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`)
  problems.push(...crossFieldProblems(source))
  if (!result.success || problems.length > 0) throw new EnvError(problems)
  return toEnv(result.data)
}

let cached: Env | undefined

/** Values from the repository's `.env` file, if any; variables already set in the environment win. */
function loadDotEnv(): void {
  const file = path.resolve(cmsRoot, '..', '.env')
  try {
    process.loadEnvFile(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}

/**
 * The process's configuration. On invalid input it prints one readable message and exits 1:
 * a misconfigured deployment should fail at once and say why, not with a stack trace.
 */
export function getEnv(): Env {
  if (cached) return cached
  try {
    loadDotEnv()
    cached = parseEnv(process.env)
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\nSee .env.example and the README's configuration table.\n`)
      process.exit(1)
    }
    throw error
  }
  return cached
}

/** The original variable map, for the few libraries that must be handed raw values (e.g. child processes). */
export function childProcessEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra }
}
