import type { Block } from 'payload'
import { linkField } from '../fields/link'

export const CallToAction: Block = {
  slug: 'callToAction',
  interfaceName: 'CallToActionBlock',
  labels: { singular: 'Call to action', plural: 'Calls to action' },
  fields: [
    { name: 'heading', type: 'text', required: true, maxLength: 120 },
    { name: 'body', type: 'textarea', maxLength: 400 },
    linkField(),
  ],
}
