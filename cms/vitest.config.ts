import os from 'node:os'
import path from 'node:path'
import { defineConfig } from 'vitest/config'

/**
 * Integration tests run once per database the run has: SQLite always, PostgreSQL and MongoDB
 * when TEST_POSTGRES_URL / TEST_MONGODB_URL name a server. Each project is its own set of workers,
 * so one Payload instance per file and database.
 */
const databases = [
  { name: 'sqlite', url: '' },
  ...(process.env.TEST_POSTGRES_URL ? [{ name: 'postgres', url: process.env.TEST_POSTGRES_URL }] : []),
  ...(process.env.TEST_MONGODB_URL ? [{ name: 'mongodb', url: process.env.TEST_MONGODB_URL }] : []),
]

/**
 * Files that test the HTTP host, limits, webhooks and process handling, whose outcome cannot depend on
 * the database vendor (they use the database only as a place to keep content). They run on SQLite only;
 * everything else in test/int runs once per database. A file that reads or writes through a query the
 * adapters build differently (filters, access, versions, transactions, outages) does not belong here.
 */
const DATABASE_AGNOSTIC = [
  'test/int/cacheHits.int.test.ts',
  'test/int/errorReporting.int.test.ts',
  'test/int/limits.int.test.ts',
  'test/int/readCoalescing.int.test.ts',
  'test/int/serverRole.int.test.ts',
  'test/int/siteBuildHook.int.test.ts',
  'test/int/siteIdentity.int.test.ts',
  'test/int/siteRevalidation.int.test.ts',
  'test/int/scheduledBackupsS3.int.test.ts',
  'test/int/transport.int.test.ts',
  'test/int/workers.int.test.ts',
  'test/int/security/actionLimits.int.test.ts',
  'test/int/security/csrf.int.test.ts',
  'test/int/security/deadline.int.test.ts',
  'test/int/security/loginAnswers.int.test.ts',
  'test/int/security/redisOutage.int.test.ts',
]

/** Files about SQL itself (query plans): SQLite and PostgreSQL only. */
const SQL_ONLY = ['test/int/queryPlans.int.test.ts']

/**
 * Vitest's default on this 2-core machine is one worker, which leaves a core idle while a file waits on
 * PostgreSQL, a child process or a socket: one worker per core, at least two and at most four.
 */
const maxWorkers = Math.max(2, Math.min(os.availableParallelism(), 4))

/**
 * Integration files share a worker's imported modules (Payload, Next, the CMS source): one import per
 * worker instead of one per file, which was about 40 % of the suite's time. Every file still gets its own
 * database and Payload instance; test/setup/sharedModules.ts resets the process-wide state a file could
 * otherwise inherit. Building a Payload config sanitizes the imported collection and block definitions in
 * place, the same way in every int file; unit files read those definitions as written
 * (blockSchemas.test.ts), so `unit` keeps the default isolation, as must a file that mocks modules or
 * changes process.env.
 */
const sharedModules = { isolate: false, setupFiles: ['test/setup/sharedModules.ts'] }

export default defineConfig({
  resolve: { alias: { '@payload-config': path.resolve(import.meta.dirname, 'src/payload.config.ts') } },
  test: {
    maxWorkers,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      ...databases.map((db) => ({
        extends: true,
        test: {
          name: `int:${db.name}`,
          ...sharedModules,
          include: ['test/int/**/*.int.test.ts'],
          exclude: [...(db.name === 'sqlite' ? [] : DATABASE_AGNOSTIC), ...(db.name === 'mongodb' ? SQL_ONLY : [])],
          env: { TEST_DB: db.name, TEST_DB_URL: db.url },
        },
      })),
      // The scaffold in a scratch copy of the repository: generators, type checks, a site build, the stack.
      {
        extends: true,
        test: { name: 'scaffold', include: ['test/scaffold/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 900_000 },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          globalSetup: ['test/e2e/globalSetup.ts'],
          // A production start (migrations, seed, Next) shares the machine with other test files.
          hookTimeout: 300_000,
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/migrations/*/**', 'src/payload-types.ts', 'src/app/**'],
      reporter: ['text-summary', 'text'],
      thresholds: { statements: 70, lines: 70, functions: 70, branches: 60 },
    },
  },
})
