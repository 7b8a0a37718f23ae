/**
 * Builds the Payload configuration from a validated environment. Kept apart from
 * payload.config.ts so tests can build one configuration per database.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildConfig, type SanitizedConfig } from 'payload'
import { lexicalEditor } from '@payloadcms/richtext-lexical'

import { Categories } from './collections/Categories'
import { Demos } from './collections/Demos'
import { Inquiries } from './collections/Inquiries'
import { mediaCollection } from './collections/Media'
import { Pages } from './collections/Pages'
import { Posts } from './collections/Posts'
import { Projects } from './collections/Projects'
import { redirectsCollection } from './collections/Redirects'
import { withSlugRedirects } from './collections/Redirects/slugRedirects'
import { Services } from './collections/Services'
import { Testimonials } from './collections/Testimonials'
import { AuditLogs } from './collections/AuditLogs'
import { usersCollection } from './collections/Users'
import { databaseAdapter } from './database'
import { emailAdapter } from './email'
import { payloadLogger } from './server/logger'
import type { Env } from './env'
import { Footer } from './globals/Footer'
import { Navigation } from './globals/Navigation'
import { SiteSettings } from './globals/SiteSettings'
import { auditLoginFailure } from './audit/auditLoginFailure'
import { withCollectionAudit, withGlobalAudit } from './audit/auditTrail'
import { withCollectionEvents, withGlobalEvents } from './hooks/contentEvents'
import { limitedSharp } from './uploads/limitedSharp'
import { malformedMultipart } from './uploads/malformedMultipart'
import { mediaStorage, storageUnavailable } from './uploads/mediaStorage'
import { previewDraftEndpoint, previewGlobalEndpoint } from './preview/previewDraftEndpoint'
import { livePreview, withGlobalPreview, withPreview } from './preview/previewLinks'
import { databaseUnavailable } from './hooks/databaseUnavailable'
import { rememberServerError } from './hooks/rememberServerError'
import { queryValueErrors } from './server/guards/queryValueErrors'
import { hardenInternalCollections } from './internalCollections'
import { withValueTypeGuards } from './server/guards/valueTypes'
import { scheduledBackupTask } from './jobs/backupSchedule'
import { withScheduleEndpoints } from './jobs/scheduleEndpoint'
import { scheduleGraphql } from './jobs/scheduleGraphql'
import { notifyInquiryTask } from './collections/Inquiries/notifyInquiry'
import { adminBranding, withScheduledColumn } from './admin/adminConfig'

const srcDir = path.dirname(fileURLToPath(import.meta.url))

export const API_ROUTE = '/api/v1'
/** Deepest relationship population a request may ask for. */
export const MAX_DEPTH = 4
/** Upper bound of GraphQL query cost (fields and nested lists weighted by Payload). */
export const GRAPHQL_MAX_COMPLEXITY = 600

function formatBytes(bytes: number): string {
  return bytes >= 1_048_576 ? `${Math.round((bytes / 1_048_576) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`
}

export interface ConfigOptions {
  /** Let Drizzle push the schema (development hot reload, throwaway test databases). */
  push?: boolean
  /**
   * Payload's own regeneration of payload-types.ts in a child process at each non-production start
   * (default on, as Payload does it). The test suite's in-process instances turn it off: about 6 s of
   * CPU per test file that only rewrites the types file beneath the running suite.
   */
  generateTypes?: boolean
}

export async function createConfig(env: Env, options: ConfigOptions = {}): Promise<SanitizedConfig> {
  const preview = { siteUrl: env.siteUrl, secret: env.previewSecret }
  const config = await buildConfig({
    secret: env.secret,
    serverURL: env.publicUrl,
    telemetry: false,
    logger: payloadLogger(env),
    // Never put stack traces in API responses; they go to the log.
    debug: false,
    routes: { api: API_ROUTE, admin: '/admin', graphQL: '/graphql', graphQLPlayground: '/graphql-playground' },
    admin: {
      user: 'users',
      importMap: { baseDir: srcDir },
      // Name, logo, icon, favicon and the dashboard (src/admin/).
      ...adminBranding,
      // The default Gravatar avatar would call a third-party host from every admin page.
      avatar: 'default',
      // Draft preview on the site (signed, short-lived links; see src/preview/).
      livePreview: livePreview(preview),
      components: {
        ...adminBranding.components,
        // Unread inquiries, below the collection links (editors and admins).
        afterNavLinks: ['/collections/Inquiries/components/UnreadInquiries#UnreadInquiries'],
      },
    },
    collections: [
      ...[
        Pages,
        Posts,
        Services,
        Projects,
        Demos,
        Testimonials,
        Categories,
        mediaCollection({ staticDir: env.mediaDir, maxPixels: env.mediaMaxPixels }),
        redirectsCollection({ allowedHosts: env.redirectAllowedHosts }),
        Inquiries,
        usersCollection({ apiKeyOverlapSeconds: env.apiKeyRotationOverlapSeconds }),
      ]
        .map((collection) =>
          withScheduleEndpoints(withCollectionAudit(withCollectionEvents(withSlugRedirects(collection)))),
        )
        .map(withScheduledColumn)
        .map(withPreview(preview)),
      // The audit trail is neither audited nor published content.
      AuditLogs,
    ],
    endpoints: [previewDraftEndpoint(env.previewSecret), previewGlobalEndpoint(env.previewSecret)],
    globals: [SiteSettings, Navigation, Footer]
      .map((global) => withGlobalAudit(withGlobalEvents(global)))
      .map(withGlobalPreview(preview)),
    hooks: {
      afterError: [
        databaseUnavailable,
        storageUnavailable,
        queryValueErrors,
        malformedMultipart,
        auditLoginFailure,
        rememberServerError,
      ],
    },
    // Media files in a shared bucket when S3 is configured (uploads/mediaStorage.ts), else on disk.
    plugins: [mediaStorage(env.media.s3)],
    editor: lexicalEditor(),
    db: await databaseAdapter(env.database, { push: options.push }),
    // Every image Payload opens is refused above the pixel limit (decompression bombs).
    sharp: limitedSharp(env.mediaMaxPixels),
    maxDepth: MAX_DEPTH,
    defaultDepth: 1,
    graphQL: { maxComplexity: GRAPHQL_MAX_COMPLEXITY, disablePlaygroundInProduction: true, ...scheduleGraphql() },
    cors: env.corsOrigins,
    csrf: env.corsOrigins,
    upload: {
      limits: { fileSize: env.mediaMaxBytes },
      // The whole multipart body: the file plus room for the other fields.
      requestSizeLimit: env.mediaMaxBytes + 1_048_576,
      abortOnLimit: true,
      // A string, not a limitHandler function: this object also reaches the admin panel's client
      // config, where a function breaks every document view.
      responseOnLimit: `The file is larger than ${formatBytes(env.mediaMaxBytes)}.`,
    },
    typescript: {
      outputFile: path.resolve(srcDir, 'payload-types.ts'),
      autoGenerate: options.generateTypes ?? true,
    },
    // Scheduled publish/unpublish jobs are run by the server process's own runner (src/jobs/), which
    // starts with the process and claims each job atomically; Payload's cron would start only on the
    // first request and can run one job in two processes.
    // Inquiry notifications (collections/Inquiries/notifyInquiry.ts) are jobs too, retried with backoff.
    // Scheduled backups (jobs/backupSchedule.ts) too: queued by every runner, run by one process.
    jobs: { autoRun: [], tasks: [notifyInquiryTask, scheduledBackupTask(env)] },
    email: emailAdapter(env.smtpUrl, env.emailFrom),
  })
  return withValueTypeGuards(hardenInternalCollections(config))
}
