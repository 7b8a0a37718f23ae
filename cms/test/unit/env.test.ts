import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

import { DEVELOPMENT_SECRET, EXAMPLE_SECRET, EnvError, databaseKindOf, parseEnv, redactUrl } from '../../src/env'

const GOOD_SECRET = 'a-perfectly-fine-production-secret-0123456789'
const PREVIEW_SECRET = 'a-separate-preview-signing-secret-0123456789'
const REVALIDATE_SECRET = 'a-third-secret-for-purges-and-site-identity-0123'

function problemsOf(source: Record<string, string>): string[] {
  try {
    parseEnv(source)
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError)
    return (error as EnvError).problems
  }
  throw new Error('expected parseEnv to fail')
}

/** The same settings without the media bucket. */
function withoutBucket<T extends { S3_BUCKET?: string }>(settings: T): Omit<T, 'S3_BUCKET'> {
  const { S3_BUCKET: _bucket, ...rest } = settings
  return rest
}

describe('environment validation', () => {
  it('starts in development on SQLite with sensible defaults and no variables at all', () => {
    const env = parseEnv({})
    expect(env.appEnv).toBe('development')
    expect(env.database).toMatchObject({ kind: 'sqlite', url: 'file:./data/cms.db', poolMax: 10 })
    expect(env.host).toBe('127.0.0.1')
    expect(env.port).toBe(3000)
    expect(env.publicUrl).toBe('http://127.0.0.1:3000')
    expect(env.secret).toBe(DEVELOPMENT_SECRET)
    expect(env.usingDevelopmentSecret).toBe(true)
    expect(env.seedOnStart).toBe(true)
    expect(env.graphqlPlayground).toBe(true)
  })

  it('refuses production without a secret', () => {
    expect(problemsOf({ APP_ENV: 'production', PREVIEW_SECRET, REVALIDATE_SECRET })).toEqual([
      'PAYLOAD_SECRET: is required when APP_ENV=production',
    ])
  })

  it('refuses staging and production without the preview and revalidation secrets, and a short one anywhere', () => {
    for (const APP_ENV of ['production', 'staging']) {
      expect(problemsOf({ APP_ENV, PAYLOAD_SECRET: GOOD_SECRET })).toEqual([
        `PREVIEW_SECRET: is required when APP_ENV=${APP_ENV} (shared with the site; e.g. \`openssl rand -hex 32\`)`,
        `REVALIDATE_SECRET: is required when APP_ENV=${APP_ENV} (shared with the site: signs cache purges and the site's identity, which keeps visitors' budgets apart)`,
      ])
      expect(problemsOf({ APP_ENV, PAYLOAD_SECRET: GOOD_SECRET, PREVIEW_SECRET })).toEqual([
        expect.stringMatching(/^REVALIDATE_SECRET: is required/),
      ])
    }
    expect(problemsOf({ PREVIEW_SECRET: 'short' })).toEqual(['PREVIEW_SECRET: must be at least 32 characters'])
    expect(parseEnv({}).previewSecret).toBeUndefined()
    expect(
      parseEnv({ APP_ENV: 'production', PAYLOAD_SECRET: GOOD_SECRET, PREVIEW_SECRET, REVALIDATE_SECRET }).previewSecret,
    ).toBe(PREVIEW_SECRET)
  })

  it('refuses a plain-http public URL in staging and production unless allowed; loopback is fine', () => {
    for (const APP_ENV of ['production', 'staging']) {
      const base = { APP_ENV, PAYLOAD_SECRET: GOOD_SECRET, PREVIEW_SECRET, REVALIDATE_SECRET }
      expect(problemsOf({ ...base, PUBLIC_URL: 'http://cms.example.com' })).toEqual([
        expect.stringMatching(
          /^PUBLIC_URL: http:\/\/cms\.example\.com is plain http: .*ALLOW_INSECURE_PUBLIC_URL=true$/,
        ),
      ])
      expect(
        parseEnv({ ...base, PUBLIC_URL: 'http://cms.example.com', ALLOW_INSECURE_PUBLIC_URL: 'true' }).publicUrl,
      ).toBe('http://cms.example.com')
      expect(parseEnv({ ...base, PUBLIC_URL: 'http://localhost:3000' }).publicUrl).toBe('http://localhost:3000')
      expect(parseEnv({ ...base, PUBLIC_URL: 'https://cms.example.com' }).publicUrl).toBe('https://cms.example.com')
    }
    expect(parseEnv({ PUBLIC_URL: 'http://cms.example.com' }).publicUrl).toBe('http://cms.example.com')
  })

  it('redirects to https only in production and staging behind a trusted proxy with an https public URL', () => {
    const base = {
      APP_ENV: 'production',
      PAYLOAD_SECRET: GOOD_SECRET,
      PREVIEW_SECRET,
      REVALIDATE_SECRET,
      PUBLIC_URL: 'https://cms.example.com',
    }
    expect(parseEnv({ ...base, TRUST_PROXY: '1' }).redirectToHttps).toBe(true)
    expect(parseEnv(base).redirectToHttps).toBe(false)
    expect(parseEnv({ ...base, APP_ENV: 'staging', TRUST_PROXY: '1' }).redirectToHttps).toBe(true)
    expect(parseEnv({ ...base, APP_ENV: 'development', TRUST_PROXY: '1' }).redirectToHttps).toBe(false)
    expect(parseEnv({ ...base, PUBLIC_URL: 'http://localhost:3000', TRUST_PROXY: '1' }).redirectToHttps).toBe(false)
  })

  it('refuses a short secret, naming its length', () => {
    expect(problemsOf({ APP_ENV: 'production', PAYLOAD_SECRET: 'short', PREVIEW_SECRET, REVALIDATE_SECRET })).toEqual([
      'PAYLOAD_SECRET: must be at least 32 characters (got 5)',
    ])
  })

  it.each([EXAMPLE_SECRET, DEVELOPMENT_SECRET])(
    'refuses the published secret %s in production and staging',
    (secret) => {
      for (const APP_ENV of ['production', 'staging']) {
        expect(problemsOf({ APP_ENV, PAYLOAD_SECRET: secret, PREVIEW_SECRET, REVALIDATE_SECRET })[0]).toMatch(
          /^PAYLOAD_SECRET: is a published example/,
        )
      }
    },
  )

  it('names every invalid variable at once', () => {
    const problems = problemsOf({
      APP_ENV: 'prod',
      PORT: 'eighty',
      DATABASE_URL: 'mysql://db/cms',
      CORS_ORIGINS: 'not a url',
    })
    expect(problems.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['APP_ENV', 'PORT', 'DATABASE_URL', 'CORS_ORIGINS.0']),
    )
    expect(problems.find((p) => p.startsWith('DATABASE_URL'))).toContain(
      'use file: (SQLite), postgres:// (PostgreSQL) or mongodb:// (MongoDB)',
    )
  })

  it('requires ADMIN_EMAIL and ADMIN_PASSWORD together, and a long password', () => {
    expect(problemsOf({ ADMIN_EMAIL: 'a@b.co' })).toEqual([
      'ADMIN_PASSWORD: ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
    ])
    expect(problemsOf({ ADMIN_EMAIL: 'a@b.co', ADMIN_PASSWORD: 'short' })[0]).toMatch(
      /^ADMIN_PASSWORD: .*at least 12 characters/,
    )
    expect(problemsOf({ ADMIN_EMAIL: 'a@b.co', ADMIN_PASSWORD: 'password1234' })[0]).toMatch(
      /^ADMIN_PASSWORD: .*too common/,
    )
    expect(problemsOf({ ADMIN_EMAIL: 'boss@example.com', ADMIN_PASSWORD: 'Boss@Example.com' })).toEqual([
      'ADMIN_PASSWORD: The password must not be your email address or name.',
    ])
    expect(parseEnv({ ADMIN_EMAIL: 'boss@example.com', ADMIN_PASSWORD: 'a sensible passphrase' }).admin?.password).toBe(
      'a sensible passphrase',
    )
  })

  it('accepts a valid production configuration and keeps demo seeding off by default', () => {
    const env = parseEnv({
      APP_ENV: 'production',
      PAYLOAD_SECRET: GOOD_SECRET,
      PREVIEW_SECRET,
      REVALIDATE_SECRET,
      DATABASE_URL: 'postgres://cms:pw@db:5432/cms',
      DATABASE_POOL_MAX: '25',
      PUBLIC_URL: 'https://cms.example.com/',
      CORS_ORIGINS: 'https://example.com, https://www.example.com',
    })
    expect(env.isProduction).toBe(true)
    expect(env.seedOnStart).toBe(false)
    expect(env.graphqlPlayground).toBe(false)
    expect(env.publicUrl).toBe('https://cms.example.com')
    expect(env.database).toMatchObject({ kind: 'postgres', poolMax: 25 })
    expect(env.corsOrigins).toEqual(['https://example.com', 'https://www.example.com'])
  })

  it('notifies the site processes in SITE_INVALIDATE_URLS when set, else SITE_URL', () => {
    expect(parseEnv({ SITE_URL: 'https://www.example.com/' }).siteInvalidateUrls).toEqual(['https://www.example.com'])
    const env = parseEnv({
      SITE_URL: 'https://www.example.com',
      SITE_INVALIDATE_URLS: 'http://site-1:4321/, http://site-2:4321',
    })
    expect(env.siteUrl).toBe('https://www.example.com')
    expect(env.siteInvalidateUrls).toEqual(['http://site-1:4321/', 'http://site-2:4321'])
    expect(() => parseEnv({ SITE_INVALIDATE_URLS: 'not a url' })).toThrow(/SITE_INVALIDATE_URLS/)
  })

  it('reads REDIRECT_ALLOWED_HOSTS as lower-cased host names, and refuses URLs or ports', () => {
    expect(parseEnv({}).redirectAllowedHosts).toEqual([])
    expect(parseEnv({ REDIRECT_ALLOWED_HOSTS: ' Partner.example, *.docs.example,,' }).redirectAllowedHosts).toEqual([
      'partner.example',
      '*.docs.example',
    ])
    for (const bad of ['https://partner.example', 'partner.example:8443', 'a b'])
      expect(() => parseEnv({ REDIRECT_ALLOWED_HOSTS: bad }), bad).toThrow(/REDIRECT_ALLOWED_HOSTS/)
  })

  it('keeps the GraphQL playground out of production even when asked for', () => {
    expect(
      parseEnv({
        APP_ENV: 'staging',
        PAYLOAD_SECRET: GOOD_SECRET,
        PREVIEW_SECRET,
        REVALIDATE_SECRET,
        GRAPHQL_PLAYGROUND: 'true',
      }).graphqlPlayground,
    ).toBe(true)
    expect(
      parseEnv({
        APP_ENV: 'production',
        PAYLOAD_SECRET: GOOD_SECRET,
        PREVIEW_SECRET,
        REVALIDATE_SECRET,
        GRAPHQL_PLAYGROUND: 'true',
      }).graphqlPlayground,
    ).toBe(false)
  })

  it('bounds body nesting and request time: defaults, the development allowance, validation', () => {
    expect(parseEnv({ APP_ENV: 'test' })).toMatchObject({
      bodyMaxDepth: 100,
      requestTimeoutMs: 30_000,
      uploadTimeoutMs: 120_000,
    })
    expect(parseEnv({}).requestTimeoutMs).toBe(120_000)
    expect(parseEnv({ BODY_MAX_DEPTH: '64', REQUEST_TIMEOUT_MS: '5000', UPLOAD_TIMEOUT_MS: '600000' })).toMatchObject({
      bodyMaxDepth: 64,
      requestTimeoutMs: 5000,
      uploadTimeoutMs: 600_000,
    })
    const problems = problemsOf({ BODY_MAX_DEPTH: '100000', REQUEST_TIMEOUT_MS: 'soon', UPLOAD_TIMEOUT_MS: '0' })
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'BODY_MAX_DEPTH',
      'REQUEST_TIMEOUT_MS',
      'UPLOAD_TIMEOUT_MS',
    ])
  })

  it('runs one server process unless WEB_CONCURRENCY asks for more (1–64)', () => {
    expect(parseEnv({}).webConcurrency).toBe(1)
    expect(parseEnv({ WEB_CONCURRENCY: '4' }).webConcurrency).toBe(4)
    for (const bad of ['0', '65', 'two', '1.5'])
      expect(problemsOf({ WEB_CONCURRENCY: bad }).join()).toMatch(/^WEB_CONCURRENCY: /)
  })

  it("leaves the projection store's disk reserve to its default unless FAST_READ_STORE_RESERVE_BYTES sets one", () => {
    expect(parseEnv({}).fastReadStoreReserveBytes).toBeUndefined()
    expect(parseEnv({ FAST_READ_STORE_RESERVE_BYTES: '' }).fastReadStoreReserveBytes).toBeUndefined()
    expect(parseEnv({ FAST_READ_STORE_RESERVE_BYTES: '0' }).fastReadStoreReserveBytes).toBe(0)
    expect(parseEnv({ FAST_READ_STORE_RESERVE_BYTES: '5368709120' }).fastReadStoreReserveBytes).toBe(5 * 1024 ** 3)
    for (const bad of ['-1', 'lots', '1.5'])
      expect(problemsOf({ FAST_READ_STORE_RESERVE_BYTES: bad }).join()).toMatch(/^FAST_READ_STORE_RESERVE_BYTES: /)
  })

  it('reports server errors only with a well-formed SENTRY_DSN', () => {
    expect(parseEnv({}).errorReporting).toBeUndefined()
    expect(parseEnv({ SENTRY_DSN: 'https://key@o1.ingest.sentry.io/12', SENTRY_RELEASE: 'v1' }).errorReporting).toEqual(
      {
        dsn: {
          endpoint: 'https://o1.ingest.sentry.io/api/12/envelope/',
          publicKey: 'key',
          dsn: 'https://key@o1.ingest.sentry.io/12',
        },
        release: 'v1',
      },
    )
    for (const bad of ['sentry', 'ftp://key@host/1', 'https://host/1', 'https://key@host/'])
      expect(problemsOf({ SENTRY_DSN: bad }).join()).toMatch(/^SENTRY_DSN: must be a Sentry DSN/)
  })

  it('keeps media on disk unless a bucket and both credentials are set together', () => {
    expect(parseEnv({}).media.s3).toBeUndefined()
    const s3 = { S3_BUCKET: 'mspn', S3_ACCESS_KEY_ID: 'key-id', S3_SECRET_ACCESS_KEY: 'a-secret-access-key' }
    expect(parseEnv(s3).media.s3).toEqual({
      bucket: 'mspn',
      region: 'us-east-1',
      endpoint: undefined,
      forcePathStyle: false,
      accessKeyId: 'key-id',
      secretAccessKey: 'a-secret-access-key',
    })
    expect(
      parseEnv({ ...s3, S3_ENDPOINT: 'http://minio:9000', S3_REGION: 'eu-west-3', S3_FORCE_PATH_STYLE: 'true' }).media
        .s3,
    ).toMatchObject({ endpoint: 'http://minio:9000', region: 'eu-west-3', forcePathStyle: true })
    const { S3_SECRET_ACCESS_KEY: _secret, ...withoutSecret } = s3
    const [partial, ...others] = problemsOf(withoutSecret)
    expect(others).toEqual([])
    expect(partial).toMatch(
      /^S3_SECRET_ACCESS_KEY: S3 storage needs S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/,
    )
    // A problem names the missing variables, never the values given.
    expect(partial).not.toContain('key-id')
    expect(problemsOf({ S3_ENDPOINT: 'http://minio:9000' })).toEqual([
      'S3_ENDPOINT: is set but neither S3_BUCKET nor BACKUP_S3_BUCKET is: set a bucket and the credentials, or unset S3_ENDPOINT',
    ])
    // Backups alone may use the service: media stay on disk, the connection serves BACKUP_S3_BUCKET.
    const backupsOnly = { ...withoutBucket(s3), S3_ENDPOINT: 'http://minio:9000', BACKUP_S3_BUCKET: 'backups' }
    expect(() => parseEnv(backupsOnly)).not.toThrow()
    expect(parseEnv(backupsOnly).media.s3).toBeUndefined()
    expect(parseEnv(backupsOnly).s3Connection.credentials).toEqual({
      accessKeyId: 'key-id',
      secretAccessKey: 'a-secret-access-key',
    })
    const { S3_SECRET_ACCESS_KEY: _unused, ...backupsWithoutSecret } = backupsOnly
    expect(problemsOf(backupsWithoutSecret)).toEqual([
      'S3_SECRET_ACCESS_KEY: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together',
    ])
    expect(problemsOf({ ...s3, S3_BUCKET: 'Not_A_Bucket' }).join()).toMatch(/^S3_BUCKET: must be an S3 bucket name/)
    expect(problemsOf({ ...s3, S3_ENDPOINT: 'ftp://minio' }).join()).toMatch(/^S3_ENDPOINT: /)
  })

  it("refuses docker-compose's default S3 secret in production", () => {
    const production = { APP_ENV: 'production', PAYLOAD_SECRET: GOOD_SECRET, PREVIEW_SECRET, REVALIDATE_SECRET }
    const compose = {
      S3_BUCKET: 'mspn',
      S3_ACCESS_KEY_ID: 'mspn-minio',
      S3_SECRET_ACCESS_KEY: 'mspn-minio-secret-change-me',
    }
    expect(problemsOf({ ...production, ...compose })).toEqual([
      "S3_SECRET_ACCESS_KEY: is docker-compose's published default; set your own when APP_ENV=production (e.g. `openssl rand -hex 32`)",
    ])
    expect(parseEnv({ ...compose }).media.s3?.bucket).toBe('mspn')
    expect(parseEnv({ ...production, ...compose, S3_SECRET_ACCESS_KEY: GOOD_SECRET }).media.s3?.bucket).toBe('mspn')
  })

  it('classifies database URLs and hides passwords when printing them', () => {
    expect(databaseKindOf('file:./x.db')).toBe('sqlite')
    expect(databaseKindOf('postgresql://h/db')).toBe('postgres')
    expect(databaseKindOf('mongodb+srv://cluster.example.net/db')).toBe('mongodb')
    expect(databaseKindOf('mysql://h/db')).toBeNull()
    expect(redactUrl('postgres://cms:s3cret@db:5432/cms')).toBe('postgres://cms:***@db:5432/cms')
  })
})

describe('a misconfigured process', () => {
  const cmsDir = path.resolve(import.meta.dirname, '../..')
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
      cwd: cmsDir,
      env: { NODE_ENV: 'production', PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    })

  it('exits 1 with one readable message and no stack trace on a short production secret', () => {
    const result = run({ APP_ENV: 'production', PAYLOAD_SECRET: 'too-short', PREVIEW_SECRET, REVALIDATE_SECRET })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('Invalid environment configuration:')
    expect(result.stderr).toContain('PAYLOAD_SECRET: must be at least 32 characters (got 9)')
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it('exits 1 naming DATABASE_URL when its scheme is unknown', () => {
    const result = run({ DATABASE_URL: 'mysql://root:pw@localhost/cms' })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('DATABASE_URL: unsupported scheme in "mysql://root:***@localhost/cms"')
    expect(result.stderr).not.toContain(':pw@')
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })
})
