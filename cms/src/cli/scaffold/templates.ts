/**
 * What the scaffold writes: new files whole, and the one-line entries it adds to existing files.
 * Each template is the smallest thing that works before anyone edits it; the run formats what it
 * wrote with the repository's Prettier config.
 */
import type { Names } from './names'

export interface CollectionOptions {
  routed: boolean
  previewable: boolean
  inNav: boolean
}

export function collectionConfig(n: Names): string {
  return `/**
 * ${n.label}: scaffolded by \`npm run new:collection\`. Editorial like services and projects:
 * drafts, scheduled publishing and history, public once published. Add its own fields here.
 */
import { seoField } from '../../fields/seo'
import { slugField } from '../../fields/slug'
import { editorialCollection } from '../editorial'

export const ${n.pascal} = editorialCollection({
  slug: '${n.slug}',
  admin: { defaultColumns: ['title', '_status', 'updatedAt'] },
  fields: [
    { name: 'title', type: 'text', required: true, maxLength: 120 },
    slugField(),
    { name: 'summary', type: 'textarea', maxLength: 300 },
    { name: 'body', type: 'richText' },
    { name: 'publishedAt', type: 'date', admin: { position: 'sidebar' } },
    seoField(),
  ],
})
`
}

export function registryEntry(n: Names, options: CollectionOptions): string {
  const facts = [
    'public: true',
    ...(options.previewable ? ['previewable: true'] : []),
    ...(options.routed ? [`route: '/${n.slug}'`] : []),
    "defaultSort: '-publishedAt'",
  ]
  return `  ${/^[a-z][a-zA-Z0-9]*$/.test(n.slug) ? n.slug : `'${n.slug}'`}: { ${facts.join(', ')} },\n`
}

/** Seed stub: one published example, so the section is not empty on a fresh install. */
export function seedStub(n: Names): string {
  return `  // ${n.label} (scaffolded): one published example; edit or remove.
  await ensure('${n.slug}', 'slug', '${n.slug}-example', () => ({ title: '${n.label} example', slug: '${n.slug}-example', _status: 'published' }))
`
}

/** The site's file for the collection: zod schemas and what each read selects; its sort is the registry's. */
export function siteCollection(n: Names): string {
  return `/**
 * ${n.label} on the site (scaffolded): the schemas each answer is checked with and the fields each
 * read asks for (derived from the schemas). Add fields here as they are added to the CMS collection.
 */
import type { Config } from '@cms/types'
import { z } from 'zod'

import type { FieldsOf } from '../schemas/cmsTypes.ts'
import { idSchema, slugSchema, text, titleSchema } from '../schemas/common.ts'
import { richTextSchema } from '../schemas/lexical.ts'
import { MEDIA_FULL } from '../schemas/media.ts'
import { SEO, seoSchema } from '../schemas/seo.ts'
import { defineCollection } from './define.ts'

type Doc = Config['collections']['${n.slug}']

export const ${n.camel}CardSchema = z.object({
  id: idSchema,
  title: titleSchema,
  slug: slugSchema,
  summary: text(),
} satisfies FieldsOf<Doc>)

export const ${n.camel}Schema = ${n.camel}CardSchema.extend({
  body: richTextSchema.nullish(),
  seo: seoSchema,
} satisfies FieldsOf<Doc>)

export type ${n.pascal}Card = z.output<typeof ${n.camel}CardSchema>
export type ${n.pascal}Doc = z.output<typeof ${n.camel}Schema>

export const ${n.camel} = defineCollection('${n.slug}', {
  card: { schema: ${n.camel}CardSchema, depth: 0 },
  doc: { schema: ${n.camel}Schema, depth: 1, groups: { seo: SEO }, populate: { media: MEDIA_FULL } },
  embeds: ['media'],
})
`
}

export function siteView(n: Names): string {
  return `---
/** One of ${n.label.toLowerCase()} (scaffolded): title, summary and body. Also its draft preview. */
import type { ${n.pascal}Doc } from '../cms/index.ts'
import PageHeader from '../components/PageHeader.astro'
import RichTextContent from '../components/RichTextContent.astro'
import BaseLayout from '../layouts/BaseLayout.astro'
import type { Chrome } from '../layouts/chrome.ts'
import { documentPath } from '../routing/hrefs.ts'

interface Props {
  doc: ${n.pascal}Doc
  chrome: Chrome
  /** A draft shown to an editor: noindex, preview banner. */
  preview?: boolean
}

const { doc, chrome, preview = false } = Astro.props
---

<BaseLayout
  chrome={chrome}
  title={doc.title}
  description={doc.summary}
  seo={doc.seo}
  preview={preview}
  path={documentPath('${n.slug}', doc.slug) ?? undefined}
>
  <PageHeader title={doc.title} lead={doc.summary} />
  <section class="section section--tight">
    <div class="container">
      <a class="back-link" href="/${n.slug}"><span aria-hidden="true">← </span>All ${n.label.toLowerCase()}</a>
      {doc.body ? <RichTextContent value={doc.body} /> : doc.summary ? <p>{doc.summary}</p> : null}
    </div>
  </section>
</BaseLayout>
`
}

export function siteIndexPage(n: Names): string {
  return `---
/** The ${n.label.toLowerCase()} index (scaffolded): every published one, in the registry's order. */
import { ${n.camel}, type ${n.pascal}Card } from '../../cms/index.ts'
import PageHeader from '../../components/PageHeader.astro'
import { content } from '../../content/index.ts'
import BaseLayout from '../../layouts/BaseLayout.astro'
import { publicPage } from '../../layouts/cachePolicy.ts'
import { loadChrome } from '../../layouts/loadChrome.ts'
import { unavailable } from '../../layouts/unavailable.ts'
import { collectionTag } from '../../server/cacheTags.ts'

const chromeLoading = loadChrome(Astro.locals)
let docs: ${n.pascal}Card[] = []
try {
  docs = (await content.list(${n.camel}))?.docs ?? []
} catch (error) {
  return unavailable(Astro, error)
}
const chrome = await chromeLoading
publicPage(Astro.response.headers, chrome, [collectionTag('${n.slug}')])
---

<BaseLayout chrome={chrome} title="${n.label}">
  <PageHeader title="${n.label}" />
  <section class="section section--tight">
    <div class="container">
      {
        docs.length > 0 ? (
          <ul>
            {docs.map((doc) => (
              <li>
                <a href={\`/${n.slug}/\${doc.slug}\`}>{doc.title}</a>
                {doc.summary ? <p>{doc.summary}</p> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p class="empty">Nothing is published here yet.</p>
        )
      }
    </div>
  </section>
</BaseLayout>
`
}

export function siteDocumentPage(n: Names): string {
  return `---
/** One of ${n.label.toLowerCase()} (scaffolded; see views/${n.pascal}View.astro). */
import type { GetStaticPaths } from 'astro'

import { ${n.camel} } from '../../cms/index.ts'
import { content } from '../../content/index.ts'
import { publicPage } from '../../layouts/cachePolicy.ts'
import { loadChrome } from '../../layouts/loadChrome.ts'
import { unavailable } from '../../layouts/unavailable.ts'
import { documentPaths } from '../../routing/staticPaths.ts'
import { collectionTag, docTag } from '../../server/cacheTags.ts'
import ${n.pascal}View from '../../views/${n.pascal}View.astro'

export const staticPaths = (() =>
  documentPaths(async () => (await content.list(${n.camel}))?.docs ?? [])) satisfies GetStaticPaths

const chromeLoading = loadChrome(Astro.locals)
let doc
try {
  doc = await content.get(${n.camel}, Astro.params.slug ?? '')
} catch (error) {
  return unavailable(Astro, error)
}
const chrome = await chromeLoading
if (!doc) return Astro.rewrite('/404')
publicPage(Astro.response.headers, chrome, [docTag('${n.slug}', doc.id), collectionTag('media')])
---

<${n.pascal}View doc={doc} chrome={chrome} />
`
}

export function blockConfig(n: Names): string {
  return `/** ${n.label} (scaffolded by \`npm run new:block\`): a heading and rich text. Add its own fields here. */
import type { Block } from 'payload'

export const ${n.pascal}: Block = {
  slug: '${n.camel}',
  interfaceName: '${n.pascal}Block',
  labels: { singular: '${n.label}', plural: '${n.label} sections' },
  fields: [
    { name: 'heading', type: 'text', maxLength: 120 },
    { name: 'body', type: 'richText' },
  ],
}
`
}

export function blockRenderer(n: Names): string {
  return `---
/** ${n.label} (scaffolded): its heading and rich text. */
import RichTextContent from '../RichTextContent.astro'
import type { BlockProps } from './renderers.ts'

type Props = BlockProps<'${n.camel}'>

const { block } = Astro.props
---

<section class="section">
  <div class="container">
    {block.heading ? <h2>{block.heading}</h2> : null}
    {block.body ? <RichTextContent value={block.body} /> : null}
  </div>
</section>
`
}
