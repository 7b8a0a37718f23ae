import type { Block } from 'payload'

export const DemoEmbed: Block = {
  slug: 'demoEmbed',
  interfaceName: 'DemoEmbedBlock',
  labels: { singular: 'Demo embed', plural: 'Demo embeds' },
  fields: [
    { name: 'demo', type: 'relationship', relationTo: 'demos', required: true },
    { name: 'heading', type: 'text', maxLength: 120 },
  ],
}
