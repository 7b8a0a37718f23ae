/**
 * The contract between the CMS and the site: facts both sides must agree on, declared once.
 * This entry point holds data and types only (safe in a browser bundle); the formats that need
 * node:crypto have their own: `@mspn/contract/preview-token`, `@mspn/contract/signature`.
 */
export * from './collections'
export * from './contact'
export * from './contentChange'
export * from './errors'
export * from './redirects'
