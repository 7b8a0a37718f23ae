/**
 * Runs before every test file of the projects that share imported modules between files
 * (`isolate: false` in vitest.config.ts): Payload, Next and the CMS source are imported once per
 * worker instead of once per file. What a file could inherit from the file before it is process-wide
 * state, so this file puts it back to what a fresh process has.
 */
import { resetSiteLinkStatus } from '../../src/server/siteLinkStatus'

type PayloadCaches = typeof globalThis & {
  /** getPayload's instances by key; a previous file's entry is a destroyed instance on a dropped database. */
  _payload?: Map<string, unknown>
  _payload_clientConfigs?: Record<string, unknown>
  _payload_schemaMap?: unknown
  _payload_clientSchemaMap?: unknown
}

const caches = globalThis as PayloadCaches
caches._payload?.clear()
caches._payload_clientConfigs = {}
caches._payload_schemaMap = null
caches._payload_clientSchemaMap = null
resetSiteLinkStatus()
