import os from 'node:os'
import { defineConfig } from 'vitest/config'

/**
 * Unit and HTTP-level tests of the CMS door. Tests talk to real node:http servers on
 * 127.0.0.1 (no fetch mocks), so network behaviour — timeouts, resets, refused ports — is real.
 */
/** Islands run on Preact in the browser (astro.config.mjs); tests render them the same way. */
const preactCompat = [
  { find: /^react-dom\/server$/, replacement: 'preact/compat/server' },
  { find: /^react\/jsx-(dev-)?runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react(-dom)?$/, replacement: 'preact/compat' },
]

export default defineConfig({
  resolve: { alias: preactCompat },
  test: {
    // Vitest's default leaves one core idle (one worker on a 2-core machine) while files wait on sockets.
    maxWorkers: Math.max(2, Math.min(os.availableParallelism(), 4)),
    environment: 'node',
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**'] } },
      // End-to-end files serve the site's server build, made once in test/e2e/globalSetup.ts (dist/);
      // static.e2e.test.ts makes the builds it tests. One file at a time, after the rest.
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/globalSetup.ts'],
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
    // The caller's shell must not change results (test/setup/env.ts).
    setupFiles: ['test/setup/env.ts'],
    testTimeout: 10_000,
    reporters: ['default'],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.d.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: { statements: 60, lines: 60, functions: 60, branches: 60 },
    },
  },
})
