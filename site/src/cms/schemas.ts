/**
 * Zod schemas for everything the site renders: shared pieces under ./schemas/, each
 * collection's own in its file under ./collections/. They are lenient where Payload sends null
 * for unset fields, strict where a page cannot do without (slug, title, a demo's kind), and
 * tied to cms/src/payload-types.ts at compile time.
 */
export * from './generated/blocks.ts'
export * from './schemas/common.ts'
export * from './schemas/globals.ts'
export * from './schemas/inquiry.ts'
export * from './schemas/layout.ts'
export * from './schemas/lexical.ts'
export * from './schemas/link.ts'
export * from './schemas/media.ts'
export * from './schemas/paginated.ts'
export * from './schemas/seo.ts'
