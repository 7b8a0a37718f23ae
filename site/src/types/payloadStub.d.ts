/**
 * cms/src/payload-types.ts ends with `declare module 'payload' { interface GeneratedTypes … }`.
 * TypeScript only accepts that augmentation when a module named 'payload' is in the program,
 * and the site never imports Payload itself. This empty stand-in satisfies it, and keeps
 * Payload's very large type graph out of the site's type check (seconds instead of ~10 s).
 */
declare module 'payload' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface GeneratedTypes {}
}
