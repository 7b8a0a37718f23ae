import type { Block } from 'payload'

export const Testimonials: Block = {
  slug: 'testimonials',
  interfaceName: 'TestimonialsBlock',
  labels: { singular: 'Testimonials', plural: 'Testimonials blocks' },
  fields: [
    { name: 'heading', type: 'text', maxLength: 120 },
    { name: 'testimonials', type: 'relationship', relationTo: 'testimonials', hasMany: true, required: true },
  ],
}
