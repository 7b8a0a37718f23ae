// Generated from cms/src/blocks by `npm run generate:types --workspace cms`: do not edit.
/**
 * The page-builder blocks, each reduced to what its renderer shows. Relationship fields arrive
 * populated (queries ask for enough depth); whatever could not be populated is dropped rather
 * than passed on as a bare ID.
 */
import type { CallToActionBlock, ContactFormBlock, DemoEmbedBlock, FaqBlock, HeroBlock, MediaBlock, ProjectsGridBlock, RichTextBlock, ServicesGridBlock, TestimonialsBlock } from '@cms/types';
import { z } from 'zod';

import { fieldSchemas, relationSchemas } from '../schemas/blockFields.ts';
import { exactly, type FieldsOf } from '../schemas/cmsTypes.ts';
import { lenientEnum, list, populated, populatedList, text } from '../schemas/common.ts';
import { richTextSchema } from '../schemas/lexical.ts';

/** Fields every block has: its row ID and the optional label editors give it. */
const meta = { id: text(), blockName: text() };

export const heroBlockSchema = z.object({
  ...meta,
  blockType: z.literal('hero'),
  eyebrow: text(),
  heading: z.string(),
  subheading: text(),
  image: populated(relationSchemas.media),
  actions: list(z.object({ link: fieldSchemas.link })),
} satisfies FieldsOf<HeroBlock>);

export const richTextBlockSchema = z.object({
  ...meta,
  blockType: z.literal('richText'),
  content: richTextSchema,
  width: lenientEnum(exactly<NonNullable<RichTextBlock['width']>>()(['narrow', 'normal', 'wide'])),
} satisfies FieldsOf<RichTextBlock>);

export const callToActionBlockSchema = z.object({
  ...meta,
  blockType: z.literal('callToAction'),
  heading: z.string(),
  body: text(),
  link: fieldSchemas.link,
} satisfies FieldsOf<CallToActionBlock>);

export const mediaBlockSchema = z.object({
  ...meta,
  blockType: z.literal('mediaBlock'),
  media: populated(relationSchemas.media),
  caption: text(),
} satisfies FieldsOf<MediaBlock>);

export const servicesGridBlockSchema = z.object({
  ...meta,
  blockType: z.literal('servicesGrid'),
  heading: text(),
  intro: text(),
  services: populatedList(relationSchemas.services),
} satisfies FieldsOf<ServicesGridBlock>);

export const projectsGridBlockSchema = z.object({
  ...meta,
  blockType: z.literal('projectsGrid'),
  heading: text(),
  intro: text(),
  projects: populatedList(relationSchemas.projects),
  limit: z.number().nullish(),
} satisfies FieldsOf<ProjectsGridBlock>);

export const testimonialsBlockSchema = z.object({
  ...meta,
  blockType: z.literal('testimonials'),
  heading: text(),
  testimonials: populatedList(relationSchemas.testimonials),
} satisfies FieldsOf<TestimonialsBlock>);

export const faqBlockSchema = z.object({
  ...meta,
  blockType: z.literal('faq'),
  heading: text(),
  items: list(z.object({ question: z.string(), answer: z.string() })),
} satisfies FieldsOf<FaqBlock>);

export const demoEmbedBlockSchema = z.object({
  ...meta,
  blockType: z.literal('demoEmbed'),
  demo: populated(relationSchemas.demos),
  heading: text(),
} satisfies FieldsOf<DemoEmbedBlock>);

export const contactFormBlockSchema = z.object({
  ...meta,
  blockType: z.literal('contactForm'),
  heading: text(),
  intro: text(),
  submitLabel: text(),
  successMessage: text(),
  showBudget: z.boolean().nullish(),
} satisfies FieldsOf<ContactFormBlock>);

/** Every block the site can render, picked by `blockType`. */
export const knownBlockSchema = z.discriminatedUnion('blockType', [
  heroBlockSchema,
  richTextBlockSchema,
  callToActionBlockSchema,
  mediaBlockSchema,
  servicesGridBlockSchema,
  projectsGridBlockSchema,
  testimonialsBlockSchema,
  faqBlockSchema,
  demoEmbedBlockSchema,
  contactFormBlockSchema,
]);

export type KnownBlock = z.output<typeof knownBlockSchema>;
export type KnownBlockType = KnownBlock['blockType'];
export type BlockOfType<T extends KnownBlockType> = Extract<KnownBlock, { blockType: T }>;
