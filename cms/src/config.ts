/**
 * Builds the Payload configuration from a validated environment. Kept apart from
 * payload.config.ts so tests can build one configuration per database.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildConfig, type SanitizedConfig } from 'payload'
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import sharp from 'sharp'

import { Categories } from './collections/Categories'
import { Demos } from './collections/Demos'
import { Inquiries } from './collections/Inquiries'
import { mediaCollection } from './collections/Media'
import { Pages } from './collections/Pages'
import { Posts } from './collections/Posts'
import { Projects } from './collections/Projects'
import { Services } from './collections/Services'
import { Testimonials } from './collections/Testimonials'
import { Users } from './collections/Users'
import { databaseAdapter } from './database'
import { smtpEmailAdapter } from './email'
import type { Env } from './env'
import { Footer } from './globals/Footer'
import { Navigation } from './globals/Navigation'
import { SiteSettings } from './globals/SiteSettings'
import { withCollectionEvents, withGlobalEvents } from './hooks/contentEvents'
import { queryValueErrors } from './hooks/queryValueErrors'
import { hardenInternalCollections } from './internalCollections'

const srcDir = path.dirname(fileURLToPath(import.meta.url))

export const API_ROUTE = '/api/v1'
/** Deepest relationship population a request may ask for. */
export const MAX_DEPTH = 4
/** Upper bound of GraphQL query cost (fields and nested lists weighted by Payload). */
export const GRAPHQL_MAX_COMPLEXITY = 600
/** Largest file an editor may upload. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024

export interface ConfigOptions {
  /** Let Drizzle push the schema (development hot reload, throwaway test databases). */
  push?: boolean
}

export async function createConfig(env: Env, options: ConfigOptions = {}): Promise<SanitizedConfig> {
  const config = await buildConfig({
    secret: env.secret,
    serverURL: env.publicUrl,
    telemetry: false,
    logger: { options: { level: env.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie', '*.password'] } },
    // Never put stack traces in API responses; they go to the log.
    debug: false,
    routes: { api: API_ROUTE, admin: '/admin', graphQL: '/graphql', graphQLPlayground: '/graphql-playground' },
    admin: {
      user: Users.slug,
      importMap: { baseDir: srcDir },
      meta: { titleSuffix: ' · MSPN DEV' },
      // The default Gravatar avatar would call a third-party host from every admin page.
      avatar: 'default',
    },
    collections: [Pages, Posts, Services, Projects, Demos, Testimonials, Categories, mediaCollection(env.mediaDir), Inquiries, Users].map(
      withCollectionEvents,
    ),
    globals: [SiteSettings, Navigation, Footer].map(withGlobalEvents),
    editor: lexicalEditor(),
    db: databaseAdapter(env.database, { push: options.push }),
    sharp,
    maxDepth: MAX_DEPTH,
    defaultDepth: 1,
    graphQL: { maxComplexity: GRAPHQL_MAX_COMPLEXITY, disablePlaygroundInProduction: true },
    cors: env.corsOrigins,
    csrf: env.corsOrigins,
    upload: { limits: { fileSize: MAX_UPLOAD_BYTES } },
    typescript: { outputFile: path.resolve(srcDir, 'payload-types.ts') },
    jobs: {
      // Runs scheduled publish/unpublish; tests drive jobs themselves.
      autoRun: env.isTest ? [] : [{ cron: '* * * * *', queue: 'default', limit: 20 }],
    },
    email: env.smtpUrl ? smtpEmailAdapter(env.smtpUrl, env.emailFrom) : undefined,
    hooks: { afterError: [queryValueErrors] },
  })
  return hardenInternalCollections(config)
}
