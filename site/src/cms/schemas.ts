/**
 * Zod schemas for everything the site renders, one file per concept under ./schemas/.
 * They are lenient where Payload sends null for unset fields, strict where a page cannot do
 * without (slug, title, a demo's kind), and tied to cms/src/payload-types.ts at compile time.
 */
export * from './generated/blocks.ts';
export * from './schemas/category.ts';
export * from './schemas/common.ts';
export * from './schemas/demo.ts';
export * from './schemas/globals.ts';
export * from './schemas/inquiry.ts';
export * from './schemas/layout.ts';
export * from './schemas/lexical.ts';
export * from './schemas/link.ts';
export * from './schemas/media.ts';
export * from './schemas/page.ts';
export * from './schemas/paginated.ts';
export * from './schemas/post.ts';
export * from './schemas/project.ts';
export * from './schemas/seo.ts';
export * from './schemas/service.ts';
export * from './schemas/testimonial.ts';
